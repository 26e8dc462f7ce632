/**
 * A traffic receipt replayed into two reports, end to end in one process: a real meta node (LMDB
 * index, HTTP, an in-memory chain) and two real resource nodes; the SDK uploads and downloads a
 * file, its receipt reaches the meta node through the serving node. The same signed receipt sent
 * again to that node, to the other node, to a restarted node with an empty replay guard, to the
 * meta node directly and after the meta node restarted, and a second receipt for the same ticket,
 * are all refused or not counted; the epoch's volume report carries the bytes once, and the next
 * epoch's has nothing from them.
 */
import { randomBytes } from "node:crypto";
import { MeshClient, type Envelope, type Receipt } from "@stratos/sdk";
import { freePort } from "../../localnet/lib/ports";
import { startResourceNode, type ResourceNodeHandle } from "./resource-node";
import { tempDir } from "./resource-node/test-helpers";
import { CHAIN_ID, seed, startHarness, walletKey, type Harness } from "./meta-node/testing";

const SIZE = 300_000;
const wallet = walletKey(60);
let h: Harness;
let metaPort: number;
const dirs: { path: string; remove(): Promise<void> }[] = [];
const nodes: ResourceNodeHandle[] = [];

async function startRn(i: number, dataDir: string): Promise<ResourceNodeHandle> {
  const n = await startResourceNode({
    dataDir,
    chainId: CHAIN_ID,
    privateKeyHex: Buffer.from(seed(10 + i)).toString("hex"),
    metaUrl: `http://127.0.0.1:${metaPort}`,
    metaAddress: h.metaKey.address,
    capacityBytes: 1 << 30,
    heartbeatIntervalMs: 0,
    receiptFlushMs: 20,
    logLevel: "silent",
  });
  expect(await n.heartbeat()).toBe(true);
  return n;
}

async function postReceipts(url: string, receipts: unknown[]): Promise<{ accepted: number; rejected: { index: number; code?: string; reason: string }[] }> {
  const send = () => fetch(`${url}/v1/receipts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ receipts }) });
  // fetch may pick a pooled connection the restarted server closed a moment ago: retry once.
  const res = await send().catch(send);
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number; rejected: { index: number; code?: string; reason: string }[] };
}

const total = (m: Map<string, bigint>): bigint => [...m.values()].reduce((a, b) => a + b, 0n);

beforeAll(async () => {
  metaPort = await freePort();
  h = await startHarness({ rnCount: 2, config: { port: metaPort } });
  for (let i = 0; i < 2; i++) {
    const d = await tempDir();
    dirs.push(d);
    nodes.push(await startRn(i, d.path));
  }
  h.chain.prepay(wallet.address, 10n ** 12n);
  await h.node.follower.pollOnce();
});

afterAll(async () => {
  for (const n of nodes) await n.close();
  await h?.close();
  for (const d of dirs) await d.remove();
});

describe("a receipt replayed into two reports", () => {
  it("is counted once, in one epoch's report, whatever path the replay takes", async () => {
    const client = new MeshClient({ metaUrl: h.node.url, chainId: CHAIN_ID, wallet });
    const file = randomBytes(SIZE);
    const { cid } = await client.upload(file, { replicas: 2 });
    const spentAfterUpload = (await client.ozone()).spent_noz;
    expect(Buffer.from(await client.downloadToBuffer(cid)).equals(file)).toBe(true);
    const epoch = h.node.follower.acceptingEpoch();
    for (let i = 0; i < 200 && total(h.node.db.trafficOf(epoch)) < BigInt(SIZE); i++) await new Promise((r) => setTimeout(r, 20));
    const traffic = h.node.db.trafficOf(epoch);
    expect(total(traffic)).toBe(BigInt(SIZE));
    const servingNode = [...traffic.keys()][0]!;
    const serving = nodes.find((n) => n.address === servingNode)!;
    const other = nodes.find((n) => n.address !== servingNode)!;
    const [env] = h.node.db.receiptsOf(epoch) as Envelope<Receipt>[];
    expect(env!.payload).toMatchObject({ node: servingNode, cid, bytes: String(SIZE) });
    console.log(`receipt replay: ${SIZE} bytes downloaded from ${servingNode.slice(0, 16)}…, counted in epoch ${epoch}; now replaying the signed receipt`);
    const unchanged = async (step: string) => {
      // The nodes running now (after the restart below, `serving` is the closed handle).
      for (const n of nodes) await n.flushReceipts();
      expect(h.node.db.trafficOf(epoch)).toEqual(traffic);
      expect((await client.ozone()).spent_noz).toBe(spentAfterUpload + BigInt(SIZE));
      console.log(`receipt replay: ${step}; epoch ${epoch} traffic still ${total(traffic)} bytes, ozone debited once`);
    };

    const again = await postReceipts(serving.url, [env]);
    expect(again).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: "replayed" }] });
    await unchanged("same receipt to the serving node: refused (replayed)");

    const elsewhere = await postReceipts(other.url, [env]);
    expect(elsewhere).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: "unauthorized" }] });
    await unchanged("same receipt to the other node: refused (not its receipt)");

    const plan = (await (await fetch(`${h.node.url}/v1/files/${cid}`)).json()) as { slices: unknown[] };
    expect(plan.slices).toHaveLength(1);
    const second = client.receiptFor({ node: servingNode, cid, sliceIndex: 0, bytes: SIZE, ticket: { payload: { nonce: env!.payload.ticket_nonce } } });
    expect((await postReceipts(serving.url, [second])).accepted).toBe(1);
    await unchanged("a second receipt (new nonce) for the same ticket: the node forwards it, the meta node does not count it");

    // The serving node restarts: its replay guard is empty, so it forwards the old receipt again.
    const idx = nodes.indexOf(serving);
    await serving.close();
    nodes[idx] = await startRn(idx, dirs[idx]!.path);
    expect((await postReceipts(nodes[idx]!.url, [env])).accepted).toBe(1);
    await unchanged("same receipt to the restarted node (empty guard): forwarded, not counted");

    const direct = await postReceipts(h.node.url, [env, env]);
    expect(direct).toMatchObject({ accepted: 0, rejected: [{ index: 0, reason: "duplicate" }, { index: 1, reason: "duplicate" }] });
    await unchanged("same receipt straight to the meta node, twice: refused (duplicate)");

    // The meta node restarts on the same index and port.
    const { dir, chain, clock } = h;
    await h.node.close();
    h = await startHarness({ rnCount: 2, dir, chain, clock, config: { port: metaPort } });
    expect((await postReceipts(h.node.url, [env, second])).rejected.map((r) => r.reason)).toEqual(["duplicate", "duplicate"]);
    await unchanged("after a meta node restart, both receipts straight to it: refused (duplicate)");

    // The epoch ends: one report with the bytes once, for the serving node's owner.
    chain.advance(epoch * chain.epochLen + 2 - chain.heightValue);
    await h.node.follower.pollOnce();
    const sent = await h.node.reporter.runOnce();
    expect(sent).toMatchObject([{ epoch, status: "sent" }]);
    expect(chain.volumeReports).toHaveLength(1);
    const owner = chain.resourceNodes.get(servingNode)!.owner;
    expect(chain.volumeReports[0]!.walletVolumes).toEqual([{ walletAddress: owner, volume: String(SIZE) }]);

    // Replayed into the next epoch: not counted, so that epoch has no report.
    const next = h.node.follower.acceptingEpoch();
    expect(next).toBeGreaterThan(epoch);
    expect((await postReceipts(h.node.url, [env, second])).rejected.map((r) => r.reason)).toEqual(["duplicate", "duplicate"]);
    for (const n of nodes) await n.flushReceipts();
    expect(h.node.db.trafficOf(next).size).toBe(0);
    chain.advance(next * chain.epochLen + 2 - chain.heightValue);
    await h.node.follower.pollOnce();
    expect(await h.node.reporter.runOnce()).toEqual([]);
    expect(chain.volumeReports).toHaveLength(1);
    console.log(`receipt replay: epoch ${epoch} reported once (${owner.slice(0, 12)}…: ${SIZE} bytes); replays during epoch ${next} not counted, no report for it`);
  }, 60_000);
});
