/**
 * State-sync snapshots in process (`BENCH_ONLY=statesync`): a store of BENCH_SNAPSHOT_KEYS
 * entries (27-byte keys, 40-100-byte values, committed in blocks of 20,000), then
 *  - the snapshot of its last height built (read from the tree, chunked, written to files);
 *  - that snapshot restored into a fresh store through the ABCI restorer (every chunk hashed
 *    and decoded, key order checked, the root checked against the app hash, one commit);
 * beside the reference: the same entries staged and committed into a fresh store as one batch
 * (the least a restore must do). Peak RSS is sampled during each.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ResponseApplySnapshotChunk_Result, ResponseOfferSnapshot_Result } from "cosmjs-types/tendermint/abci/types";
import { SnapshotBuilder } from "../chain/src/app/snapshots/snapshot-builder";
import { SnapshotRestorer } from "../chain/src/app/snapshots/snapshot-restorer";
import type { Change } from "../chain/src/store/kv-store";
import { CommitStore } from "../chain/src/store/commit-store";
import { num, table, withPeakRss } from "./report";

const BLOCK = 20_000;

export async function runStateSyncBench(): Promise<void> {
  const keys = num("BENCH_SNAPSHOT_KEYS", 200_000);
  const root = mkdtempSync(path.join(os.tmpdir(), "stratos-bench-snapshot-"));
  try {
    const source = CommitStore.open(path.join(root, "source"));
    let height = 0n;
    const all: Change[] = [];
    for (let done = 0; done < keys; done += BLOCK) {
      const block: Change[] = [];
      for (let i = done; i < Math.min(keys, done + BLOCK); i++) block.push([randomBytes(27), randomBytes(40 + (i % 61))]);
      all.push(...block);
      source.stage(block);
      source.commit(++height);
    }
    const appHash = source.lastCommit().appHash;
    console.log(`\n# State-sync snapshots: ${keys} entries in ${height} heights\n`);

    const reference = await withPeakRss(async () => {
      const fresh = CommitStore.open(path.join(root, "reference"));
      fresh.stage(all);
      fresh.commit(height);
      fresh.close();
    });
    const builder = new SnapshotBuilder(source, { dir: path.join(root, "snapshots"), interval: 0 });
    const build = await withPeakRss(() => builder.build(height));
    const snapshot = build.value!;
    const bytes = Array.from({ length: snapshot.chunks }, (_, i) => builder.files.chunk(height, i)!.length).reduce((a, b) => a + b, 0);
    const target = CommitStore.open(path.join(root, "target"));
    const restore = await withPeakRss(async () => {
      const restorer = new SnapshotRestorer(target);
      if (restorer.offer({ snapshot, appHash }) !== ResponseOfferSnapshot_Result.ACCEPT) throw new Error("snapshot refused");
      for (let index = 0; index < snapshot.chunks; index++) {
        const { response } = restorer.apply({ index, chunk: builder.files.chunk(height, index)!, sender: "bench" });
        if (response.result !== ResponseApplySnapshotChunk_Result.ACCEPT) throw new Error(`chunk ${index}: ${response.result}`);
      }
    });
    if (target.lastCommit().height !== height) throw new Error("restore did not commit");
    target.close();
    source.close();

    const row = (what: string, m: { seconds: number; rssBefore: number; rssPeak: number }) => [
      what,
      m.seconds.toFixed(2),
      ((keys / m.seconds) | 0).toString(),
      ((m.rssPeak - m.rssBefore) / 2 ** 20).toFixed(0),
      (m.seconds / reference.seconds).toFixed(2),
    ];
    console.log(
      table([
        ["what", "seconds", "entries/s", "peak RSS +MiB", "time ratio"],
        row("stage + commit all entries into a fresh store (reference)", reference),
        row(`build the snapshot (${snapshot.chunks} chunks, ${(bytes / 2 ** 20).toFixed(1)} MiB)`, build),
        row("restore it: offer + apply every chunk, root checked, commit", restore),
      ]),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
