/**
 * Four validators on this machine beside one, in the same run (`BENCH_ONLY=validators`):
 *  1. transfer throughput: pre-signed MsgSends sent with `broadcast_tx_sync` in JSON-RPC batches
 *     from BENCH_VAL_CONCURRENCY clients spread over the validators, counted when committed;
 *  2. commit latency: MsgSends at a steady BENCH_VAL_RATE tx/s for BENCH_VAL_SECONDS, from
 *     broadcast to the block that holds them seen committed (p50, p95);
 *  3. catch-up: with timeout_commit 100ms (and BENCH_CATCHUP_TIMEOUT, default 200ms, for propose,
 *     prevote and precommit), stop one of four validators, let the others make
 *     BENCH_CATCHUP_BLOCKS blocks (default 1,000), start it again and time until it has caught
 *     up, beside the time the net took to make those blocks;
 *  4. joining: on that net (every node snapshotting every 200 heights), a new full node syncs
 *     from blocks (replaying the chain from height 1), then another by state sync (restoring
 *     the newest snapshot, discovery time 5 s), each timed until it has the validators' tip.
 * Every node: timeout_commit 1s (the localnet's) for 1-2, the localnet's peer settings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devAppState, devStakingValidators, freeNetPorts, pollUntil, ValidatorNet, type NetMember } from "../localnet/lib";
import { blockResults, txHash } from "../chain/test/helpers/chain-reads";
import type { TestKey } from "../chain/test/helpers/keys";
import { block, broadcastSync, latestHeight } from "../chain/test/helpers/rpc";
import { presignSends } from "./load";
import { benchKeys } from "./accounts";
import { BATCH, broadcastBatch, toLanes } from "./e2e";
import { Progress } from "./progress";
import { num, table } from "./report";

const CHAIN_ID = "stratos-bench";
/** Per bench account: 100,000 STOS (as the other benches; under pot's supply cap). */
const STOS_EACH = 100_000n;

interface BenchNet {
  readonly net: ValidatorNet;
  readonly urls: string[];
  stop(): Promise<void>;
}

async function startNet(validators: number, keys: readonly TestKey[], timeoutCommit: string, config: Record<string, string> = {}, snapshotInterval = 0): Promise<BenchNet> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `stratos-bench-v${validators}-`));
  const ports = await freeNetPorts(validators);
  const net = ValidatorNet.create({
    dir,
    chainId: CHAIN_ID,
    validators,
    ports,
    timeoutCommit,
    mempoolSize: 100_000,
    minGasPrices: "1000000000wei",
    config: { "rpc.max_request_batch_size": "100", ...config },
    appState: (vals) => devAppState(keys, STOS_EACH, { validators: devStakingValidators(vals, keys) }),
    output: (member) => ({ logDir: path.join(dir, "logs", member) }),
    ...(snapshotInterval > 0 ? { snapshotInterval } : {}),
  });
  await net.start();
  return {
    net,
    urls: net.validators.map((v) => v.rpcUrl),
    stop: async () => {
      await net.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Watches one node's new blocks and, for each tx sent through {@link CommitClock.sent}, notes
 * when the block holding it was seen (polling every 20 ms).
 */
class CommitClock {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  committed = 0;
  failed = 0;
  lastCommitAt = 0;
  private height: bigint;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    startHeight: bigint,
    private readonly progress?: Progress,
  ) {
    this.height = startHeight;
  }

  sent(tx: Uint8Array, at: number): void {
    this.sentAt.set(txHash(tx), at);
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopping) {
        const latest = await latestHeight(this.url);
        while (this.height < latest) {
          const h = this.height + 1n;
          const [b, r] = await Promise.all([block(this.url, h), blockResults(this.url, h).catch(() => undefined)]);
          if (!r) break; // results not stored yet; next poll
          const seenAt = performance.now();
          this.height++;
          b.txs.forEach((t, i) => {
            const at = this.sentAt.get(txHash(t));
            if (at === undefined) return;
            if (r.txs[i]?.code === 0) {
              this.committed++;
              this.latencies.push(seenAt - at);
              this.lastCommitAt = seenAt;
            } else this.failed++;
          });
          this.progress?.update(this.committed + this.failed);
        }
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
  }

  /** Resolves once `count` sent txs are in blocks (or `timeoutMs` passed), then stops watching. */
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.committed + this.failed < count && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    this.stopping = true;
    await this.loop;
    this.progress?.done();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface LoadResult {
  readonly txs: number;
  readonly committed: number;
  readonly failed: number;
  readonly seconds: number;
  readonly txPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

function result(clock: CommitClock, txs: number, t0: number): LoadResult {
  const seconds = (clock.lastCommitAt - t0) / 1000;
  const sorted = [...clock.latencies].sort((a, b) => a - b);
  // Not committed for whatever reason: failed in the block, refused by CheckTx, or never seen.
  return { txs, committed: clock.committed, failed: txs - clock.committed, seconds, txPerSecond: clock.committed / seconds, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
}

/** All txs as fast as the nodes take them: each lane sends its txs in order, BATCH per JSON-RPC call, to one validator. */
async function saturate(label: string, bn: BenchNet, lanes: readonly (readonly Uint8Array[])[]): Promise<LoadResult> {
  const total = lanes.reduce((n, l) => n + l.length, 0);
  const start = await latestHeight(bn.urls[0]!);
  const clock = new CommitClock(bn.urls[0]!, start, new Progress(`${label}: committed`, total));
  clock.start();
  const t0 = performance.now();
  await Promise.all(
    lanes.map(async (lane, j) => {
      const url = bn.urls[j % bn.urls.length]!;
      for (let s = 0; s < lane.length; s += BATCH) {
        const batch = lane.slice(s, s + BATCH);
        const at = performance.now();
        for (const tx of batch) clock.sent(tx, at);
        await broadcastBatch(url, batch, s);
      }
    }),
  );
  await clock.waitFor(total, 300_000);
  return result(clock, total, t0);
}

/** `txs` at `rate` per second, one `broadcast_tx_sync` each, round robin over the validators. */
async function steady(label: string, bn: BenchNet, txs: readonly Uint8Array[], rate: number): Promise<LoadResult> {
  const start = await latestHeight(bn.urls[0]!);
  const clock = new CommitClock(bn.urls[0]!, start, new Progress(`${label}: committed`, txs.length));
  clock.start();
  const t0 = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < txs.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const tx = txs[i]!;
    clock.sent(tx, performance.now());
    sends.push(broadcastSync(bn.urls[i % bn.urls.length]!, tx).catch(() => undefined));
  }
  await Promise.all(sends);
  await clock.waitFor(txs.length, 120_000);
  return result(clock, txs.length, t0);
}

/** Throughput and latency of one net size. */
async function measureNet(validators: number, keys: readonly TestKey[], throughputAccounts: number, perAccount: number, concurrency: number, rate: number, seconds: number): Promise<{ throughput: LoadResult; latency: LoadResult }> {
  const bn = await startNet(validators, keys, "1s");
  try {
    const load = presignSends(keys.slice(0, throughputAccounts), perAccount, CHAIN_ID);
    const throughput = await saturate(`${validators} validator(s), throughput`, bn, toLanes(load, throughputAccounts, concurrency));
    const steadyKeys = keys.slice(throughputAccounts);
    const steadyTxs = presignSends(steadyKeys, Math.ceil((rate * seconds) / steadyKeys.length), CHAIN_ID, throughputAccounts).slice(0, rate * seconds);
    const latency = await steady(`${validators} validator(s), ${rate} tx/s`, bn, steadyTxs, rate);
    return { throughput, latency };
  } finally {
    await bn.stop();
  }
}

const maxOf = (hs: readonly (bigint | undefined)[]) => hs.reduce<bigint>((a, b) => (b !== undefined && b > a ? b : a), 0n);

interface CatchUp {
  readonly blocks: bigint;
  readonly makeSeconds: number;
  readonly behind: bigint;
  readonly catchUpSeconds: number;
  readonly startSeconds: number;
  readonly joins: readonly Join[];
}

interface Join {
  readonly how: "blocks" | "state sync";
  /** The validators' tip when the node started. */
  readonly tip: bigint;
  readonly seconds: number;
  /** Blocks the node's app executed to get there (from 1, or from the snapshot's height + 1). */
  readonly executed: bigint;
}

/** Joins a full node (from blocks or by state sync), times it until it has the tip, then removes it. */
async function timeJoin(net: ValidatorNet, stateSync: boolean): Promise<Join> {
  const v0 = net.validators[0]!;
  const tip = await latestHeight(v0.rpcUrl);
  const t0 = performance.now();
  const full = await net.addFullNode(stateSync ? { stateSync: true, discoveryTime: "5s" } : {});
  try {
    await full.node.waitForHeight(tip, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    const status = (await (await fetch(`${full.rpcUrl}/status`)).json()) as { result: { sync_info: { earliest_block_height: string; latest_block_height: string } } };
    const executed = BigInt(status.result.sync_info.latest_block_height) - BigInt(status.result.sync_info.earliest_block_height) + 1n;
    if (stateSync && executed >= tip) throw new Error(`${full.name} did not state-sync: its blocks start at ${status.result.sync_info.earliest_block_height}`);
    return { how: stateSync ? "state sync" : "blocks", tip, seconds, executed };
  } finally {
    await net.remove(full);
  }
}

/** Stops validator 3 of 4, lets the others make `blocks` blocks, starts it again, times its catch-up. */
async function catchUp(blocks: bigint, timeout: string): Promise<CatchUp> {
  const keys = benchKeys(4);
  // While validator 3 is down, each of its turns to propose costs a timed-out round (propose,
  // then waiting for precommits): short timeouts make the 1,000 blocks in minutes.
  const t = JSON.stringify(timeout);
  const bn = await startNet(4, keys, "100ms", { "consensus.timeout_propose": t, "consensus.timeout_prevote": t, "consensus.timeout_precommit": t }, 200);
  try {
    const [v0, v1, v2, v3] = bn.net.validators as [NetMember, NetMember, NetMember, NetMember];
    const others = [v0, v1, v2];
    await bn.net.waitAllAtLeast(3n, 60_000);
    await v3.node.stop();
    const stoppedAt = maxOf(await bn.net.heights([v3, ...others]));
    const progress = new Progress("blocks made while validator 3 is down", Number(blocks));
    const t0 = performance.now();
    await pollUntil(
      async () => {
        const tip = maxOf(await bn.net.heights(others));
        progress.update(Number(tip - stoppedAt));
        return tip >= stoppedAt + blocks ? true : undefined;
      },
      { timeoutMs: 1_800_000, intervalMs: 250, timeoutMessage: () => `the other three did not make ${blocks} blocks within 30 min` },
    );
    progress.done();
    const makeSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await v3.node.start();
    let startSeconds = 0;
    let last = "";
    const caughtUp = await pollUntil(
      async () => {
        const [own, ...rest] = await bn.net.heights([v3, ...others]);
        if (own !== undefined && startSeconds === 0) startSeconds = (performance.now() - t1) / 1000;
        const tip = maxOf(rest);
        last = `at ${own}, tip ${tip}`;
        return own !== undefined && own >= tip ? own : undefined;
      },
      { timeoutMs: 1_800_000, intervalMs: 50, timeoutMessage: () => `validator 3 did not catch up within 30 min (${last})` },
    );
    const catchUpSeconds = (performance.now() - t1) / 1000;
    const joins = [await timeJoin(bn.net, false), await timeJoin(bn.net, true)];
    return { blocks, makeSeconds, behind: caughtUp - stoppedAt, catchUpSeconds, startSeconds, joins };
  } finally {
    await bn.stop();
  }
}

export async function runValidatorsBench(): Promise<void> {
  const accounts = num("BENCH_VAL_ACCOUNTS", 200);
  const perAccount = num("BENCH_VAL_PER_ACCOUNT", 20);
  const concurrency = num("BENCH_VAL_CONCURRENCY", 20);
  const rate = num("BENCH_VAL_RATE", 50);
  const seconds = num("BENCH_VAL_SECONDS", 20);
  const steadyAccounts = 100;
  const blocks = BigInt(num("BENCH_CATCHUP_BLOCKS", 1000));
  const timeout = process.env["BENCH_CATCHUP_TIMEOUT"] ?? "200ms";
  console.log(`\n# Validators: 1 beside 4 on this machine (${accounts} accounts x ${perAccount} MsgSend = ${accounts * perAccount} txs from ${concurrency} clients; then ${rate} tx/s for ${seconds} s)\n`);
  const keys = benchKeys(accounts + steadyAccounts);
  const one = await measureNet(1, keys, accounts, perAccount, concurrency, rate, seconds);
  const four = await measureNet(4, keys, accounts, perAccount, concurrency, rate, seconds);
  console.log("\n## Throughput and commit latency, timeout_commit 1s (4 validators beside 1, same run)\n");
  const ms = (x: number) => x.toFixed(0);
  console.log(
    table([
      ["validators", "txs", "committed", "failed", "seconds", "tx/s", "ratio", `p50 ms at ${rate} tx/s`, "p95 ms", "p50 ratio"],
      ["1 (reference)", String(one.throughput.txs), String(one.throughput.committed), String(one.throughput.failed), one.throughput.seconds.toFixed(2), one.throughput.txPerSecond.toFixed(0), "1.00", ms(one.latency.p50Ms), ms(one.latency.p95Ms), "1.00"],
      [
        "4",
        String(four.throughput.txs),
        String(four.throughput.committed),
        String(four.throughput.failed),
        four.throughput.seconds.toFixed(2),
        four.throughput.txPerSecond.toFixed(0),
        (four.throughput.txPerSecond / one.throughput.txPerSecond).toFixed(2),
        ms(four.latency.p50Ms),
        ms(four.latency.p95Ms),
        (four.latency.p50Ms / one.latency.p50Ms).toFixed(2),
      ],
    ]),
  );
  console.log(`\nlatency: broadcast_tx_sync sent -> the block holding the tx seen committed on validator 0 (polled every 20 ms); ${one.latency.committed} and ${four.latency.committed} of ${rate * seconds} committed`);

  const c = await catchUp(blocks, timeout);
  console.log(`\n## Catch-up of a restarted validator (4 validators, timeout_commit 100ms, timeout_propose/prevote/precommit ${timeout}, blocks without txs)\n`);
  const per1000 = (s: number, n: bigint) => ((s * 1000) / Number(n)).toFixed(1);
  console.log(
    table([
      ["what", "blocks", "seconds", "s per 1,000 blocks", "ratio"],
      ["the other 3 make blocks while validator 3 is down (reference)", String(c.blocks), c.makeSeconds.toFixed(1), per1000(c.makeSeconds, c.blocks), "1.00"],
      [`validator 3 restarted until caught up (RPC up after ${c.startSeconds.toFixed(1)} s)`, String(c.behind), c.catchUpSeconds.toFixed(1), per1000(c.catchUpSeconds, c.behind), (Number(per1000(c.catchUpSeconds, c.behind)) / Number(per1000(c.makeSeconds, c.blocks))).toFixed(2)],
    ]),
  );
  const [fromBlocks, bySync] = c.joins as [Join, Join];
  console.log("\n## A new full node joining that net (4 validators; every node snapshots every 200 heights)\n");
  console.log(
    table([
      ["joins", "tip when started", "blocks its app executed", "seconds to the tip", "ratio"],
      ["from blocks, replaying from height 1 (reference)", String(fromBlocks.tip), String(fromBlocks.executed), fromBlocks.seconds.toFixed(1), "1.00"],
      ["by state sync (5 s snapshot discovery, then blocks after the snapshot)", String(bySync.tip), String(bySync.executed), bySync.seconds.toFixed(1), (bySync.seconds / fromBlocks.seconds).toFixed(2)],
    ]),
  );
}
