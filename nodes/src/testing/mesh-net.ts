import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MeshClient, StratosClient, walletFromMnemonic, walletKeyFromMnemonic } from "@stratos/sdk";
import { freePorts, LocalMesh, loadNodeKeys, type LocalnetNodeKey } from "../../../localnet/lib";
import { startTestnet, type Testnet } from "../../../chain/test/helpers/testnet";

/** A test chain, the localnet's meta node and resource nodes as processes, and one wallet's clients. */
export interface MeshTestNet {
  readonly net: Testnet;
  readonly mesh: LocalMesh;
  /** Temporary folder of the storage daemons (and the test's files). */
  readonly dir: string;
  readonly nodes: LocalnetNodeKey[];
  readonly mnemonic: string;
  /** Chain client signing as the wallet. */
  readonly chain: StratosClient;
  /** Mesh client of the wallet, with `chain` for on-chain checks. */
  readonly client: MeshClient;
  /** Stops the daemons and the chain and deletes `dir` (kept when KEEP_TESTNET is set). */
  stop(): Promise<void>;
}

export interface MeshTestNetOptions {
  readonly chainId: string;
  readonly epochLength: bigint;
  readonly matureEpoch: bigint;
  /** Which dev account is the wallet (one no other test in the file spends from). */
  readonly account: number;
  /** Folder name prefix under the OS temp folder. */
  readonly prefix: string;
}

export async function startMeshTestNet(o: MeshTestNetOptions): Promise<MeshTestNet> {
  const nodes = loadNodeKeys();
  const net = await startTestnet({ chainId: o.chainId, stratos: { nodes, epochLength: o.epochLength, matureEpoch: o.matureEpoch } });
  const dir = mkdtempSync(path.join(os.tmpdir(), o.prefix));
  const resources = nodes.filter((n) => n.role === "resource");
  const ports = await freePorts(1 + resources.length);
  const mesh = new LocalMesh({ dir, chainId: net.chainId, rpcUrl: net.rpcUrl, nodes, ports: { meta: ports[0]!, resources: ports.slice(1) }, output: { logDir: path.join(dir, "logs") } });
  const stop = async (): Promise<void> => {
    await mesh.stop();
    await net.stop();
    if (!process.env["KEEP_TESTNET"]) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await mesh.start();
    const mnemonic = net.accounts[o.account]!.mnemonic;
    const chain = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(mnemonic), pollIntervalMs: 200 });
    const client = new MeshClient({ metaUrl: mesh.metaUrl, chainId: net.chainId, wallet: await walletKeyFromMnemonic(mnemonic), chain });
    return { net, mesh, dir, nodes, mnemonic, chain, client, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
