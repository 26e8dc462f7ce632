/**
 * The storage mesh end to end: a real CometBFT + app, the meta node and five resource nodes as
 * separate processes (the localnet's code and keys), and the SDK. Covers: too little ozone,
 * prepay and ozone, upload (with the on-chain record checked), download and ranges, ls/info/
 * verify, a killed resource node (downloads fail over, the meta node re-replicates), a corrupted
 * slice on disk (detected, served from a replica), traffic in a volume report, rewards maturing
 * and withdrawn, and the CLI.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  encodeEnvelopeHeader,
  expiresIn,
  MeshClient,
  newNonce,
  signAsWallet,
  OzoneInsufficientError,
  StratosClient,
  walletFromMnemonic,
  walletKeyFromMnemonic,
  proveReceiptCounted,
  ProofError,
  type Envelope,
  type HolderFailure,
  type Receipt,
} from "@stratos/sdk";
import { eventually, DaemonProcess, freePorts, LocalMesh, REPO_ROOT, RESOURCE_NODE_MAIN, type LocalnetNodeKey } from "../../localnet/lib";
import { randomNodeKey } from "@stratos/sdk";
import type { Testnet } from "../../chain/test/helpers/testnet";
import { startMeshTestNet, type MeshTestNet } from "./testing/mesh-net";

jest.setTimeout(300_000);

const STOS = 10n ** 18n;
const MiB = 1024 * 1024;
let meshNet: MeshTestNet;
let net: Testnet;
let mesh: LocalMesh;
let dir: string;
let nodes: LocalnetNodeKey[];
let mnemonic: string;
let chain: StratosClient;
let client: MeshClient;
let file: Uint8Array;
let filePath: string;
let cid: string;
/** Receipts this wallet signed for the downloads below (for the inclusion proofs). */
const receipts: Envelope<Receipt>[] = [];

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  // bob: a dev account no other test in this file spends from
  meshNet = await startMeshTestNet({ chainId: "stratos-mesh-test", epochLength: 10n, matureEpoch: 2n, account: 1, prefix: "stratos-mesh-" });
  ({ net, mesh, dir, nodes, mnemonic, chain, client } = meshNet);
  file = randomBytes(20 * MiB + 12345);
  filePath = path.join(dir, "input.bin");
  writeFileSync(filePath, file);
});

afterAll(async () => {
  await meshNet?.stop();
});

describe("storage mesh end to end", () => {
  it("refuses an upload without ozone, with a typed error, and stores nothing", async () => {
    const err = await client.upload(filePath).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OzoneInsufficientError);
    expect((err as OzoneInsufficientError).need).toBeGreaterThan(0n);
    expect(await client.ls()).toEqual([]);
  });

  it("prepay: the meta node credits the ozone bought on chain", async () => {
    const res = await chain.prepay(10n * STOS);
    const ev = res.events.find((e) => e.type === "stratos.sds.v1.EventPrePay")!;
    const bought = BigInt(JSON.parse(ev.attributes.find((a) => a.key === "purchased_noz")!.value) as string);
    const balance = await eventually("ozone to be credited", async () => {
      const o = await client.ozone();
      return o.balance_noz >= bought ? o.balance_noz : undefined;
    });
    expect(balance).toBe(bought);
  });

  it("uploads a file to 3 replicas per slice and the chain holds a matching record", async () => {
    const progress: number[] = [];
    const res = await client.upload(filePath, { replicas: 3, onProgress: (e) => progress.push(Number(e.bytesSent)) });
    cid = res.cid;
    expect(res.size).toBe(BigInt(file.length));
    expect(progress.length).toBeGreaterThan(0);
    const record = (await chain.sds.fileUpload(cid))!;
    expect(record).toMatchObject({ owner: chain.signerAddress, size: BigInt(file.length), sliceCount: 3, replicas: 3 });
    for (const h of record.holders) expect(new Set(h.sdsAddresses).size).toBe(3);
    const ozone = await client.ozone();
    expect(ozone.spent_noz).toBeGreaterThanOrEqual(BigInt(file.length) * 3n);
  });

  it("downloads the whole file and byte ranges, verified against the CID", async () => {
    expect(sha(await client.downloadToBuffer(cid, { onReceipt: (r) => receipts.push(r) }))).toBe(sha(file));
    expect(receipts).toHaveLength(3); // one per slice
    const start = 8 * MiB - 100;
    const end = 16 * MiB + 100;
    const part = await client.downloadToBuffer(cid, { range: { start: BigInt(start), end: BigInt(end) } });
    expect(Buffer.from(part).equals(Buffer.from(file.subarray(start, end + 1)))).toBe(true);
  });

  it("lists, describes and verifies the file (whole and one chunk's Merkle proof)", async () => {
    expect((await client.ls()).map((f) => f.cid)).toEqual([cid]);
    const info = await client.info(cid);
    expect(info.mesh.slices).toHaveLength(3);
    expect(info.chain?.owner).toBe(chain.signerAddress);
    expect(await client.verify(cid)).toMatchObject({ ok: true, size: BigInt(file.length) });
    expect(await client.verify(cid, { chunk: 37 })).toMatchObject({ ok: true });
  });

  it("a corrupted slice on disk is detected when served; the download is served from a replica", async () => {
    const info = await client.info(cid);
    const victim = info.mesh.slices[1]!.holders[0]!.node;
    const key = nodes.find((n) => n.networkAddress === victim)!;
    const sliceDir = path.join(dir, key.name, "data", "slices", cid);
    const target = path.join(sliceDir, "1");
    expect(existsSync(target)).toBe(true);
    const bytes = Buffer.from(file.subarray(8 * MiB, 16 * MiB));
    bytes[12345] = bytes[12345]! ^ 0xff;
    writeFileSync(target, bytes);
    // Read slice 1 from that node with a ticket the meta node issues: it re-hashes and refuses.
    const wallet = await walletKeyFromMnemonic(mnemonic);
    const env = signAsWallet({ type: "download.request", chain_id: net.chainId, nonce: newNonce(), expires: expiresIn(120), cid }, wallet);
    const plan = (await (await fetch(`${mesh.metaUrl}/v1/downloads`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(env) })).json()) as {
      slices: { slice_index: string | number; holders: { node: string; url: string; ticket: unknown }[] }[];
    };
    const holder = plan.slices.find((x) => Number(x.slice_index) === 1)!.holders.find((h) => h.node === victim)!;
    const ticket = typeof holder.ticket === "string" ? holder.ticket : encodeEnvelopeHeader(holder.ticket as Parameters<typeof encodeEnvelopeHeader>[0]);
    const res = await fetch(`${holder.url}/v1/slices/${cid}/1`, { headers: { "x-stratos-ticket": ticket } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { code: string }).code).toBe("corrupt");
    // Downloads still return the right bytes (from the other holders).
    const failures: HolderFailure[] = [];
    expect(sha(await client.downloadToBuffer(cid, { onHolderFailure: (f) => failures.push(f) }))).toBe(sha(file));
    // The corrupt copy is gone: quarantined, or already replaced by a good copy from a repair.
    const good = Buffer.from(file.subarray(8 * MiB, 16 * MiB));
    expect(!existsSync(target) || readFileSync(target).equals(good)).toBe(true);
    expect(readdirSync(path.join(dir, key.name, "data", "quarantine")).length).toBeGreaterThan(0);
    // The node tells the meta node with its next heartbeat; the slice is repaired from a replica.
    await eventually("slice 1 to be back at 3 healthy copies", async () => {
      const i = await client.info(cid);
      const s1 = i.mesh.slices[1]!;
      const holders = s1.holders.filter((h) => h.healthy);
      return holders.length >= 3 && (!holders.some((h) => h.node === victim) || existsSync(target)) ? true : undefined;
    }, 60_000);
    expect(await client.verify(cid)).toMatchObject({ ok: true });
  });

  it("kill a resource node: downloads still succeed, and the meta node re-replicates its slices", async () => {
    const info = await client.info(cid);
    const victim = info.mesh.slices[0]!.holders[0]!.node;
    const idx = mesh.resourceKeys.findIndex((k) => k.networkAddress === victim);
    await mesh.resources[idx]!.kill();
    expect(sha(await client.downloadToBuffer(cid, { slowNodeMs: 2_000 }))).toBe(sha(file));
    const healed = await eventually("every slice to have 3 healthy holders without the dead node", async () => {
      const i = await client.info(cid);
      const ok = i.mesh.slices.every((s) => s.holders.filter((h) => h.healthy && h.node !== victim).length >= 3);
      return ok ? i : undefined;
    }, 120_000);
    expect(healed.mesh.slices.every((s) => !s.holders.some((h) => h.node === victim && h.healthy))).toBe(true);
    const record = await eventually("the chain record to name the new holders", async () => {
      const r = await chain.sds.fileUpload(cid);
      return r && r.holders.every((h) => !h.sdsAddresses.includes(victim)) ? r : undefined;
    }, 60_000);
    expect(record.holders.every((h) => h.sdsAddresses.length === 3)).toBe(true);
    expect(sha(await client.downloadToBuffer(cid))).toBe(sha(file));
  });

  it("the traffic served shows up in a volume report; rewards mature and are withdrawn", async () => {
    const report = await eventually("a volume report on chain", async () => chain.pot.volumeReport(0n), 120_000);
    expect(report.reporter).toBe(mesh.metaKey.networkAddress);
    const wei = (coins: readonly { denom: string; amount: string }[]) => BigInt(coins.find((c) => c.denom === "wei")?.amount ?? "0");
    const earners = await eventually("a resource node owner with rewards", async () => {
      const out: LocalnetNodeKey[] = [];
      for (const k of mesh.resourceKeys) {
        const r = await chain.pot.rewardsByWallet(k.owner.address);
        if (wei(r.immatureTotalReward) + wei(r.matureTotalReward) > 0n) out.push(k);
      }
      return out.length > 0 ? out : undefined;
    });
    const owner = earners[0]!;
    const mature = await eventually("the reward to mature", async () => {
      const r = await chain.pot.rewardsByWallet(owner.owner.address);
      return wei(r.matureTotalReward) > 0n ? wei(r.matureTotalReward) : undefined;
    }, 120_000);
    const proven = await chain.verified.getRewards(owner.owner.address);
    expect(wei(proven.value.mature) + wei(proven.value.immature)).toBeGreaterThan(0n);
    const ownerClient = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(owner.owner.mnemonic), pollIntervalMs: 200 });
    const before = await ownerClient.getBalance(owner.owner.address);
    await ownerClient.withdraw(mature);
    expect(await ownerClient.getBalance(owner.owner.address)).toBeGreaterThan(before);
  });

  it("a new resource node registers itself on chain at start; the meta node activates it", async () => {
    const key = randomNodeKey();
    const [port] = await freePorts(1);
    const nodeDir = path.join(dir, "self-registered");
    const config = path.join(dir, "self-registered.json");
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: nodeDir,
        port,
        chainId: net.chainId,
        privateKeyHex: Buffer.from(key.privateKey).toString("hex"),
        metaUrl: mesh.metaUrl,
        metaAddress: mesh.metaKey.networkAddress,
        capacityBytes: String(1024 ** 3),
        heartbeatIntervalMs: 2000,
        logLevel: "warn",
        registration: { rpcUrl: net.rpcUrl, ownerMnemonic: net.accounts[3]!.mnemonic, depositWei: (2n * STOS).toString(), moniker: "self-registered" },
      }),
    );
    expect(await chain.register.resourceNode(key.address)).toBeNull();
    const daemon = new DaemonProcess({ name: "self-registered", script: RESOURCE_NODE_MAIN, args: ["start", "--config", config], readyUrl: `http://127.0.0.1:${port}/v1/status`, output: { logDir: path.join(dir, "logs") } });
    try {
      await daemon.start();
      const node = (await chain.register.resourceNode(key.address))!;
      expect(node).toMatchObject({ ownerAddress: net.accounts[3]!.address, status: 3, tokens: (2n * STOS).toString() });
      // Its heartbeats reach the meta node, which activates it on chain (effective deposit = deposit).
      const active = await eventually("the meta node to activate the new node", async () => {
        const n = await chain.register.resourceNode(key.address);
        return n && !n.suspend ? n : undefined;
      }, 30_000);
      expect(active.effectiveTokens).toBe((2n * STOS).toString());
      // A restart finds it registered and does not register again.
      await daemon.stop();
      await daemon.start();
      expect((await chain.register.resourceNode(key.address))!.tokens).toBe((2n * STOS).toString());
    } finally {
      await daemon.stop();
    }
    // Until the meta node notices it is gone (3 missed heartbeats), it could still place slices on
    // it, and an upload does not ask for another holder yet; wait so later tests are not affected.
    await eventually("the meta node to see the stopped node as unhealthy", async () => {
      const st = (await (await fetch(`${mesh.metaUrl}/v1/status`)).json()) as { nodes: { address: string; healthy: boolean }[] };
      return !st.nodes.some((n) => n.address === key.address && n.healthy);
    }, 30_000);
  });

  it("a receipt the wallet signed is proven counted in a volume report on chain; an altered one is not", async () => {
    const counted = await eventually("the receipts' epoch to be reported", () => proveReceiptCounted(receipts[0]!, { mesh: client, verified: chain.verified, chainId: net.chainId }), 120_000);
    expect(counted).toMatchObject({ wallet: chain.signerAddress, node: receipts[0]!.payload.node, bytes: BigInt(receipts[0]!.payload.bytes), reporter: mesh.metaKey.networkAddress });
    expect(counted.reference).toMatch(/^epoch-\d+-\d+-[0-9a-f]{64}$/);
    expect(counted.receiptCount).toBeGreaterThanOrEqual(receipts.length);
    console.log(`receipt counted in epoch ${counted.epoch} (leaf ${counted.leafIndex} of ${counted.receiptCount}), report tx ${counted.txHash}, proven at height ${counted.height}`);
    // the same receipt with more bytes claimed: the signature no longer checks
    const inflated = { ...receipts[0]!, payload: { ...receipts[0]!.payload, bytes: "999999999" } };
    const err = await proveReceiptCounted(inflated, { mesh: client, verified: chain.verified, chainId: net.chainId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProofError);
    expect((err as ProofError).kind).toBe("receipt");
  });

  it("stratos verify --proof proves the record and a chunk; verify-receipt proves receipts; failures exit 3", async () => {
    const mnemonicFile = path.join(dir, "mnemonic-proof.txt");
    writeFileSync(mnemonicFile, mnemonic);
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(process.execPath, [path.join(REPO_ROOT, "sdk", "bin", "stratos.js"), "--rpc", net.rpcUrl, "--meta", mesh.metaUrl, "--chain-id", net.chainId, "--mnemonic-file", mnemonicFile, ...args], { timeout: 120_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const proof = await cli(["--json", "verify", cid, "--proof", "--chunk", "41"]);
    expect(proof.stderr).toBe("");
    expect(proof.code).toBe(0);
    const report = JSON.parse(proof.stdout) as { record: { owner: string; merkleRoot: string; size: string }; provenAtHeight: string; chunk: { index: number; siblings: string[] } };
    expect(report.record).toMatchObject({ owner: chain.signerAddress, size: String(file.length) });
    expect(report.chunk.index).toBe(41);
    expect(report.chunk.siblings.length).toBeGreaterThan(3);
    const plain = await cli(["verify", cid, "--proof"]);
    expect(plain.code).toBe(0);
    console.log(plain.stdout);
    expect(plain.stdout).toMatch(/proven at height \d+/);

    const receiptsFile = path.join(dir, "receipts.jsonl");
    writeFileSync(receiptsFile, receipts.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const ok = await cli(["verify-receipt", receiptsFile]);
    expect(ok.code).toBe(0);
    console.log(ok.stdout);
    expect(ok.stdout.match(/counted in epoch/g)).toHaveLength(receipts.length);
    const forged = path.join(dir, "forged-receipt.json");
    writeFileSync(forged, JSON.stringify({ ...receipts[1]!, payload: { ...receipts[1]!.payload, bytes: "1" } }));
    const bad = await cli(["verify-receipt", forged]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/receipt/);
    const absent = await cli(["verify", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "--proof"]);
    expect(absent.code).toBe(3);
    expect(absent.stderr).toMatch(/no record/);
  });

  it("the stratos CLI uploads and downloads with --json and sensible exit codes", async () => {
    const mnemonicFile = path.join(dir, "mnemonic.txt");
    writeFileSync(mnemonicFile, mnemonic);
    const small = randomBytes(300_000);
    const smallPath = path.join(dir, "small.bin");
    writeFileSync(smallPath, small);
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(process.execPath, [path.join(REPO_ROOT, "sdk", "bin", "stratos.js"), "--rpc", net.rpcUrl, "--meta", mesh.metaUrl, "--chain-id", net.chainId, "--mnemonic-file", mnemonicFile, "--json", ...args], { timeout: 120_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const up = await cli(["upload", smallPath, "--replicas", "2"]);
    expect(up.code).toBe(0);
    const upJson = JSON.parse(up.stdout) as { cid: string };
    expect(upJson.cid).toMatch(/^b/);
    const out = path.join(dir, "small.out");
    const down = await cli(["download", upJson.cid, "-o", out]);
    expect(down.code).toBe(0);
    expect(sha(new Uint8Array(readFileSync(out)))).toBe(sha(small));
    const bad = await cli(["download", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"]);
    expect(bad.code).not.toBe(0);
  });

  it("the storage examples run against the mesh (upload-and-verify, download-range)", async () => {
    const run = (name: string): Promise<string> =>
      new Promise((resolve, reject) => {
        execFile(process.execPath, ["--require", "tsx/cjs", path.join(REPO_ROOT, "examples", name, "main.ts")], { env: { ...process.env, STRATOS_RPC: net.rpcUrl, STRATOS_META: mesh.metaUrl, STRATOS_CHAIN_ID: net.chainId }, timeout: 120_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${name}: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
        );
      });
    const up = await run("upload-and-verify");
    expect(up).toMatch(/b[a-z2-7]{20,}/);
    expect(up).toMatch(/verified against the CID/);
    const range = await run("download-range");
    expect(range).toMatch(/64 bytes match/);
  });
});
