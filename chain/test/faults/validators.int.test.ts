/**
 * Four validators on this machine (each a CometBFT plus our app), one net for the whole file,
 * a steady load of bank transfers from the four dev accounts while the faults happen:
 *  1. stop one validator: the other three keep making blocks; start it again: it catches up;
 *  2. a new full node joins the running net, syncs from blocks and has the same block and app
 *     hash as the validators at every height; another joins by state sync (every member takes
 *     a snapshot every SNAPSHOT_INTERVAL heights): it restores a validator's snapshot, holds no
 *     block below it, and agrees with the validators at every height after it;
 *  3. SIGKILL, at seeded random moments, the app of a validator (its CometBFT stops with it) or,
 *     alternately, a CometBFT alone (its app keeps running and serves a new CometBFT), each
 *     validator once per round of four in a seeded order; restart what was killed, and require
 *     the node to catch up each time.
 * 1 and 3 end with the audit of net-audit.ts over every node (the full node included in 3): none
 * stuck, the same block and app hash at every height, every tx the client saw committed still
 * there on every node, balances exactly what the committed transfers make them, and all
 * balances adding up to the supply.
 * `make soak` (FAULT_SOAK=1): each validator stopped in turn for 300 blocks, 100 kills.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { isRunning, sleep, waitExit, WEI_PER_STOS, type NetMember } from "../../../localnet/lib";
import { balanceAt, compareNodesAtEveryHeight } from "../helpers/chain-reads";
import { keyFromMnemonic, randomKey } from "../helpers/keys";
import { auditNet } from "../helpers/net-audit";
import { seededRng } from "../helpers/prng";
import { latestHeight, rpc } from "../helpers/rpc";
import { balancesAndSupplyAt } from "../helpers/supply";
import { CommitWatcher, TransferLoad } from "../helpers/transfer-load";
import { auditedNode, startValidatorTestnet, waitCaughtUp, type ValidatorTestnet } from "../helpers/validator-testnet";

const SOAK = process.env["FAULT_SOAK"] === "1";
/** Blocks the others must make while a validator is down. */
const DOWN_BLOCKS = BigInt(process.env["FAULT_DOWN_BLOCKS"] ?? (SOAK ? 300 : 20));
/** Stop/restart cycles: validator 3, then 2, 1, 0, ... */
const CYCLES = Number(process.env["FAULT_CYCLES"] ?? (SOAK ? 4 : 1));
const KILLS = Number(process.env["FAULT_KILLS"] ?? (SOAK ? 100 : 8));
/** With FAULT_MINUTES set, kill until that time is up (and at least FAULT_KILLS times). */
const MINUTES = Number(process.env["FAULT_MINUTES"] ?? 0);
const SEED = Number(process.env["FAULT_SEED"] ?? 20261123);
/** Every member takes a state-sync snapshot at heights divisible by this. */
const SNAPSHOT_INTERVAL = 20n;

jest.setTimeout(SOAK ? 4 * 3_600_000 : 300_000);

let t: ValidatorTestnet;
/** One load and one watcher for the whole file, so every audit covers the chain from height 1. */
let load: TransferLoad;
let watcher: CommitWatcher;
const log = (line: string) => console.log(`[faults] ${line}`);

/** A seeded Fisher-Yates shuffle. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

beforeAll(async () => {
  t = await startValidatorTestnet({ validators: 4, snapshotInterval: Number(SNAPSHOT_INTERVAL) });
  log(`4 validators up in ${t.dir} (timeout_commit 300ms); seed ${SEED} (FAULT_SEED replays the schedules)`);
  const keys = await Promise.all(t.accounts.map((a) => keyFromMnemonic(a.mnemonic)));
  const recipients = Array.from({ length: 8 }, () => randomKey().address);
  load = new TransferLoad({ keys, recipients, chainId: t.chainId, urls: () => t.liveUrls(), random: seededRng(SEED).next });
  watcher = new CommitWatcher(() => t.liveUrls());
});

afterAll(async () => {
  await load?.stop();
  await watcher?.stop();
  await t?.stop();
});

/**
 * The audit over every member, with the dev accounts' genesis balances. `seenBefore`: txs seen
 * committed before this test's load started (the watcher's map spans the file; each test must
 * have had its own txs committed under its faults).
 */
async function audit(seenBefore: number): Promise<void> {
  await load.stop();
  await watcher.stop();
  log(`load stopped: ${load.accepted} txs accepted by CheckTx so far, ${load.refused} refused (sent to a node going down, or a sequence race after a restart); ${watcher.seen.size - seenBefore} seen committed during this test`);
  expect(watcher.seen.size - seenBefore).toBeGreaterThan(50);
  const initial = new Map(t.accounts.map((a) => [a.address, 10_000_000n * WEI_PER_STOS]));
  await auditNet({ nodes: t.net.members.map(auditedNode), sent: load.sent, seen: watcher.seen, initialBalance: (a) => initial.get(a) ?? 0n }, log);
}

describe("four validators under a transfer load", () => {
  it("stop one: blocks continue; restarted, it catches up; same app hash at every height; nothing lost", async () => {
    log(`${CYCLES} stop/restart cycle(s), ${DOWN_BLOCKS} blocks while down`);
    const seenBefore = watcher.seen.size;
    load.start();
    watcher.start();
    const validators = t.net.validators;
    await sleep(3_000);
    for (let c = 0; c < CYCLES; c++) {
      const victim = validators[validators.length - 1 - (c % validators.length)]!;
      const others = validators.filter((v) => v !== victim);
      const stoppedAt = await latestHeight(others[0]!.rpcUrl);
      await victim.node.stop();
      const t0 = performance.now();
      await t.net.waitAllAtLeast(stoppedAt + DOWN_BLOCKS, 60_000 + Number(DOWN_BLOCKS) * 2_000, others);
      const reached = await latestHeight(others[0]!.rpcUrl);
      const downSeconds = (performance.now() - t0) / 1000;
      await victim.node.start();
      const catchUp = await waitCaughtUp(t, victim, others, 120_000, reached + 1n);
      log(`cycle ${c}: stopped ${victim.name} at h=${stoppedAt}; the other three advanced to ${reached} in ${downSeconds.toFixed(1)} s; restarted, ${victim.name} caught up in ${catchUp.toFixed(1)} s; ${load.accepted} txs accepted so far`);
      expect(reached).toBeGreaterThanOrEqual(stoppedAt + DOWN_BLOCKS);
    }
    await sleep(2_000);
    await audit(seenBefore);
  });

  it("a new full node joins the running net, syncs from blocks and has the same block and app hash at every height", async () => {
    const v0 = t.net.validators[0]!;
    const tip = await latestHeight(v0.rpcUrl);
    const t0 = performance.now();
    const full = await t.net.addFullNode();
    await full.node.waitForHeight(tip, 120_000).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${t.logTail(full, 30)}`);
    });
    const seconds = (performance.now() - t0) / 1000;
    const at = await latestHeight(full.rpcUrl);
    expect(await compareNodesAtEveryHeight([auditedNode(v0), auditedNode(full)], 1n, at)).toEqual([]);
    // It answers queries from its own state like a validator does.
    const alice = t.accounts[0]!.address;
    expect(await balanceAt(full.rpcUrl, alice, at)).toBe(await balanceAt(v0.rpcUrl, alice, at));
    // And it keeps following the chain.
    await full.node.waitForHeight(at + 3n, 30_000);
    log(`${full.name} joined (genesis and peers from ${v0.name}'s RPC), synced ${tip} blocks in ${seconds.toFixed(1)} s, same block and app hash as ${v0.name} at heights 1..${at}, and follows the chain`);
  });

  it("a new full node joins by state sync: restores a validator's snapshot, holds no block below it, agrees with the validators after it", async () => {
    const v0 = t.net.validators[0]!;
    await t.net.waitAllAtLeast(2n * SNAPSHOT_INTERVAL + 3n, 60_000, [v0]);
    const t0 = performance.now();
    const full = await t.net.addFullNode({ stateSync: true, discoveryTime: "5s" });
    // The audits of the other tests compare every height from 1, which this node does not have.
    try {
      await joinedByStateSync(full, v0, t0);
    } finally {
      await t.net.remove(full);
    }
  });

  async function joinedByStateSync(full: NetMember, v0: NetMember, t0: number): Promise<void> {
    const tip = await latestHeight(v0.rpcUrl);
    await full.node.waitForHeight(tip, 120_000).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${t.logTail(full, 30)}`);
    });
    const seconds = (performance.now() - t0) / 1000;
    const appLog = readFileSync(path.join(t.dir, "logs", full.name, "app.log"), "utf8");
    const restored = /restored snapshot at height (\d+): (\d+) entries/.exec(appLog);
    expect(restored).not.toBeNull();
    const snapshotHeight = BigInt(restored![1]!);
    expect(snapshotHeight % SNAPSHOT_INTERVAL).toBe(0n);
    // It never executed a block at or below the snapshot: its app has no state there and its
    // block store starts above it.
    expect(appLog).not.toMatch(/init chain/);
    const status = await rpc<{ sync_info: { earliest_block_height: string } }>(full.rpcUrl, "status");
    const earliest = BigInt(status.sync_info.earliest_block_height);
    expect(earliest).toBeGreaterThan(snapshotHeight);
    await full.node.waitForHeight(earliest + 3n, 60_000);
    const at = await latestHeight(full.rpcUrl);
    expect(await compareNodesAtEveryHeight([auditedNode(v0), auditedNode(full)], earliest, at)).toEqual([]);
    const alice = t.accounts[0]!.address;
    expect(await balanceAt(full.rpcUrl, alice, at)).toBe(await balanceAt(v0.rpcUrl, alice, at));
    const { sum, supply, accounts } = await balancesAndSupplyAt(full.rpcUrl, at);
    expect(sum).toBe(supply);
    await full.node.waitForHeight(at + 3n, 30_000);
    // Restarted, it resumes from its own state (nothing below the snapshot is asked for).
    await t.net.restart(full);
    await full.node.waitForHeight(at + 8n, 60_000).catch((e: unknown) => {
      throw new Error(`after restart: ${(e as Error).message}\n${t.logTail(full, 30)}`);
    });
    log(
      `${full.name} joined by state sync in ${seconds.toFixed(1)} s: restored the snapshot of height ${snapshotHeight} (${restored![2]} entries) instead of ${snapshotHeight} blocks, ` +
        `earliest block ${earliest}; same block and app hash as ${v0.name} at heights ${earliest}..${at}; its ${accounts} accounts add up to the supply; follows the chain, and again after a restart`,
    );
  }

  it("SIGKILL of apps and CometBFTs at random moments: every kill recovered, no stuck node, nothing lost", async () => {
    const random = seededRng(SEED + 1).next;
    log(`${KILLS} kills${MINUTES > 0 ? ` or ${MINUTES} min` : ""}, alternating an app and a CometBFT, each validator once per round of four; the full node keeps running`);
    load.start();
    watcher.start();
    const validators = t.net.validators;
    const counts = { app: 0, cometbft: 0 };
    const seenBefore = watcher.seen.size;
    let order = validators;
    const started = Date.now();
    for (let k = 0; k < KILLS || (MINUTES > 0 && Date.now() - started < MINUTES * 60_000); k++) {
      await sleep(500 + Math.floor(random() * 2_500));
      // Every validator once per round of four, in a seeded order.
      if (k % validators.length === 0) order = shuffle(validators, random);
      const victim = order[k % validators.length]!;
      const others = validators.filter((v) => v !== victim);
      const target = k % 2 === 0 ? "app" : "cometbft";
      const at = await victim.node.height();
      // The process is running before the kill and dies of it (killApp/killComet do nothing to a
      // process that has already gone, and the round would then test no fault at all).
      const killed = target === "app" ? victim.node.app : victim.node.comet;
      expect(isRunning(killed)).toBe(true);
      if (target === "app") {
        await victim.node.killApp();
        expect(killed?.signalCode).toBe("SIGKILL");
        // CometBFT stops by itself once its app connections drop.
        if (victim.node.comet) await waitExit(victim.node.comet, 10_000);
        await t.net.restart(victim);
      } else {
        await victim.node.killComet();
        expect(killed?.signalCode).toBe("SIGKILL");
        victim.node.restartComet();
      }
      counts[target]++;
      // Caught up with the others, and past the height it was killed at.
      const seconds = await waitCaughtUp(t, victim, others, 120_000, (at ?? 0n) + 1n);
      log(`kill ${k + 1}: SIGKILL ${target} of ${victim.name} at h=${at ?? "?"}; restarted, caught up with the others in ${seconds.toFixed(1)} s (tip ${await latestHeight(victim.rpcUrl)}); ${watcher.seen.size} txs seen committed`);
    }
    log(`${counts.app} app kills, ${counts.cometbft} CometBFT kills`);
    await sleep(2_000);
    await audit(seenBefore);
  });
});
