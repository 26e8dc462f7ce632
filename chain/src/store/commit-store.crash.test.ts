import { spawn } from "node:child_process";
import * as path from "node:path";
import { CommitStore } from "./commit-store";
import { crashBlock } from "./crash-child";
import { computeRoot } from "./smt";
import { ModelStore, Rng, rmDir, tempDir } from "./test-helpers";

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");

/** Runs the child until `delayMs` after it is ready, SIGKILLs it, returns the last height it reported. */
async function runAndKill(dir: string, delayMs: number): Promise<bigint> {
  const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), path.join(__dirname, "crash-child.ts"), dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let last = -1n;
  let ready: () => void = () => undefined;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    out += d;
    const lines = out.split("\n");
    out = lines.pop() ?? "";
    for (const line of lines) {
      const [word, h] = line.split(" ");
      if (word === "ready") {
        if (last < 0n) last = BigInt(h as string);
        ready();
      } else if (word === "committed") {
        last = BigInt(h as string);
      }
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => (err += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await Promise.race([readyP, exited]);
  if (child.exitCode !== null) throw new Error(`child exited early: ${err}`);
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill("SIGKILL");
  await exited;
  return last;
}

describe("CommitStore crash safety", () => {
  test("SIGKILL at random moments: reopens consistent at the last reported height or the next", async () => {
    const dir = tempDir("crash");
    const rng = new Rng(Date.now() >>> 0);
    const model = new ModelStore();
    let applied = 0n;
    const rootAt = (h: bigint): string => {
      if (h < applied) throw new Error("heights never go back");
      for (; applied < h; ) {
        applied++;
        for (const [k, v] of crashBlock(applied)) {
          if (v === undefined) model.delete(k);
          else model.set(k, v);
        }
      }
      return hex(computeRoot(model.range()));
    };
    try {
      let previous = 0n;
      for (let round = 0; round < 6; round++) {
        const delay = round === 0 ? 5 : 30 + rng.int(700);
        const reported = await runAndKill(dir, delay);
        const store = CommitStore.open(dir);
        try {
          const { height, appHash } = store.lastCommit();
          expect(height === reported || height === reported + 1n).toBe(true);
          expect(height).toBeGreaterThanOrEqual(previous);
          store.checkIntegrity();
          expect(hex(appHash)).toBe(rootAt(height));
          previous = height;
          if (process.env.CRASH_DEBUG) console.log(`round ${round}: reported ${reported}, reopened at ${height}`);
        } finally {
          store.close();
        }
      }
      expect(previous).toBeGreaterThan(0n);
    } finally {
      rmDir(dir);
    }
  }, 120_000);
});
