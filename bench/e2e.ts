import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { COMETBFT_BIN, devAppState, freePorts, initNodeHome, LocalNode } from "../localnet/lib";
import { setTomlKey } from "../localnet/lib/node-home";
import { readFileSync, writeFileSync } from "node:fs";
import { benchKeys } from "./accounts";
import { kvstoreTxs, presignSends } from "./load";
import { Progress } from "./progress";

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

async function rpc<T>(url: string, method: string, params: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: { data?: string; message?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.data ?? body.error.message}`);
  return body.result as T;
}

/**
 * Broadcasts `txs` with `broadcast_tx_sync` from `concurrency` parallel clients and counts
 * them as committed by walking `block_results` until all are in (or a timeout).
 */
async function drive(label: string, rpcUrl: string, txs: readonly Uint8Array[], concurrency: number, startHeight: bigint): Promise<E2eResult> {
  const progress = new Progress(`${label}: committed`, txs.length);
  let next = 0;
  let rejected = 0;
  const t0 = performance.now();
  const sender = async () => {
    for (;;) {
      const i = next++;
      if (i >= txs.length) return;
      try {
        const r = await rpc<{ code: number; log: string }>(rpcUrl, "broadcast_tx_sync", { tx: Buffer.from(txs[i]!).toString("base64") });
        if (r.code !== 0) rejected++;
      } catch {
        rejected++;
      }
    }
  };
  const senders = Promise.all(Array.from({ length: concurrency }, sender));
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
      height++;
      const br = await rpc<{ txs_results: { code: number }[] | null }>(rpcUrl, "block_results", { height: height.toString() });
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

async function tempHome(prefix: string): Promise<{ home: string; ports: { rpc: number; p2p: number; abci: number } }> {
  const home = mkdtempSync(path.join(os.tmpdir(), prefix));
  const [rpc, p2p, abci] = await freePorts(3);
  return { home, ports: { rpc: rpc!, p2p: p2p!, abci: abci! } };
}

/** Our app under CometBFT with pre-signed MsgSends. */
export async function runStratosE2e(accounts: number, perAccount: number, concurrency: number): Promise<E2eResult> {
  const keys = benchKeys(accounts);
  const { home, ports } = await tempHome("stratos-bench-");
  initNodeHome({ home, chainId: "stratos-bench", ports, timeoutCommit: "1s", mempoolSize: 100_000, appState: devAppState(keys) });
  const node = new LocalNode({ home, ports, minGasPrices: "1000000000wei", output: { logDir: path.join(home, "logs") } });
  try {
    const txs = presignSends(keys, perAccount, "stratos-bench");
    await node.start();
    const start = await node.waitForHeight(1n);
    return await drive("stratos", node.rpcUrl, txs, concurrency, start);
  } finally {
    await node.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** CometBFT's built-in kvstore app with txs of the same sizes, same node settings. */
export async function runKvstoreE2e(sizesFrom: readonly Uint8Array[], concurrency: number): Promise<E2eResult> {
  const { home, ports } = await tempHome("kvstore-bench-");
  initNodeHome({ home, chainId: "kvstore-bench", ports, timeoutCommit: "1s", mempoolSize: 100_000, appState: {} });
  const cfg = path.join(home, "config", "config.toml");
  writeFileSync(cfg, setTomlKey(readFileSync(cfg, "utf8"), undefined, "proxy_app", '"kvstore"'));
  const comet = spawn(COMETBFT_BIN, ["start", "--home", home], { stdio: "ignore" });
  const probe = new LocalNode({ home, ports, output: "ignore" });
  try {
    const start = await probe.waitForHeight(1n);
    return await drive("kvstore", probe.rpcUrl, kvstoreTxs(sizesFrom), concurrency, start);
  } finally {
    comet.kill("SIGTERM");
    await new Promise((r) => comet.once("exit", r));
    rmSync(home, { recursive: true, force: true });
  }
}
