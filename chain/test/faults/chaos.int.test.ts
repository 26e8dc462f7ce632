/**
 * SIGKILL under load on four validators: at seeded random moments, kill the app of a random
 * validator (its CometBFT stops with it) or, separately, a CometBFT (its app keeps running and
 * is handed to a new CometBFT), restart what was killed, many times over. Then: no node is
 * stuck, all nodes hold the same blocks and computed the same app hash at every height, every
 * tx the client saw committed is still there on every node, balances are what the committed
 * transfers make them and add up to the supply.
 * In `make test`: FAULT_KILLS (default 8) kills. `make soak`: 100 kills, or FAULT_MINUTES of them.
 */
import { waitExit, WEI_PER_STOS } from "../../../localnet/lib";
import { seededRng } from "../helpers/prng";
import { keyFromMnemonic, randomKey } from "../helpers/keys";
import { auditNet } from "../helpers/net-audit";
import { latestHeight } from "../helpers/rpc";
import { CommitWatcher, TransferLoad } from "../helpers/transfer-load";
import { auditedNode, startValidatorTestnet, waitCaughtUp, type ValidatorTestnet } from "../helpers/validator-testnet";

const SOAK = process.env["FAULT_SOAK"] === "1";
const KILLS = Number(process.env["FAULT_KILLS"] ?? (SOAK ? 100 : 8));
/** With FAULT_MINUTES set, kill until that time is up (at least FAULT_KILLS times). */
const MINUTES = Number(process.env["FAULT_MINUTES"] ?? 0);

jest.setTimeout(SOAK ? 4 * 3_600_000 : 300_000);

let t: ValidatorTestnet;
const log = (line: string) => console.log(`[chaos] ${line}`);

beforeAll(async () => {
  t = await startValidatorTestnet({ validators: 4 });
  log(`4 validators up in ${t.dir} (timeout_commit 300ms)`);
});

afterAll(async () => {
  await t?.stop();
});

describe("SIGKILL of apps and CometBFTs on four validators under load", () => {
  it("every kill is recovered: no stuck node, same app hash at every height, nothing committed lost, supply adds up", async () => {
    const seed = Number(process.env["FAULT_SEED"] ?? 20261124);
    const random = seededRng(seed).next;
    log(`seed ${seed} (FAULT_SEED replays the schedule), ${KILLS} kills${MINUTES > 0 ? ` or ${MINUTES} min` : ""}, alternating app and CometBFT`);
    const keys = await Promise.all(t.accounts.map((a) => keyFromMnemonic(a.mnemonic)));
    const recipients = Array.from({ length: 8 }, () => randomKey().address);
    const load = new TransferLoad({ keys, recipients, chainId: t.chainId, urls: () => t.liveUrls(), random: seededRng(seed + 1).next });
    const watcher = new CommitWatcher(() => t.liveUrls());
    load.start();
    watcher.start();
    const validators = t.net.validators;
    const counts = { app: 0, cometbft: 0 };
    const started = Date.now();
    try {
      for (let k = 0; k < KILLS || (MINUTES > 0 && Date.now() - started < MINUTES * 60_000); k++) {
        await new Promise((r) => setTimeout(r, 500 + Math.floor(random() * 2_500)));
        const victim = validators[Math.floor(random() * validators.length)]!;
        const others = validators.filter((v) => v !== victim);
        const target = k % 2 === 0 ? "app" : "cometbft";
        const at = await victim.node.height();
        if (target === "app") {
          await victim.node.killApp();
          // CometBFT stops by itself once its app connections drop.
          if (victim.node.comet) await waitExit(victim.node.comet, 10_000);
          await t.net.restart(victim);
        } else {
          await victim.node.killComet();
          victim.node.restartComet();
        }
        counts[target]++;
        const seconds = await waitCaughtUp(t, victim, others, 120_000);
        log(`kill ${k + 1}: SIGKILL ${target} of ${victim.name} at h=${at ?? "?"}; restarted, caught up with the others in ${seconds.toFixed(1)} s (tip ${await latestHeight(victim.rpcUrl)}); ${watcher.seen.size} txs seen committed`);
      }
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      await load.stop();
      await watcher.stop();
    }
    log(`${counts.app} app kills, ${counts.cometbft} CometBFT kills; load: ${load.accepted} txs accepted by CheckTx, ${load.refused} refused`);
    expect(watcher.seen.size).toBeGreaterThan(50);
    const initial = new Map(t.accounts.map((a) => [a.address, 10_000_000n * WEI_PER_STOS]));
    await auditNet({ nodes: validators.map(auditedNode), sent: load.sent, seen: watcher.seen, initialBalance: (a) => initial.get(a) ?? 0n }, log);
  });
});
