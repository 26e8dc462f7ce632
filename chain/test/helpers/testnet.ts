import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devAppState, freePorts, initNodeHome, LocalNode, loadDevAccounts, loadNodeKeys, type DevAccount, type StratosGenesisOptions } from "../../../localnet/lib";

/** A single-validator test net in a temporary home on free ports (never the localnet's). */
export interface Testnet {
  readonly node: LocalNode;
  readonly home: string;
  readonly rpcUrl: string;
  readonly chainId: string;
  readonly accounts: readonly DevAccount[];
  stop(): Promise<void>;
}

export interface TestnetOptions {
  readonly chainId?: string;
  readonly timeoutCommit?: string;
  readonly minGasPrices?: string;
  readonly mempoolSize?: number;
  /** Genesis of the Stratos modules (nodes, epochs, times); default: the localnet's nodes and settings. */
  readonly stratos?: StratosGenesisOptions;
}

/** Starts CometBFT + our app and waits for the first block. */
export async function startTestnet(opts: TestnetOptions = {}): Promise<Testnet> {
  const home = mkdtempSync(path.join(os.tmpdir(), "stratos-test-"));
  const [rpc, p2p, abci] = await freePorts(3);
  const ports = { rpc: rpc!, p2p: p2p!, abci: abci! };
  const chainId = opts.chainId ?? "stratos-test";
  const accounts = loadDevAccounts();
  initNodeHome({
    home,
    chainId,
    ports,
    timeoutCommit: opts.timeoutCommit ?? "300ms",
    mempoolSize: opts.mempoolSize ?? 5000,
    appState: devAppState(accounts, undefined, opts.stratos ?? { nodes: loadNodeKeys() }),
  });
  const node = new LocalNode({ home, ports, minGasPrices: opts.minGasPrices ?? "1000000000wei", output: { logDir: path.join(home, "logs") } });
  await node.start();
  await node.waitForHeight(1n, 60_000);
  return {
    node,
    home,
    rpcUrl: node.rpcUrl,
    chainId,
    accounts,
    stop: async () => {
      await node.stop();
      if (!process.env["KEEP_TESTNET"]) rmSync(home, { recursive: true, force: true });
    },
  };
}
