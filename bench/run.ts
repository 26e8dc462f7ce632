/**
 * `make bench`: throughput of signed MsgSend txs.
 *  1. end to end through CometBFT v0.38.25 + our app (broadcast_tx_sync, counted when committed),
 *     beside the same load of same-sized txs against CometBFT's built-in kvstore app;
 *  2. in-process block execution (FinalizeBlock + Commit, every signature verified),
 *     beside bare native signature verification of the same txs.
 *  3. the storage mesh (bench/mesh.ts): upload and verified download of a file through the meta
 *     node and five resource nodes, beside plain HTTP PUT/GET of the same slices, and peak memory.
 * Sizes can be changed with BENCH_ACCOUNTS, BENCH_PER_ACCOUNT, BENCH_CONCURRENCY, BENCH_BLOCK,
 *  4. verified reads (bench/verified.ts): `client.verified.getBalance` (state proof + light client)
 *     beside the plain ABCI balance query, same node, same run.
 * BENCH_MESH_MIB, BENCH_MESH_REPLICAS, BENCH_MESH_CONCURRENCY; BENCH_ONLY=tx runs only 1-2,
 * BENCH_ONLY=mesh only 3, BENCH_ONLY=verified only 4, BENCH_ONLY=validators only 5.
 *  5. four validators beside one (bench/validators.ts): transfer throughput and commit latency,
 *     the catch-up time of a restarted validator per 1,000 blocks, and a full node joining from
 *     blocks beside one joining by state sync.
 *  6. state-sync snapshots in process (bench/statesync.ts, BENCH_ONLY=statesync): building and
 *     restoring the snapshot of a 200,000-entry state beside committing those entries directly.
 */
import { runInProcess } from "./inprocess";
import { runKvstoreE2e, runStratosE2e } from "./e2e";
import { benchKeys } from "./accounts";
import { presignSends } from "./load";
import { runMeshBench } from "./mesh";
import { runVerifiedBench } from "./verified";
import { runValidatorsBench } from "./validators";
import { runStateSyncBench } from "./statesync";
import { num, table } from "./report";



async function main(): Promise<void> {
  const only = process.env["BENCH_ONLY"];
  const parts = ["tx", "mesh", "verified", "validators", "statesync"];
  if (only !== undefined && only !== "" && !parts.includes(only)) throw new Error(`BENCH_ONLY must be one of ${parts.join(", ")}, got ${only}`);
  const run = (part: string) => only === undefined || only === "" || only === part;
  if (run("tx")) await runTxBench();
  if (run("mesh")) await runMeshBench();
  if (run("verified")) await runVerifiedBench();
  if (run("validators")) await runValidatorsBench();
  if (run("statesync")) await runStateSyncBench();
}

async function runTxBench(): Promise<void> {
  const accounts = num("BENCH_ACCOUNTS", 500);
  const perAccount = num("BENCH_PER_ACCOUNT", 40);
  const concurrency = num("BENCH_CONCURRENCY", 50);
  const blockSize = num("BENCH_BLOCK", 2000);
  console.log(`# Stratos-TS benchmark: ${accounts} accounts x ${perAccount} MsgSend = ${accounts * perAccount} txs, ${concurrency} concurrent RPC clients\n`);

  const inline = await runInProcess(accounts, perAccount, blockSize, 0);
  const pooled = await runInProcess(accounts, perAccount, blockSize, 1);
  console.log("## In-process block execution (FinalizeBlock + Commit, every signature verified in FinalizeBlock)\n");
  const row = (label: string, r: typeof inline) => [label, String(r.txs), String(r.blocks), r.seconds.toFixed(2), r.finalizeSeconds.toFixed(2), r.commitSeconds.toFixed(2), r.txPerSecond.toFixed(0), (r.txPerSecond / inline.verifyPerSecond).toFixed(2)];
  console.log(
    table([
      ["run", "txs", "blocks", "seconds", "finalize s", "commit s", "tx/s", "ratio"],
      ["native secp256k1 verify only, 1 thread (reference)", String(inline.txs), "-", "-", "-", "-", inline.verifyPerSecond.toFixed(0), "1.00"],
      row("stratos, signatures verified inline", inline),
      row("stratos, + 1 verifier worker thread", pooled),
    ]),
  );
  console.log(`\nfailed txs ${inline.failed + pooled.failed}; target >= 5000 tx/s\n`);

  const ours = await runStratosE2e(accounts, perAccount, concurrency);
  const sample = presignSends(benchKeys(accounts), perAccount, "stratos-bench");
  const kv = await runKvstoreE2e(sample, accounts, concurrency);
  console.log("\n## End to end through CometBFT v0.38.25 (broadcast_tx_sync, counted when committed)\n");
  console.log(
    table([
      ["app", "txs", "committed", "failed", "blocks", "seconds", "tx/s", "ratio"],
      ["cometbft kvstore (reference)", String(kv.txs), String(kv.committed), String(kv.failed), String(kv.blocks), kv.seconds.toFixed(2), kv.txPerSecond.toFixed(0), "1.00"],
      ["stratos MsgSend", String(ours.txs), String(ours.committed), String(ours.failed), String(ours.blocks), ours.seconds.toFixed(2), ours.txPerSecond.toFixed(0), (ours.txPerSecond / kv.txPerSecond).toFixed(2)],
    ]),
  );
  console.log("\ntarget >= 1000 tx/s end to end");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
