import { execFileSync } from "node:child_process";
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SLICE_SIZE, decodeEnvelopeHeader, encodeEnvelopeHeader, expiresIn, unixNow, verifyEnvelope, type StoredAck } from "@stratos/sdk";
import type { ResourceNodeHandle } from "./index";
import {
  CHAIN_ID,
  filesUnder,
  get,
  getTicket,
  makeSlice,
  metaKey,
  otherKey,
  otherWallet,
  put,
  putTicket,
  receipt,
  repairOrder,
  startFakeMeta,
  startNode,
  tempDir,
  waitFor,
  type FakeMeta,
} from "./test-helpers";

describe("resource node", () => {
  let meta: FakeMeta;
  let dir: { path: string; remove(): Promise<void> };
  let node: ResourceNodeHandle;

  beforeEach(async () => {
    meta = await startFakeMeta();
    dir = await tempDir();
    node = await startNode(meta, dir.path, 9);
  });

  afterEach(async () => {
    await node.close();
    await meta.close();
    await dir.remove();
  });

  it("reports its status", async () => {
    const res = await fetch(`${node.url}/v1/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ address: node.address, used_bytes: "0", capacity_bytes: String(64 * 1024 * 1024), slices: "0", writable: true });
  });

  it("stores a slice and answers a stored.ack signed by itself, also sent to the meta node", async () => {
    const s = makeSlice();
    const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
    const res = await put(node.url, s.cid, 0, s.bytes, ticket);
    expect(res.status).toBe(200);
    const ack = verifyEnvelope<StoredAck>(res.json, { chainId: CHAIN_ID, nowSeconds: unixNow(), kind: "node", type: "stored.ack", expectedSigner: node.address });
    expect(ack).toMatchObject({ cid: s.cid, slice_index: "0", slice_root: s.root, slice_size: String(s.bytes.length), node: node.address, upload_id: "up-1" });
    await waitFor(() => meta.acks.length === 1);
    expect(meta.acks[0]).toEqual(res.json);
    expect((await readFile(join(dir.path, "slices", s.cid, "0"))).equals(s.bytes)).toBe(true);
    expect(await filesUnder(join(dir.path, "slices"))).toEqual([`${s.cid}/0`, `${s.cid}/0.meta`]);
    const status = (await (await fetch(`${node.url}/v1/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ used_bytes: String(s.bytes.length), slices: "1" });
  });

  it("stores a full 8 MiB slice streamed in", async () => {
    const s = makeSlice(SLICE_SIZE);
    const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: SLICE_SIZE, node: node.address }));
    expect(res.status).toBe(200);
    const got = await get(node.url, s.cid, 0, getTicket({ cid: s.cid, root: s.root, size: SLICE_SIZE, node: node.address }));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(s.bytes)).toBe(true);
  });

  describe("refuses bad uploads and writes nothing", () => {
    async function expectNothingStored(): Promise<void> {
      expect(await filesUnder(join(dir.path, "slices"))).toEqual([]);
      expect(node.store.usedBytes).toBe(0);
      expect(meta.acks).toEqual([]);
    }

    it("wrong bytes: 422 hash_mismatch", async () => {
      const s = makeSlice();
      const bad = Buffer.from(s.bytes);
      bad[5] = bad[5]! ^ 1;
      const res = await put(node.url, s.cid, 0, bad, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(res.status).toBe(422);
      expect(res.json.code).toBe("hash_mismatch");
      await expectNothingStored();
    });

    it("expired ticket", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }, { expires: String(unixNow() - 1n) }));
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("expired");
      await expectNothingStored();
    });

    it("ticket expiring too far ahead", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }, { expires: expiresIn(3600) }));
      expect(res.json.code).toBe("expired");
      await expectNothingStored();
    });

    it("replayed ticket", async () => {
      const s = makeSlice();
      const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
      expect((await put(node.url, s.cid, 0, s.bytes, ticket)).status).toBe(200);
      const again = await put(node.url, s.cid, 0, s.bytes, ticket);
      expect(again.status).toBe(409);
      expect(again.json.code).toBe("replayed");
    });

    it("ticket for another node", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: otherKey.address }));
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("bad_ticket");
      await expectNothingStored();
    });

    it("ticket signed by a key other than the meta node's", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }, { signer: otherKey }));
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("unauthorized");
      await expectNothingStored();
    });

    it("ticket with a forged signature", async () => {
      const s = makeSlice();
      const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
      const forged = { ...ticket, payload: { ...ticket.payload, slice_size: "1" } };
      const res = await put(node.url, s.cid, 0, s.bytes.subarray(0, 1), forged);
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("bad_signature");
      await expectNothingStored();
    });

    it("ticket of another chain", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }, { chainId: "other-chain" }));
      expect(res.json.code).toBe("wrong_chain");
      await expectNothingStored();
    });

    it("missing or garbage ticket header", async () => {
      const s = makeSlice();
      const none = await put(node.url, s.cid, 0, s.bytes, undefined);
      expect(none.status).toBe(401);
      expect(none.json.code).toBe("bad_ticket");
      const garbage = await put(node.url, s.cid, 0, s.bytes, "!!!not-base64");
      expect(garbage.json.code).toBe("bad_ticket");
      const notTicket = await put(node.url, s.cid, 0, s.bytes, Buffer.from(JSON.stringify({ hello: 1 })).toString("base64"));
      expect(notTicket.json.code).toBe("bad_ticket");
      await expectNothingStored();
    });

    it("a get.ticket presented for a PUT", async () => {
      const s = makeSlice();
      const res = await put(node.url, s.cid, 0, s.bytes, getTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(res.json.code).toBe("bad_ticket");
      await expectNothingStored();
    });

    it("ticket for another slice or CID", async () => {
      const s = makeSlice();
      const t = makeSlice();
      const wrongIndex = await put(node.url, s.cid, 1, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(wrongIndex.json.code).toBe("bad_ticket");
      const wrongCid = await put(node.url, t.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(wrongCid.json.code).toBe("bad_ticket");
      await expectNothingStored();
    });

    it("body larger than the ticket's slice size or than a slice", async () => {
      const s = makeSlice();
      const longer = await put(node.url, s.cid, 0, Buffer.concat([s.bytes, Buffer.from([1])]), putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(longer.status).toBe(400);
      const huge = Buffer.alloc(SLICE_SIZE + 1);
      const tooLarge = await put(node.url, s.cid, 0, huge, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address }));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.json.code).toBe("too_large");
      const ticketTooLarge = await put(node.url, s.cid, 0, huge, putTicket({ cid: s.cid, root: s.root, size: SLICE_SIZE + 1, node: node.address }));
      expect(ticketTooLarge.json.code).toBe("too_large");
      await expectNothingStored();
    });

    it("body streamed without a length, longer than announced: 413 and nothing kept", async () => {
      const s = makeSlice();
      const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(s.bytes);
          c.enqueue(new Uint8Array(1000));
          c.close();
        },
      });
      const res = await fetch(`${node.url}/v1/slices/${s.cid}/0`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream", "x-stratos-ticket": encodeEnvelopeHeader(ticket) },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      await expectNothingStored();
    });

    it("wrong content type", async () => {
      const s = makeSlice();
      const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
      const res = await put(node.url, s.cid, 0, s.bytes, ticket, "text/plain");
      expect(res.status).toBe(415);
      expect(res.json.code).toBe("bad_request");
      const json = await put(node.url, s.cid, 0, Buffer.from("{}"), ticket, "application/json");
      expect(json.status).toBe(415);
      await expectNothingStored();
    });

    it("path tricks and malformed locations", async () => {
      const s = makeSlice();
      const ticket = putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address });
      for (const [cid, index] of [
        ["..", "0"],
        ["%2e%2e", "0"],
        [s.cid, ".."],
        [s.cid, "%2e%2e%2fx"],
        [`${s.cid}%2f..`, "0"],
        ["bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "0"],
        [s.cid, "-1"],
        [s.cid, "01"],
        [s.cid, "1e3"],
        [s.cid, "99999999"],
        [s.cid.toUpperCase(), "0"],
      ]) {
        const res = await put(node.url, cid!, index!, s.bytes, ticket);
        expect([400, 404]).toContain(res.status);
        expect(["bad_cid", "bad_request", "not_found"]).toContain(res.json.code);
      }
      await expectNothingStored();
      expect(await filesUnder(dir.path)).toEqual([]);
    });
  });

  it("serves a slice whole (200) and by ranges (206) with the stored bytes", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    expect((await put(node.url, s.cid, 0, s.bytes, putTicket(f))).status).toBe(200);
    const full = await get(node.url, s.cid, 0, getTicket(f));
    expect(full.status).toBe(200);
    expect(full.bytes.equals(s.bytes)).toBe(true);
    expect(full.headers.get("x-stratos-slice-root")).toBe(s.root);
    const n = s.bytes.length;
    for (const [range, start, end] of [
      ["bytes=0-0", 0, 0],
      ["bytes=100-262243", 100, 262243],
      [`bytes=${n - 10}-`, n - 10, n - 1],
      ["bytes=-5", n - 5, n - 1],
      [`bytes=5-${n + 100}`, 5, n - 1],
    ] as const) {
      const r = await get(node.url, s.cid, 0, getTicket(f), range);
      expect(r.status).toBe(206);
      expect(r.headers.get("content-range")).toBe(`bytes ${start}-${end}/${n}`);
      expect(r.bytes.equals(s.bytes.subarray(start, end + 1))).toBe(true);
    }
    const outside = await get(node.url, s.cid, 0, getTicket(f), `bytes=${n}-`);
    expect(outside.status).toBe(416);
    const malformed = await get(node.url, s.cid, 0, getTicket(f), "bytes=0-1,5-6");
    expect(malformed.status).toBe(400);
  });

  it("GET checks its ticket and answers 404 for a slice it does not hold", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    const missing = await get(node.url, s.cid, 0, getTicket(f));
    expect(missing.status).toBe(404);
    expect(missing.json?.code).toBe("not_found");
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    expect((await get(node.url, s.cid, 0, getTicket(f, { signer: otherKey }))).json?.code).toBe("unauthorized");
    expect((await get(node.url, s.cid, 0, getTicket({ ...f, node: otherKey.address }))).json?.code).toBe("bad_ticket");
    expect((await get(node.url, s.cid, 0, putTicket(f))).json?.code).toBe("bad_ticket");
    expect((await get(node.url, s.cid, 0, getTicket(f, { expires: String(unixNow() - 5n) }))).json?.code).toBe("expired");
    const once = getTicket(f);
    expect((await get(node.url, s.cid, 0, once)).status).toBe(200);
    expect((await get(node.url, s.cid, 0, once)).json?.code).toBe("replayed");
  });

  it("detects a corrupted slice on read (500 corrupt), quarantines it and tells the meta node", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    const path = join(dir.path, "slices", s.cid, "0");
    const bad = Buffer.from(s.bytes);
    bad[1000] = bad[1000]! ^ 0xff;
    await writeFile(path, bad);
    const beats = meta.heartbeats.length;
    const res = await get(node.url, s.cid, 0, getTicket(f));
    expect(res.status).toBe(500);
    expect(res.json?.code).toBe("corrupt");
    await expect(stat(path)).rejects.toThrow();
    const quarantined = await readdir(join(dir.path, "quarantine"));
    expect(quarantined.filter((n) => !n.endsWith(".meta"))).toHaveLength(1);
    expect(quarantined[0]!.startsWith(`${s.cid}.0.`)).toBe(true);
    expect(node.store.usedBytes).toBe(0);
    await waitFor(() => meta.heartbeats.some((hb, i) => i >= beats && hb.payload.slices === "0" && hb.payload.lost !== undefined));
    // the heartbeat names the lost slice; once the meta node has taken it, the next ones do not
    const told = meta.heartbeats.slice(beats).find((hb) => hb.payload.lost !== undefined)!;
    expect(told.payload.lost).toEqual([{ cid: s.cid, slice_index: "0" }]);
    await node.heartbeat(); // may join the beat that carried it
    expect(await node.heartbeat()).toBe(true);
    expect(meta.heartbeats.at(-1)?.payload.slices).toBe("0");
    expect(meta.heartbeats.at(-1)?.payload.lost).toBeUndefined();
    expect((await get(node.url, s.cid, 0, getTicket(f))).status).toBe(404);
  });

  it("keeps naming a lost slice in its heartbeats until the meta node has accepted one", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    const bad = Buffer.from(s.bytes);
    bad[0] = bad[0]! ^ 0xff;
    await writeFile(join(dir.path, "slices", s.cid, "0"), bad);
    meta.down = true;
    const beats = meta.heartbeats.length;
    expect((await get(node.url, s.cid, 0, getTicket(f))).json?.code).toBe("corrupt");
    expect(await node.heartbeat()).toBe(false);
    expect(meta.heartbeats).toHaveLength(beats); // none got through
    meta.down = false;
    // the first beat that gets through names it (a beat under way may still hit the 503)
    for (let i = 0; i < 5 && !(await node.heartbeat()); i++);
    expect(meta.heartbeats.slice(beats).map((hb) => hb.payload.lost)).toEqual([[{ cid: s.cid, slice_index: "0" }]]);
    expect(await node.heartbeat()).toBe(true);
    expect(meta.heartbeats.at(-1)?.payload.lost).toBeUndefined();
  });

  it("keeps its slices across a restart and re-verifies them on first ranged read", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    await node.close();
    // Flip a byte while the node is down: the first read after start, even a ranged one, re-hashes.
    const t = makeSlice();
    node = await startNode(meta, dir.path, 9);
    const g = { cid: t.cid, root: t.root, size: t.bytes.length, node: node.address };
    await put(node.url, t.cid, 0, t.bytes, putTicket(g));
    await node.close();
    const path = join(dir.path, "slices", t.cid, "0");
    const bad = Buffer.from(t.bytes);
    bad[t.bytes.length - 1] = bad[t.bytes.length - 1]! ^ 1;
    await writeFile(path, bad);
    node = await startNode(meta, dir.path, 9);
    expect(node.store.sliceCount).toBe(2);
    expect(node.store.usedBytes).toBe(s.bytes.length + t.bytes.length);
    const r = await get(node.url, s.cid, 0, getTicket(f), "bytes=10-19");
    expect(r.status).toBe(206);
    expect(r.bytes.equals(s.bytes.subarray(10, 20))).toBe(true);
    const full = await get(node.url, s.cid, 0, getTicket(f));
    expect(full.bytes.equals(s.bytes)).toBe(true);
    const corrupt = await get(node.url, t.cid, 0, getTicket(g), "bytes=0-9");
    expect(corrupt.status).toBe(500);
    expect(corrupt.json?.code).toBe("corrupt");
  });

  it("refuses uploads with a clear error when the data dir is not writable, and still serves", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    await node.close();
    const slices = join(dir.path, "slices");
    const dirs = [dir.path, slices, join(slices, s.cid), join(dir.path, "quarantine")];
    const lock = async (on: boolean): Promise<void> => {
      for (const d of dirs) {
        if (process.getuid?.() === 0) execFileSync("chattr", [on ? "+i" : "-i", d]);
        else await chmod(d, on ? 0o555 : 0o755);
      }
    };
    try {
      await lock(true);
    } catch (e) {
      console.warn(`cannot make a directory read-only here (${(e as Error).message}); skipping`);
      return;
    }
    try {
      node = await startNode(meta, dir.path, 9);
      const status = (await (await fetch(`${node.url}/v1/status`)).json()) as Record<string, unknown>;
      expect(status.writable).toBe(false);
      expect(String(status.writable_error)).toMatch(/not writable/);
      const t = makeSlice();
      const res = await put(node.url, t.cid, 0, t.bytes, putTicket({ cid: t.cid, root: t.root, size: t.bytes.length, node: node.address }));
      expect(res.status).toBe(507);
      expect(res.json.code).toBe("disk_full");
      expect(String(res.json.message)).toMatch(/not writable/);
      const again = await put(node.url, s.cid, 1, t.bytes, putTicket({ cid: s.cid, index: 1, root: t.root, size: t.bytes.length, node: node.address }));
      expect(again.status).toBe(507);
      const got = await get(node.url, s.cid, 0, getTicket(f));
      expect(got.status).toBe(200);
      expect(got.bytes.equals(s.bytes)).toBe(true);
      // Heartbeats announce no free space.
      await node.heartbeat();
      const hb = meta.heartbeats.at(-1)!.payload;
      expect(hb.capacity_bytes).toBe(hb.used_bytes);
    } finally {
      await lock(false);
    }
    // Writable again: accepted without a restart.
    const t = makeSlice();
    expect((await put(node.url, t.cid, 0, t.bytes, putTicket({ cid: t.cid, root: t.root, size: t.bytes.length, node: node.address }))).status).toBe(200);
  });

  it("refuses a slice beyond its capacity with 507 disk_full", async () => {
    await node.close();
    node = await startNode(meta, dir.path, 9, { capacityBytes: 1_000_000 });
    const a = makeSlice(600_000);
    const b = makeSlice(600_000);
    expect((await put(node.url, a.cid, 0, a.bytes, putTicket({ cid: a.cid, root: a.root, size: a.bytes.length, node: node.address }))).status).toBe(200);
    const res = await put(node.url, b.cid, 0, b.bytes, putTicket({ cid: b.cid, root: b.root, size: b.bytes.length, node: node.address }));
    expect(res.status).toBe(507);
    expect(res.json.code).toBe("disk_full");
    expect(await filesUnder(join(dir.path, "slices", b.cid))).toEqual([]);
  });

  it("checks receipts and forwards the good ones to the meta node in batches", async () => {
    const s = makeSlice();
    const f = { cid: s.cid, root: s.root, size: s.bytes.length, node: node.address };
    await put(node.url, s.cid, 0, s.bytes, putTicket(f));
    const gt = getTicket(f);
    await get(node.url, s.cid, 0, gt);
    const good = receipt(node.address, s.cid, gt.payload.nonce, s.bytes.length);
    const good2 = receipt(node.address, s.cid, "ab".repeat(16), 10);
    const otherNode = receipt(otherKey.address, s.cid, gt.payload.nonce, 10);
    const tooMany = receipt(node.address, s.cid, gt.payload.nonce, s.bytes.length + 1);
    const notHolder = receipt(node.address, s.cid, gt.payload.nonce, 10, otherWallet);
    const forged = { ...good2, payload: { ...good2.payload, bytes: "999999" } };
    const res = await fetch(`${node.url}/v1/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receipts: [good, otherNode, tooMany, notHolder, forged, good2, good, { junk: true }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; code: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, "unauthorized"],
      [2, "bad_request"],
      [3, "unauthorized"],
      [4, "bad_signature"],
      [6, "replayed"],
      [7, "bad_request"],
    ]);
    await waitFor(() => meta.receipts.length === 2);
    expect(meta.receipts).toEqual([good, good2]);
    const bad = await fetch(`${node.url}/v1/receipts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("bad_request");
  });

  it("keeps receipts while the meta node is down and forwards them when it is back", async () => {
    meta.down = true;
    const s = makeSlice();
    const r = receipt(node.address, s.cid, "cd".repeat(16), 10);
    await fetch(`${node.url}/v1/receipts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ receipts: [r] }) });
    await new Promise((res) => setTimeout(res, 100));
    expect(meta.receipts).toEqual([]);
    meta.down = false;
    await waitFor(() => meta.receipts.length === 1, 10_000);
  });

  it("sends signed heartbeats and tolerates the meta node being down", async () => {
    expect(await node.heartbeat()).toBe(true);
    const hb = meta.heartbeats.at(-1)!;
    expect(verifyEnvelope(hb, { chainId: CHAIN_ID, nowSeconds: unixNow(), kind: "node", type: "heartbeat", expectedSigner: node.address })).toMatchObject({
      node: node.address,
      url: node.url,
      capacity_bytes: String(64 * 1024 * 1024),
      used_bytes: "0",
      slices: "0",
    });
    meta.down = true;
    expect(await node.heartbeat()).toBe(false);
    await meta.close();
    expect(await node.heartbeat()).toBe(false);
    expect((await fetch(`${node.url}/v1/status`)).status).toBe(200);
    meta = await startFakeMeta(); // for afterEach
  });

  it("beats on its own every heartbeatIntervalMs", async () => {
    await node.close();
    node = await startNode(meta, dir.path, 9, { heartbeatIntervalMs: 30 });
    await waitFor(() => meta.heartbeats.length >= 3);
  });

  it("repairs a slice by fetching it from another node with the order's get ticket", async () => {
    const s = makeSlice();
    const srcDir = await tempDir();
    const source = await startNode(meta, srcDir.path, 10);
    try {
      await put(source.url, s.cid, 0, s.bytes, putTicket({ cid: s.cid, root: s.root, size: s.bytes.length, node: source.address }));
      const order = repairOrder({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address, source: source.address, sourceUrl: source.url, target: node.address });
      const post = (o: unknown): Promise<Response> => fetch(`${node.url}/v1/repairs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(o) });
      const res = await post(order);
      expect(res.status).toBe(200);
      const ack = verifyEnvelope<StoredAck>(await res.json(), { chainId: CHAIN_ID, nowSeconds: unixNow(), kind: "node", type: "stored.ack", expectedSigner: node.address });
      expect(ack).toMatchObject({ cid: s.cid, slice_index: "0", slice_root: s.root });
      expect((await readFile(join(dir.path, "slices", s.cid, "0"))).equals(s.bytes)).toBe(true);
      await waitFor(() => meta.acks.some((a) => a.signer.address === node.address));
      // The same order again is a replay; an order not signed by the meta node or for another target is refused.
      expect(((await (await post(order)).json()) as { code: string }).code).toBe("replayed");
      const forged = repairOrder({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address, source: source.address, sourceUrl: source.url, target: node.address }, otherKey);
      expect((await post(forged)).status).toBe(403);
      const elsewhere = repairOrder({ cid: s.cid, root: s.root, size: s.bytes.length, node: node.address, source: source.address, sourceUrl: source.url, target: otherKey.address });
      expect(((await (await post(elsewhere)).json()) as { code: string }).code).toBe("bad_ticket");
      // A source that does not hold the slice: 502, nothing stored.
      const t = makeSlice();
      const missing = repairOrder({ cid: t.cid, root: t.root, size: t.bytes.length, node: node.address, source: source.address, sourceUrl: source.url, target: node.address });
      const failed = await post(missing);
      expect(failed.status).toBe(502);
      expect(((await failed.json()) as { code: string }).code).toBe("source_failed");
      expect(await filesUnder(join(dir.path, "slices", t.cid))).toEqual([]);
    } finally {
      await source.close();
      await srcDir.remove();
    }
  });

  it("answers unknown routes and bad JSON with { code, message }", async () => {
    const res = await fetch(`${node.url}/v2/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
    const repair = await fetch(`${node.url}/v1/repairs`, { method: "POST", headers: { "content-type": "application/json" }, body: "[1," });
    expect(repair.status).toBe(400);
    expect(await repair.json()).toMatchObject({ code: "bad_request" });
    const notEnvelope = await fetch(`${node.url}/v1/repairs`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(notEnvelope.status).toBe(400);
  });

  it("ticket header decoding round-trips", () => {
    const t = putTicket({ cid: makeSlice(10).cid, root: "00".repeat(32), size: 10, node: metaKey.address });
    expect(decodeEnvelopeHeader(encodeEnvelopeHeader(t))).toEqual(t);
  });
});
