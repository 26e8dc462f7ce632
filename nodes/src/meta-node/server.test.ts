import { rmSync } from "node:fs";
import { SLICE_SIZE, receiptsReference, signAsWallet, verifyReceiptInclusion } from "@stratos/sdk";
import { CHAIN_ID, asNode, asWallet, get, heartbeatAll, hex32, nodeKey, payload, post, randomCid, startHarness, uploadFile, uploadRequest, walletKey, type Harness } from "./testing";

const alice = walletKey(50);
const bob = walletKey(51);

async function fund(h: Harness, wallet: string, noz: bigint): Promise<void> {
  h.chain.prepay(wallet, noz);
  await h.node.follower.pollOnce();
}

describe("meta node HTTP API", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ rnCount: 4 });
  });
  afterEach(async () => {
    await h.close();
  });

  it("status and ozone", async () => {
    await fund(h, alice.address, 1000n);
    const s = await get(h, "/v1/status");
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ address: h.metaKey.address, chain_id: CHAIN_ID, height: "2", epoch: "1", nodes: [] });
    const o = await get(h, `/v1/ozone/${alice.address}`);
    expect(o.body).toEqual({ wallet: alice.address, balance_noz: "1000", prepaid_noz: "1000", spent_noz: "0" });
    expect((await get(h, "/v1/ozone/nope")).status).toBe(400);
    expect((await get(h, "/v1/nothing")).body.code).toBe("not_found");
  });

  describe("heartbeats", () => {
    it("registers bonded, unsuspended resource nodes and reports them healthy", async () => {
      await heartbeatAll(h);
      const s = await get(h, "/v1/status");
      expect(s.body.nodes).toHaveLength(4);
      expect(s.body.nodes.every((n: { healthy: boolean }) => n.healthy)).toBe(true);
      h.clock.advance(31_000); // 3 missed heartbeats of 10 s
      expect((await get(h, "/v1/status")).body.nodes.every((n: { healthy: boolean }) => !n.healthy)).toBe(true);
    });

    it("refuses unregistered, suspended, or mis-signed heartbeats", async () => {
      const stranger = nodeKey(77);
      const hb = (k = stranger, node = k.address) => asNode(h.clock, k, "heartbeat", { node, url: "http://x.test:1", capacity_bytes: "100", used_bytes: "0", slices: "0" });
      expect((await post(h, "/v1/heartbeats", hb())).status).toBe(403);
      h.chain.addResourceNode(stranger.address, bob.address, { suspended: true });
      expect((await post(h, "/v1/heartbeats", hb())).body.code).toBe("unauthorized");
      h.chain.addResourceNode(stranger.address, bob.address);
      expect((await post(h, "/v1/heartbeats", hb())).status).toBe(200);
      // signed by one node on behalf of another
      const r = await post(h, "/v1/heartbeats", hb(stranger, h.rnKeys[0]!.address));
      expect(r.status).toBe(403);
    });

    it("activates a newly registered node once, and not again after a restart when it is suspended later", async () => {
      const fresh = nodeKey(78);
      h.chain.addResourceNode(fresh.address, bob.address, { suspended: true });
      h.chain.resourceNodes.set(fresh.address, { ...h.chain.resourceNodes.get(fresh.address)!, tokens: 5n, effectiveTokens: 0n });
      const activate = jest.spyOn(h.chain, "activateResourceNode");
      const hb = () => asNode(h.clock, fresh, "heartbeat", { node: fresh.address, url: "http://fresh.test:1", capacity_bytes: "100", used_bytes: "0", slices: "0" });
      expect((await post(h, "/v1/heartbeats", hb())).status).toBe(200);
      expect(activate).toHaveBeenCalledTimes(1);
      expect(activate).toHaveBeenCalledWith(fresh.address, 5n);
      expect(h.chain.resourceNodes.get(fresh.address)).toMatchObject({ suspended: false, effectiveTokens: 5n });
      // suspended by slashing: looks new again on chain, but this meta node activated it already
      h.chain.resourceNodes.set(fresh.address, { ...h.chain.resourceNodes.get(fresh.address)!, suspended: true, effectiveTokens: 0n });
      await h.node.service.registry.refresh();
      expect((await post(h, "/v1/heartbeats", hb())).body.code).toBe("unauthorized");
      await h.node.close();
      const restarted = await startHarness({ rnCount: 4, dir: h.dir, chain: h.chain, clock: h.clock });
      const dir = h.dir;
      h = { ...restarted, close: async () => (await restarted.close(), rmSync(dir, { recursive: true, force: true })) };
      expect((await post(h, "/v1/heartbeats", hb())).body.code).toBe("unauthorized");
      expect(activate).toHaveBeenCalledTimes(1);
    });
  });

  describe("envelopes", () => {
    beforeEach(async () => {
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
    });

    it("refuses a bad signature", async () => {
      const env = uploadRequest(h, alice, 100n);
      env.payload.size = "101"; // tampered after signing
      const r = await post(h, "/v1/uploads", env);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe("bad_signature");
    });

    it("refuses an expired envelope and one too far ahead", async () => {
      const env = uploadRequest(h, alice, 100n);
      h.clock.advance(301_000);
      expect((await post(h, "/v1/uploads", env)).body.code).toBe("expired");
      const { type: _t, chain_id: _c, nonce: _n, expires: _e, ...fields } = env.payload;
      const far = signAsWallet(payload(h.clock, "upload.request", fields, 3600), alice);
      expect((await post(h, "/v1/uploads", far)).body.code).toBe("expired");
    });

    it("refuses a replayed envelope", async () => {
      const env = uploadRequest(h, alice, 100n);
      expect((await post(h, "/v1/uploads", env)).status).toBe(200);
      const again = await post(h, "/v1/uploads", env);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("replayed");
    });

    it("refuses another chain id and malformed bodies", async () => {
      const env = signAsWallet({ ...uploadRequest(h, alice, 100n).payload, chain_id: "other" }, alice);
      expect((await post(h, "/v1/uploads", env)).body.code).toBe("wrong_chain");
      expect((await post(h, "/v1/uploads", { hello: 1 })).status).toBe(400);
      const bad = await h.node.app.inject({ method: "POST", url: "/v1/uploads", headers: { "content-type": "application/json" }, payload: "{not json" });
      expect(bad.statusCode).toBe(400);
      expect(JSON.parse(bad.body).code).toBe("bad_request");
    });
  });

  describe("uploads", () => {
    beforeEach(async () => {
      await heartbeatAll(h);
    });

    it("answers 402 ozone_insufficient with need and balance", async () => {
      await fund(h, alice.address, 100n);
      const r = await post(h, "/v1/uploads", uploadRequest(h, alice, 1000n, 3));
      expect(r.status).toBe(402);
      expect(r.body).toMatchObject({ code: "ozone_insufficient", need_noz: "3000", balance_noz: "100" });
      expect((await get(h, `/v1/ozone/${alice.address}`)).body.spent_noz).toBe("0");
    });

    it("answers 503 when fewer healthy nodes than replicas", async () => {
      await fund(h, alice.address, 10n ** 12n);
      const r = await post(h, "/v1/uploads", uploadRequest(h, alice, 1000n, 5));
      expect(r.status).toBe(503);
      expect(r.body.code).toBe("insufficient_nodes");
      expect((await get(h, `/v1/ozone/${alice.address}`)).body.spent_noz).toBe("0");
    });

    it("places replicas distinct healthy nodes per slice, signs tickets and debits size x replicas", async () => {
      await fund(h, alice.address, 10n ** 12n);
      const size = BigInt(SLICE_SIZE) * 2n + 5n;
      const req = uploadRequest(h, alice, size, 3);
      const r = await post(h, "/v1/uploads", req);
      expect(r.status).toBe(200);
      expect(r.body.cost_noz).toBe((size * 3n).toString());
      expect(r.body.placements).toHaveLength(3);
      for (const pl of r.body.placements) {
        expect(new Set(pl.holders.map((x: { node: string }) => x.node)).size).toBe(3);
        for (const holder of pl.holders) {
          expect(holder.url).toMatch(/^http:\/\/rn\d\.test:1800\d$/);
          expect(holder.ticket.signer.address).toBe(h.metaKey.address);
          expect(holder.ticket.payload).toMatchObject({ type: "put.ticket", cid: req.payload.cid, node: holder.node, wallet: alice.address, upload_id: r.body.upload_id, slice_index: pl.slice_index });
        }
      }
      expect(r.body.placements[2].holders[0].ticket.payload.slice_size).toBe("5");
      // all four nodes get used (spread)
      expect(new Set(r.body.placements.flatMap((p: { holders: { node: string }[] }) => p.holders.map((x) => x.node))).size).toBe(4);
      expect((await get(h, `/v1/ozone/${alice.address}`)).body.spent_noz).toBe((size * 3n).toString());
    });

    it("refuses wrong slice root counts, chunk sizes and zero-size files", async () => {
      await fund(h, alice.address, 10n ** 12n);
      const { type: _t, chain_id: _c, nonce: _n, expires: _e, ...base } = uploadRequest(h, alice, 100n).payload;
      const sign = (over: Record<string, unknown>) => signAsWallet(payload(h.clock, "upload.request", { ...base, ...over }), alice);
      expect((await post(h, "/v1/uploads", sign({ slice_roots: [hex32(), hex32()] }))).body.message).toMatch(/1 slices/);
      expect((await post(h, "/v1/uploads", sign({ chunk_size: "1024" }))).status).toBe(400);
      expect((await post(h, "/v1/uploads", sign({ size: "0" }))).status).toBe(400);
    });

    it("refuses an ack from an unplaced node, accepts placed ones, completes on chain with holders", async () => {
      await fund(h, alice.address, 10n ** 12n);
      const req = uploadRequest(h, alice, 1000n, 3);
      const up = (await post(h, "/v1/uploads", req)).body;
      const placed: string[] = up.placements[0].holders.map((x: { node: string }) => x.node);
      const unplaced = h.rnKeys.find((k) => !placed.includes(k.address))!;
      const t = up.placements[0].holders[0].ticket.payload;
      const ackFields = (node: string) => ({ cid: t.cid, slice_index: "0", slice_root: t.slice_root, slice_size: t.slice_size, node, upload_id: up.upload_id });
      const bad = await post(h, "/v1/acks", asNode(h.clock, unplaced, "stored.ack", ackFields(unplaced.address)));
      expect(bad.status).toBe(403);
      expect(bad.body.code).toBe("unauthorized");
      // an ack signed by another node than the one it names
      expect((await post(h, "/v1/acks", asNode(h.clock, unplaced, "stored.ack", ackFields(placed[0]!)))).status).toBe(403);

      const complete = () => post(h, `/v1/uploads/${up.upload_id}/complete`, asWallet(h.clock, alice, "upload.complete", { upload_id: up.upload_id, cid: req.payload.cid }));
      const first = h.rnKeys.find((k) => k.address === placed[0])!;
      expect((await post(h, "/v1/acks", asNode(h.clock, first, "stored.ack", ackFields(first.address)))).status).toBe(200);
      // resume state
      const st = (await get(h, `/v1/uploads/${up.upload_id}`)).body;
      expect(st.acked).toEqual([{ slice_index: "0", node: first.address }]);
      expect(st.missing).toHaveLength(2);
      const early = await complete();
      expect(early.status).toBe(409);
      expect(early.body.code).toBe("incomplete");
      expect(early.body.missing).toHaveLength(2);
      // only the uploader may complete
      const byBob = await post(h, `/v1/uploads/${up.upload_id}/complete`, asWallet(h.clock, bob, "upload.complete", { upload_id: up.upload_id, cid: req.payload.cid }));
      expect(byBob.status).toBe(403);

      for (const a of placed.slice(1)) {
        const k = h.rnKeys.find((x) => x.address === a)!;
        // the same ack twice is fine (idempotent)
        const env = asNode(h.clock, k, "stored.ack", ackFields(a));
        expect((await post(h, "/v1/acks", env)).status).toBe(200);
        expect((await post(h, "/v1/acks", env)).status).toBe(200);
      }
      const done = await complete();
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ cid: req.payload.cid, tx_hash: "TX1", height: expect.any(String) });
      expect(h.chain.fileUploads).toHaveLength(1);
      expect(h.chain.fileUploads[0]).toMatchObject({ cid: req.payload.cid, uploader: alice.address, size: 1000n, chunkSize: 262144n, sliceCount: 1, replicas: 3, holders: [{ sliceIndex: 0, sdsAddresses: placed }] });
      // idempotent
      expect((await complete()).body.tx_hash).toBe("TX1");
      expect(h.chain.fileUploads).toHaveLength(1);

      const f = (await get(h, `/v1/files/${req.payload.cid}`)).body;
      expect(f).toMatchObject({ cid: req.payload.cid, owner: alice.address, size: "1000", chunk_size: "262144", slice_count: "1", replicas: "3" });
      expect(f.slices[0].holders.map((x: { node: string }) => x.node)).toEqual(placed);
      expect(f.slices[0].holders.every((x: { healthy: boolean }) => x.healthy)).toBe(true);
      const list = (await get(h, `/v1/files?owner=${alice.address}`)).body;
      expect(list.files.map((x: { cid: string }) => x.cid)).toEqual([req.payload.cid]);
      expect((await get(h, `/v1/files?owner=${bob.address}`)).body.files).toEqual([]);
    });

    it("complete waits for acks that arrive while it waits", async () => {
      await h.close();
      h = await startHarness({ rnCount: 3, config: { completeWaitMs: 5_000 } });
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const req = uploadRequest(h, alice, 10n, 3);
      const up = (await post(h, "/v1/uploads", req)).body;
      const pending = post(h, `/v1/uploads/${up.upload_id}/complete`, asWallet(h.clock, alice, "upload.complete", { upload_id: up.upload_id, cid: req.payload.cid }));
      await new Promise((r) => setTimeout(r, 20));
      for (const holder of up.placements[0].holders) {
        const k = h.rnKeys.find((x) => x.address === holder.node)!;
        const t = holder.ticket.payload;
        await post(h, "/v1/acks", asNode(h.clock, k, "stored.ack", { cid: t.cid, slice_index: "0", slice_root: t.slice_root, slice_size: t.slice_size, node: k.address, upload_id: up.upload_id }));
      }
      expect((await pending).status).toBe(200);
    });
  });

  describe("downloads and receipts", () => {
    let cid: string;
    beforeEach(async () => {
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      cid = (await uploadFile(h, alice, BigInt(SLICE_SIZE) + 100n, 3)).cid;
      await fund(h, bob.address, 10n ** 9n);
    });

    const download = (range?: { start: string; end: string }, key = bob) => post(h, "/v1/downloads", asWallet(h.clock, key, "download.request", { cid, ...(range ? { range } : {}) }));

    it("issues get tickets for the touched slices, live holders first", async () => {
      const r = await download({ start: String(SLICE_SIZE), end: String(SLICE_SIZE + 10) });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ size: String(SLICE_SIZE + 100), chunk_size: "262144" });
      expect(r.body.slices).toHaveLength(1);
      expect(r.body.slices[0]).toMatchObject({ slice_index: "1", slice_size: "100" });
      expect(r.body.slices[0].holders).toHaveLength(3);
      const t = r.body.slices[0].holders[0].ticket;
      expect(t.payload).toMatchObject({ type: "get.ticket", cid, slice_index: "1", wallet: bob.address, download_id: r.body.download_id });
      expect(t.signer.address).toBe(h.metaKey.address);

      // make the first holder stale: it goes last
      const first = r.body.slices[0].holders[0].node;
      h.clock.advance(25_000);
      for (const [i, k] of h.rnKeys.entries()) {
        if (k.address === first) continue;
        await post(h, "/v1/heartbeats", asNode(h.clock, k, "heartbeat", { node: k.address, url: `http://rn${i}.test:1800${i}`, capacity_bytes: "1099511627776", used_bytes: "0", slices: "0" }, 60));
      }
      h.clock.advance(10_000);
      const again = await download({ start: String(SLICE_SIZE), end: String(SLICE_SIZE + 10) });
      expect(again.body.slices[0].holders.at(-1).node).toBe(first);

      const whole = await download();
      expect(whole.body.slices.map((s: { slice_index: string }) => s.slice_index)).toEqual(["0", "1"]);
      expect((await download({ start: "0", end: String(SLICE_SIZE + 100) })).status).toBe(400);
      expect((await post(h, "/v1/downloads", asWallet(h.clock, bob, "download.request", { cid: randomCid() }))).status).toBe(404);
    });

    it("refuses a download the wallet's ozone cannot cover", async () => {
      const carol = walletKey(52);
      const r = await download(undefined, carol);
      expect(r.status).toBe(402);
      expect(r.body).toMatchObject({ code: "ozone_insufficient", balance_noz: "0" });
    });

    it("counts receipts once, checks ticket, wallet, node and bytes, debits ozone and adds traffic", async () => {
      const d = (await download()).body;
      const s1 = d.slices[1];
      const ticket = s1.holders[0].ticket.payload;
      const node = s1.holders[0].node;
      const receipt = (over: Record<string, unknown> = {}, key = bob) =>
        asWallet(h.clock, key, "receipt", { node, cid, slice_index: "1", bytes: "100", ticket_nonce: ticket.nonce, epoch_hint: "1", ...over });
      const good = receipt();
      const res = await post(h, "/v1/receipts", {
        receipts: [
          good,
          good, // same envelope again
          receipt(), // another receipt for the same ticket
          receipt({ bytes: "101" }), // more than the slice
          receipt({}, alice), // ticket issued to bob
          receipt({ node: s1.holders[1].node }), // ticket for another node
          receipt({ ticket_nonce: "00".repeat(16) }), // never issued
          { ...good, signature: "00".repeat(64) },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(1);
      expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
        [1, "duplicate"],
        [2, "duplicate"],
        [3, "bad_request"],
        [4, "unauthorized"],
        [5, "unauthorized"],
        [6, "unknown_ticket"],
        [7, "bad_signature"],
      ]);
      expect((await get(h, `/v1/ozone/${bob.address}`)).body).toMatchObject({ spent_noz: "100", balance_noz: String(10n ** 9n - 100n) });
      const epoch = h.node.follower.acceptingEpoch();
      expect(h.node.db.trafficOf(epoch)).toEqual(new Map([[node, 100n]]));
      expect((await post(h, "/v1/receipts", { nope: 1 })).status).toBe(400);
    });
  });

  describe("volume reports", () => {
    it("reports an ended epoch once, to the serving nodes' owner wallets, and survives a restart", async () => {
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const { cid } = await uploadFile(h, alice, 1000n, 3);
      await fund(h, bob.address, 10n ** 9n);
      const d = (await post(h, "/v1/downloads", asWallet(h.clock, bob, "download.request", { cid }))).body;
      const holders = d.slices[0].holders;
      const receipts = holders.slice(0, 2).map((x: { node: string; ticket: { payload: { nonce: string } } }, i: number) =>
        asWallet(h.clock, bob, "receipt", { node: x.node, cid, slice_index: "0", bytes: String(400 + i), ticket_nonce: x.ticket.payload.nonce, epoch_hint: "1" }),
      );
      expect((await post(h, "/v1/receipts", { receipts })).body.accepted).toBe(2);
      const epoch = h.node.follower.acceptingEpoch();
      expect(await h.node.reporter.runOnce()).toEqual([]); // epoch not over
      const proofPath = (r: { signer: { address: string }; payload: { ticket_nonce: string } }) => `/v1/receipts/proof?wallet=${r.signer.address}&ticket_nonce=${r.payload.ticket_nonce}`;
      const early = await get(h, proofPath(receipts[0]));
      expect(early.status).toBe(409);
      expect(early.body.code).toBe("not_reported");

      // restart mid-epoch: traffic is kept
      const dir = h.dir;
      const chain = h.chain;
      await h.node.close();
      h = await startHarness({ rnCount: 4, dir, chain });
      expect(h.node.db.trafficOf(epoch).size).toBe(2);

      chain.advance(epoch * chain.epochLen + 2 - chain.heightValue);
      await h.node.follower.pollOnce();
      const sent = await h.node.reporter.runOnce();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ epoch, status: "sent" });
      expect(chain.volumeReports).toHaveLength(1);
      const msg = chain.volumeReports[0]!;
      const owners = holders.slice(0, 2).map((x: { node: string }) => chain.resourceNodes.get(x.node)!.owner);
      const expected = owners.map((w: string, i: number) => ({ walletAddress: w, volume: String(400 + i) })).sort((a: { walletAddress: string }, b: { walletAddress: string }) => (a.walletAddress < b.walletAddress ? -1 : 1));
      expect(msg.walletVolumes).toEqual(expected);
      expect(msg).toMatchObject({ reporter: h.metaKey.address, reporterOwner: h.owner, epoch: String(epoch) });
      expect(msg.reportReference).toMatch(new RegExp(`^epoch-${epoch}-2-[0-9a-f]{64}$`));
      expect(msg.reportReference).toBe(receiptsReference(epoch, h.node.db.receiptsOf(epoch)));
      // each counted receipt now has an inclusion proof against that reference
      for (const r of receipts) {
        const p = await get(h, proofPath(r));
        expect(p.status).toBe(200);
        expect(p.body.reference).toBe(msg.reportReference);
        expect(verifyReceiptInclusion(r, p.body, msg.reportReference, CHAIN_ID)).toMatchObject({ wallet: bob.address });
      }
      expect((await get(h, `/v1/receipts/proof?wallet=${bob.address}&ticket_nonce=${"0".repeat(32)}`)).status).toBe(404);
      expect((await get(h, `/v1/receipts/proof?wallet=nope&ticket_nonce=x`)).status).toBe(400);
      expect(msg.BLSSignature?.pubKeys).toHaveLength(1);
      expect(msg.BLSSignature?.signature).toHaveLength(64);
      // never twice
      chain.advance(3);
      await h.node.follower.pollOnce();
      expect(await h.node.reporter.runOnce()).toEqual([]);
      expect(chain.volumeReports).toHaveLength(1);
      const reports = (await get(h, "/v1/reports")).body.reports;
      expect(reports).toMatchObject([{ epoch: String(epoch), status: "sent", tx_hash: msg.txHash }]);
    });

    it("moves traffic of an epoch the chain distributed already into the open epoch", async () => {
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const { cid } = await uploadFile(h, alice, 1000n, 3);
      await fund(h, bob.address, 10n ** 9n);
      const d = (await post(h, "/v1/downloads", asWallet(h.clock, bob, "download.request", { cid }))).body;
      const x = d.slices[0].holders[0];
      await post(h, "/v1/receipts", { receipts: [asWallet(h.clock, bob, "receipt", { node: x.node, cid, slice_index: "0", bytes: "10", ticket_nonce: x.ticket.payload.nonce, epoch_hint: "1" })] });
      const epoch = h.node.follower.acceptingEpoch();
      h.chain.advance(epoch * h.chain.epochLen + 2 - h.chain.heightValue);
      h.chain.lastDistributed = epoch; // another meta node reported it
      h.chain.reports.set(epoch, { epoch, reference: "other", txHash: "X", reporter: "stsds1other" });
      await h.node.follower.pollOnce();
      const r = await h.node.reporter.runOnce();
      expect(r[0]).toMatchObject({ epoch, status: "superseded" });
      const next = h.node.follower.acceptingEpoch();
      expect(h.node.db.trafficOf(next)).toEqual(new Map([[x.node, 10n]]));
      h.chain.advance(h.chain.epochLen * 2);
      await h.node.follower.pollOnce();
      const r2 = await h.node.reporter.runOnce();
      expect(r2).toMatchObject([{ epoch: next, status: "sent" }]);
    });

    it("co-signs another meta node's report after checking it", async () => {
      const other = nodeKey(2);
      const otherOwner = walletKey(91).address;
      h.chain.addMetaNode(other.address, otherOwner);
      h.chain.advance(25);
      await h.node.follower.pollOnce();
      const report = { wallet_volumes: [{ wallet_address: alice.address, volume: "10" }], reporter: other.address, reporter_owner: otherOwner, epoch: "2", report_reference: "epoch-2-x" };
      const r = await post(h, "/v1/cosign", asNode(h.clock, other, "volume.cosign", { report }));
      expect(r.status).toBe(200);
      expect(r.body.pubkey).toBe(Buffer.from(h.metaKey.publicKey).toString("hex"));
      expect(r.body.signature).toMatch(/^[0-9a-f]{128}$/);
      expect(r.body.tx_data).toMatch(/^[0-9a-f]{64}$/);
      // a different report for the same epoch is refused
      const conflict = await post(h, "/v1/cosign", asNode(h.clock, other, "volume.cosign", { report: { ...report, wallet_volumes: [{ wallet_address: alice.address, volume: "11" }] } }));
      expect(conflict.body.code).toBe("conflict");
      // an epoch that has not ended
      expect((await post(h, "/v1/cosign", asNode(h.clock, other, "volume.cosign", { report: { ...report, epoch: "3" } }))).body.code).toBe("epoch_not_ended");
      // wrong owner, or signed by someone else
      expect((await post(h, "/v1/cosign", asNode(h.clock, other, "volume.cosign", { report: { ...report, epoch: "1", reporter_owner: alice.address } }))).status).toBe(403);
      expect((await post(h, "/v1/cosign", asNode(h.clock, nodeKey(3), "volume.cosign", { report: { ...report, epoch: "1" } }))).status).toBe(403);
    });
  });

  describe("repair", () => {
    it("orders a copy to a healthy node when a holder is gone and re-records the file on chain", async () => {
      await h.close();
      const orders: { url: string; order: any }[] = [];
      let harness!: Harness;
      h = harness = await startHarness({
        rnCount: 4,
        repairTransport: async (url, order: any) => {
          orders.push({ url, order });
          const p = order.payload;
          const target = harness.rnKeys.find((k) => k.address === p.target)!;
          return asNode(harness.clock, target, "stored.ack", { cid: p.cid, slice_index: p.slice_index, slice_root: p.slice_root, slice_size: p.slice_size, node: target.address, upload_id: p.get_ticket.payload.download_id });
        },
      });
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const { cid } = await uploadFile(h, alice, 1000n, 3);
      const holders = h.chain.fileUploads[0]!.holders[0]!.sdsAddresses;
      const spare = h.rnKeys.find((k) => !holders.includes(k.address))!;
      expect(await h.node.repairer.runOnce()).toEqual([]); // nothing to do
      // one holder stops sending heartbeats
      const dead = holders[0]!;
      h.clock.advance(25_000);
      for (const [i, k] of h.rnKeys.entries()) {
        if (k.address === dead) continue;
        await post(h, "/v1/heartbeats", asNode(h.clock, k, "heartbeat", { node: k.address, url: `http://rn${i}.test:1800${i}`, capacity_bytes: "1099511627776", used_bytes: "0", slices: "0" }, 60));
      }
      h.clock.advance(10_000);
      const sent = await h.node.repairer.runOnce();
      expect(sent).toHaveLength(1);
      expect(orders).toHaveLength(1);
      const o = orders[0]!.order;
      expect(o.signer.address).toBe(h.metaKey.address);
      expect(o.payload).toMatchObject({ type: "repair.order", cid, slice_index: "0", target: spare.address });
      expect(holders.slice(1)).toContain(o.payload.source);
      expect(o.payload.get_ticket.payload).toMatchObject({ type: "get.ticket", node: o.payload.source });
      const f = (await get(h, `/v1/files/${cid}`)).body;
      expect(f.slices[0].holders.map((x: { node: string }) => x.node).sort()).toEqual([...holders.slice(1), spare.address].sort());
      expect(h.chain.fileUploads).toHaveLength(2);
      expect([...h.chain.fileUploads[1]!.holders[0]!.sdsAddresses].sort()).toEqual([...holders.slice(1), spare.address].sort());
      // healthy again: nothing more to do
      expect(await h.node.repairer.runOnce()).toEqual([]);
    });

    it("a holder that reports a slice lost is dropped from its holders and the slice is repaired", async () => {
      await h.close();
      const orders: any[] = [];
      h = await startHarness({ rnCount: 4, repairTransport: async (_url, order: any) => (orders.push(order.payload), { accepted: true }) });
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const { cid } = await uploadFile(h, alice, 1000n, 3);
      const holders = h.node.db.getFile(cid)!.slices[0]!.holders;
      const i = h.rnKeys.findIndex((k) => k.address === holders[0]);
      const k = h.rnKeys[i]!;
      const lost = [{ cid, slice_index: "0" }, { cid: randomCid(), slice_index: "0" }]; // an unknown file is ignored
      const r = await post(h, "/v1/heartbeats", asNode(h.clock, k, "heartbeat", { node: k.address, url: `http://rn${i}.test:1800${i}`, capacity_bytes: "1099511627776", used_bytes: "0", slices: "0", lost }, 60));
      expect(r).toEqual({ status: 200, body: { ok: true } });
      expect(h.node.db.getFile(cid)!.slices[0]!.holders).toEqual(holders.slice(1));
      const sent = await h.node.repairer.runOnce();
      expect(sent).toHaveLength(1);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ cid, slice_index: "0" });
      expect(holders.slice(1)).toContain(orders[0].source);
      expect(holders.slice(1)).not.toContain(orders[0].target);
    });

    it("a repair ack posted to /v1/acks by the target completes the repair", async () => {
      await h.close();
      h = await startHarness({ rnCount: 4, repairTransport: async () => ({ accepted: true }) });
      await heartbeatAll(h);
      await fund(h, alice.address, 10n ** 12n);
      const { cid } = await uploadFile(h, alice, 1000n, 3);
      const holders = h.chain.fileUploads[0]!.holders[0]!.sdsAddresses;
      h.chain.resourceNodes.get(holders[0]!)!.suspended = true; // suspended on chain
      await h.node.service.registry.refresh();
      const [order] = await h.node.repairer.runOnce();
      expect(order).toMatchObject({ status: "ordered" });
      const target = h.rnKeys.find((k) => k.address === order!.target)!;
      const s = h.node.db.getFile(cid)!.slices[0]!;
      const ack = await post(h, "/v1/acks", asNode(h.clock, target, "stored.ack", { cid, slice_index: "0", slice_root: s.slice_root, slice_size: String(s.slice_size), node: target.address, upload_id: order!.repair_id }));
      expect(ack.status).toBe(200);
      expect(h.node.db.getFile(cid)!.slices[0]!.holders).toContain(target.address);
      expect(h.node.db.getFile(cid)!.slices[0]!.holders).not.toContain(holders[0]);
      expect(h.chain.fileUploads).toHaveLength(2);
    });
  });
});
