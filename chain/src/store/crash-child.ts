/**
 * Child process for the crash test: commits deterministic blocks in a loop until killed,
 * printing "committed <height>" after each commit returns. Run with
 * `node --require tsx/cjs crash-child.ts <dir>`.
 */
import { CommitStore } from "./commit-store";
import type { Change } from "./kv-store";
import { Rng } from "./test-helpers";

/** The changes of block `height`: a function of the height only, so the test can replay it. */
export function crashBlock(height: bigint): Change[] {
  const rng = new Rng(Number(height % 1_000_003n) * 7919 + 17);
  const n = 100 + rng.int(2500);
  const out: Change[] = [];
  for (let i = 0; i < n; i++) {
    const key = new TextEncoder().encode(`key-${rng.int(20_000)}`);
    out.push([key, rng.int(5) === 0 ? undefined : rng.bytes(10 + rng.int(90))]);
  }
  return out;
}

function main(dir: string): void {
  const store = CommitStore.open(dir);
  let h = store.lastCommit().height;
  process.stdout.write(`ready ${h}\n`);
  for (;;) {
    h++;
    store.stage(crashBlock(h));
    store.commit(h);
    // Pipes are written synchronously on Linux: the line is out before the next block.
    process.stdout.write(`committed ${h}\n`);
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error("usage: crash-child.ts <dir>");
  main(dir);
}
