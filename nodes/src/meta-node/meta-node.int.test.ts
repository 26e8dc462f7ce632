/**
 * The meta node against a real CometBFT + our app (the localnet's genesis nodes, 4-block epochs):
 * prepay credited from block events, an upload recorded on chain with its holders (MsgFileUpload
 * through the owner wallet), a download receipt reported in a MsgVolumeReport to the serving
 * node's owner. Resource nodes are simulated by signed envelopes (no slice bytes move).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StratosClient, nodeKeyFromSeed, signAsNode, signAsWallet, walletFromMnemonic, walletKeyFromMnemonic, newNonce, type NodeKey, type WalletKey } from "@stratos/sdk";
import { eventually, loadNodeKeys, type LocalnetNodeKey } from "../../../localnet/lib";
import { startTestnet, type Testnet } from "../../../chain/test/helpers/testnet";
import { startMetaNode, type MetaNodeHandle } from "./index";
import { hex32, randomCid } from "./testing";

jest.setTimeout(180_000);

let net: Testnet;
let meta: MetaNodeHandle;
let keys: LocalnetNodeKey[];
let rns: { key: NodeKey; owner: string }[];
let wallet: WalletKey;
let client: StratosClient;
let dir: string;

const base = (type: string) => ({ type, chain_id: net.chainId, nonce: newNonce(), expires: String(Math.floor(Date.now() / 1000) + 300) });
async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await meta.app.inject({ method: "POST", url, payload: body as object });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

beforeAll(async () => {
  keys = loadNodeKeys();
  net = await startTestnet({ chainId: "meta-node-test", stratos: { nodes: keys, epochLength: 4n } });
  const m = keys.find((k) => k.role === "meta")!;
  rns = keys.filter((k) => k.role === "resource").map((k) => ({ key: nodeKeyFromSeed(Uint8Array.from(Buffer.from(k.p2pPrivateKey, "hex"))), owner: k.owner.address }));
  dir = mkdtempSync(path.join(tmpdir(), "meta-int-"));
  meta = await startMetaNode({
    dataDir: dir,
    chainId: net.chainId,
    rpcUrl: net.rpcUrl,
    p2pKey: m.p2pPrivateKey,
    ownerMnemonic: m.owner.mnemonic,
    pollIntervalMs: 200,
    reportIntervalMs: 300,
    repairIntervalMs: 60_000,
    epochReportDelayBlocks: 1,
  });
  wallet = await walletKeyFromMnemonic(net.accounts[0]!.mnemonic);
  client = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(net.accounts[0]!.mnemonic), pollIntervalMs: 200 });
});

afterAll(async () => {
  client?.disconnect();
  await meta?.close();
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("credits prepay, records uploads on chain, reports traffic", async () => {
  expect(meta.address).toBe(keys.find((k) => k.role === "meta")!.networkAddress);
  for (const [i, rn] of rns.entries()) {
    const hb = signAsNode({ ...base("heartbeat"), node: rn.key.address, url: `http://127.0.0.1:${19000 + i}`, capacity_bytes: "1000000000", used_bytes: "0", slices: "0" }, rn.key);
    const r = await post("/v1/heartbeats", hb);
    expect(r).toMatchObject({ status: 200 });
  }
  const res = await client.prepay(10n ** 15n);
  const purchased = BigInt(JSON.parse(res.events.find((e) => e.type === "stratos.sds.v1.EventPrePay")!.attributes.find((a) => a.key === "purchased_noz")!.value) as string);
  await eventually("ozone credited", () => meta.db.ozoneOf(wallet.address).credited === purchased);

  const cid = randomCid();
  const up = await post("/v1/uploads", signAsWallet({ ...base("upload.request"), cid, size: "1000", chunk_size: "262144", slice_roots: [hex32()], replicas: "2" }, wallet));
  expect(up.status).toBe(200);
  for (const holder of up.body.placements[0].holders) {
    const k = rns.find((r) => r.key.address === holder.node)!.key;
    const t = holder.ticket.payload;
    expect((await post("/v1/acks", signAsNode({ ...base("stored.ack"), cid, slice_index: "0", slice_root: t.slice_root, slice_size: t.slice_size, node: k.address, upload_id: t.upload_id }, k))).status).toBe(200);
  }
  const done = await post(`/v1/uploads/${up.body.upload_id}/complete`, signAsWallet({ ...base("upload.complete"), upload_id: up.body.upload_id, cid }, wallet));
  expect(done.status).toBe(200);
  const record = (await client.sds.fileUpload(cid))!;
  expect(record).toMatchObject({ owner: wallet.address, size: 1000n, sliceCount: 1, replicas: 2 });
  expect(record.holders[0]!.sdsAddresses).toEqual(up.body.placements[0].holders.map((x: { node: string }) => x.node));

  const d = await post("/v1/downloads", signAsWallet({ ...base("download.request"), cid }, wallet));
  expect(d.status).toBe(200);
  const h0 = d.body.slices[0].holders[0];
  const rc = await post("/v1/receipts", { receipts: [signAsWallet({ ...base("receipt"), node: h0.node, cid, slice_index: "0", bytes: "1000", ticket_nonce: h0.ticket.payload.nonce, epoch_hint: "0" }, wallet)] });
  expect(rc.body).toEqual({ accepted: 1, rejected: [] });
  const epoch = Array.from(meta.db.trafficEpochs())[0]!;
  const report = await eventually("volume report on chain", () => client.pot.volumeReport(BigInt(epoch)), 60_000);
  expect(report.reporter).toBe(meta.address);
  expect(report.reference).toMatch(new RegExp(`^epoch-${epoch}-1-[0-9a-f]{64}$`)); // one receipt counted, under its Merkle root
  await eventually("report recorded as sent", () => meta.db.getReport(epoch)?.status === "sent");
  expect(meta.db.getReport(epoch)).toMatchObject({ status: "sent", wallet_volumes: [{ wallet: rns.find((r) => r.key.address === h0.node)!.owner, volume: "1000" }] });
});
