import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { COMETBFT_BIN, devAppState, freePorts, initNodeHome, LocalNode } from "../localnet/lib";
/** Per bench account: 100,000 STOS, so 500 accounts stay under pot's 100M STOS supply cap. */
const BENCH_STOS_EACH = 100_000n;
import { setConfigKeys } from "../localnet/lib/node-home";
import { benchKeys } from "./accounts";
import { kvstoreTxs, presignSends } from "./load";
import { Progress } from "./progress";
import { rpc } from "../chain/test/helpers/rpc";

/** Result of one end-to-end run. */
export interface E2eResult {
  readonly label: string;
  readonly txs: number;
  readonly committed: number;
  readonly failed: number;
  readonly seconds: number;
  readonly blocks: number;
  readonly txPerSecond: number;
}


/**
 * Broadcasts the txs of each lane with `broadcast_tx_sync`, one client per lane, and counts
 * them as committed by walking `block_results` until all are in (or a timeout).
 */
async function drive(label: string, rpcUrl: string, lanes: readonly (readonly Uint8Array[])[], startHeight: bigint): Promise<E2eResult> {
  const txs = lanes.flat();
  const progress = new Progress(`${label}: committed`, txs.length);
  let rejected = 0;
  const t0 = performance.now();
  // Each client owns a share of the txs (`lanes`), sends them in order in JSON-RPC batches of
  // BATCH broadcast_tx_sync calls, and waits for each batch's answers before the next, so one
  // account's sequences never overtake each other. One HTTP round trip per tx would make the
  // load generator, not the node, the bottleneck on a 2-core machine.
  const sender = async (lane: readonly Uint8Array[]) => {
    for (let start = 0; start < lane.length; start += BATCH) rejected += await broadcastBatch(rpcUrl, lane.slice(start, start + BATCH), start);
  };
  const senders = Promise.all(lanes.map(sender));
  let committed = 0;
  let failed = 0;
  let height = startHeight;
  let blocks = 0;
  let lastCommitAt = t0;
  const deadline = Date.now() + 600_000;
  while (committed + failed + rejected < txs.length && Date.now() < deadline) {
    const status = await rpc<{ sync_info: { latest_block_height: string } }>(rpcUrl, "status", {});
    const latest = BigInt(status.sync_info.latest_block_height);
    while (height < latest) {
      // A block can show in /status a moment before its results are stored; retry next poll.
      const br = await rpc<{ txs_results: { code: number }[] | null }>(rpcUrl, "block_results", { height: (height + 1n).toString() }).catch(() => undefined);
      if (!br) break;
      height++;
      const results = br.txs_results ?? [];
      if (results.length > 0) {
        blocks++;
        lastCommitAt = performance.now();
      }
      for (const r of results) (r.code === 0 ? committed++ : failed++);
      progress.update(committed + failed);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await senders;
  progress.done();
  const seconds = (lastCommitAt - t0) / 1000;
  return { label, txs: txs.length, committed, failed: failed + rejected, seconds, blocks, txPerSecond: committed / seconds };
}

/** Calls per JSON-RPC batch; the bench nodes allow up to MAX_BATCH (`rpc.max_request_batch_size`). */
export const BATCH = 20;
const MAX_BATCH = 100;

/**
 * Sends `txs` as one JSON-RPC batch of `broadcast_tx_sync` calls (ids from `firstId`) and waits for
 * the answers; resolves with how many were refused (CheckTx or RPC error; all of them when the
 * call itself fails).
 */
export async function broadcastBatch(rpcUrl: string, txs: readonly Uint8Array[], firstId = 0): Promise<number> {
  const body = txs.map((tx, i) => ({ jsonrpc: "2.0", id: firstId + i, method: "broadcast_tx_sync", params: { tx: Buffer.from(tx).toString("base64") } }));
  try {
    const res = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    const replies = (await res.json()) as { result?: { code: number }; error?: unknown }[];
    return replies.filter((r) => r.error || r.result?.code !== 0).length;
  } catch {
    return txs.length;
  }
}

function allowBatches(home: string): void {
  setConfigKeys(home, { "rpc.max_request_batch_size": String(MAX_BATCH) });
}

/**
 * Splits txs presigned in (sequence, account) order into `lanes` lanes: lane j gets the txs
 * of accounts j, j+lanes, ..., in sequence order.
 */
export function toLanes<T>(txs: readonly T[], accounts: number, lanes: number): T[][] {
  const out: T[][] = Array.from({ length: lanes }, () => []);
  txs.forEach((tx, i) => out[(i % accounts) % lanes]!.push(tx));
  return out;
}

/**
 * Diagnostics only, for finding what limits throughput: BENCH_INDEXER=null turns CometBFT's
 * tx indexer off (cosmjs needs it on), BENCH_CONFIG="section.key=value;..." sets any other
 * config.toml key (values as TOML, e.g. mempool.recheck=false).
 */
function applyDiagnosticConfig(home: string): void {
  const entries: Record<string, string> = {};
  if (process.env["BENCH_INDEXER"]) entries["tx_index.indexer"] = JSON.stringify(process.env["BENCH_INDEXER"]);
  for (const item of (process.env["BENCH_CONFIG"] ?? "").split(";").filter((x) => x.includes("="))) {
    const [lhs, value] = item.split("=") as [string, string];
    entries[lhs] = value;
  }
  setConfigKeys(home, entries);
}

async function tempHome(prefix: string): Promise<{ home: string; ports: { rpc: number; p2p: number; abci: number } }> {
  const home = mkdtempSync(path.join(os.tmpdir(), prefix));
  const [rpc, p2p, abci] = await freePorts(3);
  return { home, ports: { rpc: rpc!, p2p: p2p!, abci: abci! } };
}

/** Our app under CometBFT with pre-signed MsgSends. */
export async function runStratosE2e(accounts: number, perAccount: number, concurrency: number): Promise<E2eResult> {
  if (accounts % concurrency !== 0) throw new Error("accounts must be a multiple of the concurrency");
  const keys = benchKeys(accounts);
  const { home, ports } = await tempHome("stratos-bench-");
  initNodeHome({ home, chainId: "stratos-bench", ports, timeoutCommit: "1s", mempoolSize: 100_000, appState: devAppState(keys, BENCH_STOS_EACH) });
  allowBatches(home);
  applyDiagnosticConfig(home);
  const node = new LocalNode({ home, ports, minGasPrices: "1000000000wei", output: { logDir: path.join(home, "logs") } });
  try {
    const txs = presignSends(keys, perAccount, "stratos-bench");
    await node.start();
    const start = await node.waitForHeight(1n);
    return await drive("stratos", node.rpcUrl, toLanes(txs, accounts, concurrency), start);
  } finally {
    await node.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** CometBFT's built-in kvstore app with txs of the same sizes, same node settings. */
export async function runKvstoreE2e(sizesFrom: readonly Uint8Array[], accounts: number, concurrency: number): Promise<E2eResult> {
  const { home, ports } = await tempHome("kvstore-bench-");
  initNodeHome({ home, chainId: "kvstore-bench", ports, timeoutCommit: "1s", mempoolSize: 100_000, appState: {} });
  allowBatches(home);
  setConfigKeys(home, { proxy_app: '"kvstore"' });
  const comet = spawn(COMETBFT_BIN, ["start", "--home", home], { stdio: "ignore" });
  const probe = new LocalNode({ home, ports, output: "ignore" });
  try {
    const start = await probe.waitForHeight(1n);
    return await drive("kvstore", probe.rpcUrl, toLanes(kvstoreTxs(sizesFrom), accounts, concurrency), start);
  } finally {
    comet.kill("SIGTERM");
    await new Promise((r) => comet.once("exit", r));
    rmSync(home, { recursive: true, force: true });
  }
}
