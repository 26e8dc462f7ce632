/**
 * Storage-mesh faults with real processes (CometBFT + app, the meta node, five resource nodes, the
 * SDK): a resource node SIGKILLed while an upload streams to it, a holder SIGKILLed during a
 * download, the meta node SIGKILLed and restarted in the middle of an epoch after receipts were
 * counted. Checked: every file the SDK reported as stored downloads and verifies (also after the
 * killed nodes return), nothing half-written is left on a killed node, no receipt is lost or
 * counted twice across the restart, and the epoch's on-chain volume report carries, per node
 * owner, exactly the bytes of the receipts the meta node counted.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stratos } from "@stratos/proto";
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { MeshClient, SLICE_SIZE, StratosClient, UploadIncompleteError, cidFromRoot, hashBytes, walletKeyFromMnemonic, type HolderFailure, type UploadResult } from "@stratos/sdk";
import { sleep, eventually, LocalMesh, type LocalnetNodeKey } from "../../localnet/lib";
import { latestHeight, rpc } from "../../chain/test/helpers/rpc";
import type { Testnet } from "../../chain/test/helpers/testnet";
import { startMeshTestNet, type MeshTestNet } from "./testing/mesh-net";
import { MetaDb, walletVolumes } from "./meta-node";

jest.setTimeout(300_000);

const STOS = 10n ** 18n;
const EPOCH = 60;
let meshNet: MeshTestNet;
let net: Testnet;
let mesh: LocalMesh;
let dir: string;
let nodes: LocalnetNodeKey[];
let chain: StratosClient;
let client: MeshClient;
let file: Buffer;
let filePath: string;
let cid: string;

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const step = (msg: string) => console.log(`[faults] ${msg}`);


/** The slice files a resource node holds for `cid`: no temporary file may be among them. */
function sliceFiles(key: LocalnetNodeKey): string[] {
  try {
    return readdirSync(path.join(dir, key.name, "data", "slices", cid)).sort();
  } catch {
    return [];
  }
}

/**
 * Every slice a node holds is whole: its bytes are the file's and its record is there, and no
 * temporary file stays (one may exist for a moment while a repair copies a slice in).
 */
async function checkNothingHalfWritten(key: LocalnetNodeKey): Promise<number> {
  for (let i = 0; i < 25 && sliceFiles(key).some((n) => n.startsWith(".tmp-")); i++) await sleep(200);
  const names = sliceFiles(key);
  expect(names.filter((n) => n.startsWith(".tmp-"))).toEqual([]);
  const slices = names.filter((n) => /^\d+$/.test(n));
  for (const n of slices) {
    const i = Number(n);
    expect(names).toContain(`${n}.meta`);
    const bytes = readFileSync(path.join(dir, key.name, "data", "slices", cid, n));
    expect(sha(bytes)).toBe(sha(file.subarray(i * SLICE_SIZE, Math.min(file.length, (i + 1) * SLICE_SIZE))));
  }
  return slices.length;
}

/** Waits until the meta node's counted spend stops moving (no receipt still in a node's batch). */
async function settledSpend(): Promise<bigint> {
  let last = (await client.ozone()).spent_noz;
  const settled = await eventually(
    "the counted ozone spend to stop moving",
    async () => {
      await sleep(3_000); // a node forwards its receipts in batches
      const now = (await client.ozone()).spent_noz;
      if (now === last) return { spent: now };
      last = now;
      return undefined;
    },
    120_000,
    0,
  );
  return settled.spent;
}

/** The meta node's counted traffic and receipts per epoch, read from its index (the node is stopped). */
async function readIndex(): Promise<{ traffic: Map<number, Map<string, bigint>>; receipts: Map<number, unknown[]>; total: bigint }> {
  const db = MetaDb.open(path.join(dir, mesh.metaKey.name, "data"));
  try {
    const traffic = new Map<number, Map<string, bigint>>();
    const receipts = new Map<number, unknown[]>();
    let total = 0n;
    for (const e of db.trafficEpochs()) {
      const t = db.trafficOf(e);
      traffic.set(e, t);
      receipts.set(e, db.receiptsOf(e));
      for (const b of t.values()) total += b;
    }
    return { traffic, receipts, total };
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  meshNet = await startMeshTestNet({ chainId: "stratos-faults-test", epochLength: BigInt(EPOCH), matureEpoch: 2n, account: 2, prefix: "stratos-faults-" });
  ({ net, mesh, dir, nodes, chain, client } = meshNet);
  await chain.prepay(10n * STOS);
  await eventually("ozone to be credited", async () => (await client.ozone()).balance_noz > 0n);
  file = randomBytes(2 * SLICE_SIZE + 12345);
  filePath = path.join(dir, "input.bin");
  writeFileSync(filePath, file);
  cid = cidFromRoot(hashBytes(file).root);
});

afterAll(async () => {
  await meshNet?.stop();
});

describe("storage mesh faults", () => {
  it("a resource node SIGKILLed while an upload streams to it: the stored file is whole and served", async () => {
    let victim: number | undefined;
    const onProgress = (e: { bytesSent: number }): void => {
      if (victim !== undefined || e.bytesSent === 0) return;
      // The node whose slice folder holds a temporary file is receiving a slice right now.
      const i = mesh.resourceKeys.findIndex((k) => sliceFiles(k).some((n) => n.startsWith(".tmp-")));
      if (i < 0) return;
      process.kill(mesh.resources[i]!.pid!, "SIGKILL");
      victim = i;
    };
    let result: UploadResult | undefined;
    let failure: unknown;
    try {
      result = await client.upload(filePath, { replicas: 3, onProgress, retries: 2 });
    } catch (e) {
      failure = e;
    }
    expect(victim).toBeDefined();
    const key = mesh.resourceKeys[victim!]!;
    step(`upload: SIGKILLed ${key.name} while a slice was streaming to it; the upload ${result ? "completed with the other holders" : `failed clearly: ${(failure as Error).message}`}`);
    await mesh.resources[victim!]!.start();
    await mesh.waitHealthy(5);
    const kept = await checkNothingHalfWritten(key);
    step(`upload: ${key.name} restarted; it holds ${kept} whole slice(s) of the file and no temporary file`);
    if (!result) {
      expect(failure).toBeInstanceOf(UploadIncompleteError);
      result = await client.upload(filePath, { replicas: 3, resumeUploadId: (failure as UploadIncompleteError).uploadId });
      step(`upload: resumed upload ${result.uploadId.slice(0, 8)}… and completed (tx ${result.txHash.slice(0, 12)}…)`);
    }
    expect(result.cid).toBe(cid);
    const record = (await chain.sds.fileUpload(cid))!;
    expect(record).toMatchObject({ size: BigInt(file.length), sliceCount: 3, replicas: 3 });
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
    expect(await client.verify(cid)).toMatchObject({ ok: true });
    for (const k of mesh.resourceKeys) await checkNothingHalfWritten(k);
    step("upload: the file is recorded on chain, downloads and verifies; every node holds only whole slices");
  });

  it("a holder SIGKILLed during a download: the download fails over and verifies", async () => {
    const info = await client.info(cid);
    const victimAddress = info.mesh.slices[1]!.holders[0]!.node;
    const idx = mesh.resourceKeys.findIndex((k) => k.networkAddress === victimAddress);
    const sequential = new MeshClient({ metaUrl: mesh.metaUrl, chainId: net.chainId, wallet: await walletKeyFromMnemonic(net.accounts[2]!.mnemonic), concurrency: 1 });
    const failures: HolderFailure[] = [];
    let killed = false;
    const bytes = await sequential.downloadToBuffer(cid, {
      slowNodeMs: 3_000,
      onHolderFailure: (f) => failures.push(f),
      onProgress: (e) => {
        // Slice 0 is in; slice 1 has just been asked of its first holder: kill that holder now.
        if (!killed && e.slicesDone === 1) {
          process.kill(mesh.resources[idx]!.pid!, "SIGKILL");
          killed = true;
        }
      },
    });
    expect(killed).toBe(true);
    expect(sha(bytes)).toBe(sha(file));
    expect(failures.some((f) => f.node === victimAddress && f.sliceIndex === 1)).toBe(true);
    step(`download: SIGKILLed ${mesh.resourceKeys[idx]!.name}, first holder of slice 1, as slice 1 was requested; failed over (${failures.map((f) => `${f.kind} on slice ${f.sliceIndex}`).join(", ")}); bytes verified`);
    await mesh.resources[idx]!.start();
    await mesh.waitHealthy(5);
    await checkNothingHalfWritten(mesh.resourceKeys[idx]!);
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
    step(`download: ${mesh.resourceKeys[idx]!.name} is back; the file downloads and verifies again`);
  });

  it("the meta node SIGKILLed mid-epoch: counted receipts survive, none is counted twice, the report is right", async () => {
    const tip = () => latestHeight(net.rpcUrl).then(Number);
    // Start in the first third of an epoch, so the kill and the restart happen inside it.
    await eventually("the first third of an epoch", async () => (await tip()) % EPOCH <= EPOCH / 3, 2 * EPOCH * 1000);
    const spent0 = await settledSpend();
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
    const spent1 = await eventually("the download's receipts to be counted", async () => {
      const s = (await client.ozone()).spent_noz;
      return s >= spent0 + BigInt(file.length) ? s : undefined;
    });
    expect(spent1).toBe(spent0 + BigInt(file.length));
    const killHeight = await tip();
    const epoch = Math.floor(killHeight / EPOCH) + 1;
    await mesh.meta.kill();
    const before = await readIndex();
    const counted = before.traffic.get(epoch) ?? new Map<string, bigint>();
    step(`meta restart: receipts for ${file.length} bytes counted; SIGKILLed the meta node at height ${killHeight} (epoch ${epoch}); its index holds ${[...counted.values()].reduce((a, b) => a + b, 0n)} bytes of epoch ${epoch} traffic in ${before.receipts.get(epoch)?.length ?? 0} receipts`);
    await mesh.meta.start();
    await mesh.waitHealthy(5);
    const restartHeight = await tip();
    expect(Math.floor((restartHeight - 1) / EPOCH) + 1).toBe(epoch);
    expect((await client.ozone()).spent_noz).toBe(spent1);
    // Every counted receipt, replayed to the restarted meta node, is refused.
    const replay = (await (await fetch(`${mesh.metaUrl}/v1/receipts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ receipts: before.receipts.get(epoch) ?? [] }) })).json()) as { accepted: number; rejected: { reason: string }[] };
    expect(replay.accepted).toBe(0);
    expect(replay.rejected.length).toBeGreaterThanOrEqual(3); // at least the download's three slices
    expect(replay.rejected.every((r) => r.reason === "duplicate")).toBe(true);
    step(`meta restart: back at height ${restartHeight}, still epoch ${epoch}; ozone spend unchanged; ${replay.rejected.length} counted receipts replayed to it: all refused as duplicates`);
    // Traffic after the restart is counted once more.
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
    const spent2 = await eventually("the second download's receipts", async () => {
      const s = (await client.ozone()).spent_noz;
      return s >= spent1 + BigInt(file.length) ? s : undefined;
    });
    expect(spent2).toBe(spent1 + BigInt(file.length));
    expect(await settledSpend()).toBe(spent2);

    // The epoch ends; its report goes on chain.
    const report = await eventually(`the volume report of epoch ${epoch}`, async () => chain.pot.volumeReport(BigInt(epoch)), 4 * EPOCH * 1000);
    expect(report.reporter).toBe(mesh.metaKey.networkAddress);
    const tx = await rpc<{ tx: string }>(net.rpcUrl, "tx", { hash: Buffer.from(report.txHash, "hex").toString("base64") });
    const body = TxBody.decode(TxRaw.decode(Buffer.from(tx.tx, "base64")).bodyBytes);
    const msg = stratos.pot.v1.MsgVolumeReport.decode(body.messages.find((m) => m.typeUrl === "/stratos.pot.v1.MsgVolumeReport")!.value);
    await mesh.meta.stop();
    const after = await readIndex();
    await mesh.meta.start();
    await mesh.waitHealthy(5);
    // Nothing was lost (each node kept at least its bytes) and exactly one download more was counted.
    for (const [node, bytes] of counted) expect(after.traffic.get(epoch)?.get(node) ?? 0n).toBeGreaterThanOrEqual(bytes);
    expect(after.total).toBe(before.total + BigInt(file.length));
    const ownerOf = (n: string) => nodes.find((k) => k.networkAddress === n)?.owner.address;
    const expected = walletVolumes(after.traffic.get(epoch)!, ownerOf).map((v) => ({ walletAddress: v.wallet, volume: v.volume.toString() }));
    expect(msg.walletVolumes.map((v) => ({ walletAddress: v.walletAddress, volume: String(v.volume) }))).toEqual(expected);
    step(`meta restart: epoch ${epoch} reported on chain (tx ${report.txHash.slice(0, 12)}…): ${expected.map((v) => `${v.walletAddress.slice(0, 10)}…=${v.volume}`).join(", ")} = the counted receipts' bytes per owner; index total grew by exactly one download`);
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
  });
});
