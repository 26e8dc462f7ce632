/**
 * Four validators on this machine (each a CometBFT plus our app) under a steady transfer load:
 *  - stop one validator: the other three keep making blocks; start it again: it catches up,
 *    and every node holds the same blocks and computed the same app hash at every height, no
 *    committed tx is lost, balances are what the committed transfers make them and add up to
 *    the supply;
 *  - a new full node joins the running net, syncs from blocks (the app offers no state-sync
 *    snapshots) and computed the same app hash at every height.
 * `make soak` (FAULT_SOAK=1) stops each validator in turn, for longer.
 */
import { WEI_PER_STOS } from "../../../localnet/lib";
import { balanceAt, compareNodesAtEveryHeight } from "../helpers/chain-reads";
import { seededRng } from "../helpers/prng";
import { keyFromMnemonic, randomKey } from "../helpers/keys";
import { auditNet } from "../helpers/net-audit";
import { latestHeight } from "../helpers/rpc";
import { CommitWatcher, TransferLoad } from "../helpers/transfer-load";
import { auditedNode, startValidatorTestnet, waitCaughtUp, type ValidatorTestnet } from "../helpers/validator-testnet";

const SOAK = process.env["FAULT_SOAK"] === "1";
/** Blocks the net must make while a validator is down. */
const DOWN_BLOCKS = BigInt(process.env["FAULT_DOWN_BLOCKS"] ?? (SOAK ? 300 : 20));
/** Stop/restart cycles (validator 3, then 2, 1, 0 in soak). */
const CYCLES = Number(process.env["FAULT_CYCLES"] ?? (SOAK ? 4 : 1));

jest.setTimeout(SOAK ? 3_600_000 : 240_000);

let t: ValidatorTestnet;
const log = (line: string) => console.log(`[validators] ${line}`);

beforeAll(async () => {
  t = await startValidatorTestnet({ validators: 4 });
  log(`4 validators up in ${t.dir} (timeout_commit 300ms)`);
});

afterAll(async () => {
  await t?.stop();
});

describe("four validators", () => {
  it("stop one under load: blocks continue; restarted, it catches up; same app hash at every height; nothing lost", async () => {
    const seed = Number(process.env["FAULT_SEED"] ?? 20261123);
    log(`seed ${seed} (FAULT_SEED replays), ${CYCLES} stop/restart cycle(s), ${DOWN_BLOCKS} blocks while down`);
    const keys = await Promise.all(t.accounts.map((a) => keyFromMnemonic(a.mnemonic)));
    const recipients = Array.from({ length: 8 }, () => randomKey().address);
    const load = new TransferLoad({ keys, recipients, chainId: t.chainId, urls: () => t.liveUrls(), random: seededRng(seed).next });
    const watcher = new CommitWatcher(() => t.liveUrls());
    load.start();
    watcher.start();
    const validators = t.net.validators;
    try {
      await new Promise((r) => setTimeout(r, 3_000));
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
        const catchUp = await waitCaughtUp(t, victim, others, 120_000);
        log(`cycle ${c}: stopped ${victim.name} at h=${stoppedAt}; the other three advanced to ${reached} in ${downSeconds.toFixed(1)} s; restarted, ${victim.name} caught up in ${catchUp.toFixed(1)} s; load accepted ${load.accepted} txs so far`);
        expect(reached).toBeGreaterThanOrEqual(stoppedAt + DOWN_BLOCKS);
      }
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      await load.stop();
      await watcher.stop();
    }
    log(`load stopped: ${load.accepted} txs accepted by CheckTx, ${load.refused} refused (sent to a node going down, or sequence races after a restart)`);
    expect(watcher.seen.size).toBeGreaterThan(50);
    const initial = new Map(t.accounts.map((a) => [a.address, 10_000_000n * WEI_PER_STOS]));
    const report = await auditNet({ nodes: validators.map(auditedNode), sent: load.sent, seen: watcher.seen, initialBalance: (a) => initial.get(a) ?? 0n }, log);
    expect(report.height).toBeGreaterThan(DOWN_BLOCKS);
  });

  it("a new full node joins the running net, syncs from blocks and computed the same app hash at every height", async () => {
    const v0 = t.net.validators[0]!;
    const tip = await latestHeight(v0.rpcUrl);
    const t0 = performance.now();
    const full = await t.net.addFullNode();
    await full.node.waitForHeight(tip, 120_000).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\n${t.logTail(full, 30)}`);
    });
    const seconds = (performance.now() - t0) / 1000;
    const at = await latestHeight(full.rpcUrl);
    const diffs = await compareNodesAtEveryHeight([auditedNode(v0), auditedNode(full)], 1n, at);
    expect(diffs).toEqual([]);
    // It answers queries from its own state like a validator does.
    const alice = t.accounts[0]!.address;
    expect(await balanceAt(full.rpcUrl, alice, at)).toBe(await balanceAt(v0.rpcUrl, alice, at));
    // And it keeps following the chain.
    await full.node.waitForHeight(at + 3n, 30_000);
    log(`${full.name} joined (genesis and peers from ${v0.name}'s RPC), synced ${tip} blocks in ${seconds.toFixed(1)} s, same block and app hash as ${v0.name} at heights 1..${at}, and follows the chain`);
  });
});
