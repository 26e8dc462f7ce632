/**
 * Two bonded meta nodes: the reporting meta node collects the other's signature on its volume
 * report. With two bonded meta nodes the chain needs both signatures (n·3 >= 2·bonded), so a
 * report landing on chain shows the co-signing worked end to end. Real processes throughout.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MeshClient, randomNodeKey, StratosClient, walletFromMnemonic, walletKeyFromMnemonic } from "@stratos/sdk";
import { DaemonProcess, freePorts, LocalMesh, loadDevAccounts, loadNodeKeys, META_NODE_MAIN, type LocalnetNodeKey } from "../../localnet/lib";
import { startTestnet, type Testnet } from "../../chain/test/helpers/testnet";

jest.setTimeout(240_000);

let net: Testnet;
let mesh: LocalMesh;
let second: DaemonProcess;
let dir: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await mesh?.stop();
  await second?.stop();
  await net?.stop();
  if (dir && !process.env["KEEP_TESTNET"]) rmSync(dir, { recursive: true, force: true });
});

it("a volume report signed by both bonded meta nodes is accepted on chain", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-cosign-"));
  const base = loadNodeKeys();
  const k = randomNodeKey();
  const owner = loadDevAccounts()[3];
  const meta2: LocalnetNodeKey = {
    name: "meta-2",
    role: "meta",
    p2pPrivateKey: Buffer.from(k.privateKey).toString("hex"),
    p2pPublicKey: Buffer.from(k.publicKey).toString("hex"),
    networkAddress: k.address,
    owner: { mnemonic: owner!.mnemonic, address: owner!.address },
  };
  net = await startTestnet({ chainId: "stratos-cosign-test", stratos: { nodes: [...base, meta2], epochLength: 10n, matureEpoch: 2n } });
  const chain = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(net.accounts[1]!.mnemonic), pollIntervalMs: 200 });
  expect(await chain.register.bondedMetaNodeCount()).toBe(2n);

  const resources = base.filter((n) => n.role === "resource");
  const ports = await freePorts(2 + resources.length);
  const meta2Url = `http://127.0.0.1:${ports[1]}`;
  const meta2Dir = path.join(dir, "meta-2");
  mkdirSync(meta2Dir, { recursive: true });
  const cfg = path.join(meta2Dir, "config.json");
  writeFileSync(cfg, JSON.stringify({ dataDir: path.join(meta2Dir, "data"), chainId: net.chainId, rpcUrl: net.rpcUrl, p2pKey: meta2.p2pPrivateKey, ownerMnemonic: meta2.owner.mnemonic, port: ports[1], publicUrl: meta2Url, pollIntervalMs: 500 }));
  second = new DaemonProcess({ name: "meta-2", script: META_NODE_MAIN, args: ["start", "--config", cfg], readyUrl: `${meta2Url}/v1/status`, output: { logDir: path.join(dir, "logs") } });
  await second.start();
  mesh = new LocalMesh({ dir, chainId: net.chainId, rpcUrl: net.rpcUrl, nodes: base, ports: { meta: ports[0]!, resources: ports.slice(2) }, output: { logDir: path.join(dir, "logs") }, cosigners: [meta2Url] });
  await mesh.start();

  const client = new MeshClient({ metaUrl: mesh.metaUrl, chainId: net.chainId, wallet: await walletKeyFromMnemonic(net.accounts[1]!.mnemonic), chain });
  await chain.prepay(10n ** 18n);
  for (let i = 0; i < 100 && (await client.ozone()).balance_noz === 0n; i++) await sleep(300);
  const { cid } = await client.upload(new Uint8Array(randomBytes(600_000)), { replicas: 2 });
  await client.downloadToBuffer(cid);
  let report = null;
  for (let i = 0; i < 200 && !report; i++) {
    report = await chain.pot.volumeReport(0n);
    if (!report) await sleep(500);
  }
  expect(report).not.toBeNull();
  expect(report!.reporter).toBe(mesh.metaKey.networkAddress);
});
