import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devAppState, DEV_SELF_BOND, WEI_PER_STOS, freePorts, initNodeHome, LocalNode, loadDevAccounts, loadNodeKeys, type DevAccount, type StratosGenesisOptions } from "../../../localnet/lib";

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
  /**
   * Genesis of the Stratos modules (nodes, epochs, times); default: the localnet's nodes and
   * settings. Without `validators`, the node itself is the staking validator, self-bonded
   * (DEV_SELF_BOND) by the first dev account.
   */
  readonly stratos?: StratosGenesisOptions;
}

/**
 * Starts CometBFT + our app and waits for the first block. A start that fails before the first
 * block (a process exits, or a port picked as free was taken by a parallel test in between) is
 * retried once on fresh ports and a fresh home, after printing why, so a busy machine does not
 * fail a test for reasons outside it.
 */
export async function startTestnet(opts: TestnetOptions = {}): Promise<Testnet> {
  try {
    return await startTestnetOnce(opts);
  } catch (e) {
    console.warn(`testnet start failed (${(e as Error).message}); retrying once on fresh ports`);
    return startTestnetOnce(opts);
  }
}

async function startTestnetOnce(opts: TestnetOptions): Promise<Testnet> {
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
    appState: ({ consensusPubKey }) =>
      devAppState(accounts, undefined, {
        ...(opts.stratos ?? { nodes: loadNodeKeys() }),
        validators: opts.stratos?.validators ?? [{ consensusPubKey, operatorAddress: accounts[0]!.address, selfBond: DEV_SELF_BOND }],
      }),
    ...(opts.stratos?.validators ? {} : { validatorPower: DEV_SELF_BOND / WEI_PER_STOS }),
  });
  const node = new LocalNode({ home, ports, minGasPrices: opts.minGasPrices ?? "1000000000wei", output: { logDir: path.join(home, "logs") } });
  try {
    await node.start();
    await node.waitForHeight(1n, 60_000);
  } catch (e) {
    await node.stop().catch(() => undefined);
    const tail = (name: string) => {
      try {
        return readFileSync(path.join(home, "logs", name), "utf8").split("\n").slice(-5).join(" | ");
      } catch {
        return "(no log)";
      }
    };
    rmSync(home, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}; cometbft: ${tail("cometbft.log")}; app: ${tail("app.log")}`);
  }
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
