import { Worker } from "node:worker_threads";
import { verifySecp256k1Digest } from "./secp256k1";

/** One signature to check: `digest` = sha256(signBytes), a 64-byte low-S r||s and a compressed key. */
export interface SignatureCheck {
  readonly digest: Uint8Array;
  readonly signature: Uint8Array;
  readonly pubkey: Uint8Array;
}

/**
 * The worker's whole program. Plain JavaScript so the worker starts without a TypeScript
 * loader; it uses the same native binding and the same low-S rule as `verifySecp256k1`.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const secp = require("secp256k1/bindings");
const HALF = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
function verify(d, s, p) {
  if (d.length !== 32 || s.length !== 64 || p.length !== 33) return false;
  if (BigInt("0x" + Buffer.from(s.subarray(32)).toString("hex")) > HALF) return false;
  try { return secp.ecdsaVerify(s, d, p); } catch { return false; }
}
parentPort.on("message", ({ id, checks }) => {
  parentPort.postMessage({ id, results: checks.map((c) => verify(c.digest, c.signature, c.pubkey)) });
});
`;

/**
 * Verifies a batch of signatures on worker threads and the calling thread at once (the
 * calling thread takes the first share while the workers take the rest). Used before block
 * execution; results only ever feed the verified-signature cache, so execution gives the
 * same answer with or without the pool.
 */
export class VerifierPool {
  private readonly workers: Worker[] = [];
  private nextId = 0;
  private readonly pending = new Map<number, (results: boolean[]) => void>();

  constructor(workerCount: number) {
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on("message", (m: { id: number; results: boolean[] }) => {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        // Idle workers must not keep the process alive; busy ones must (an awaited batch).
        w.unref();
        done?.(m.results);
      });
      w.on("error", (e) => {
        // A worker crash loses only speed: fail its pending batches so callers verify inline.
        for (const [id, done] of this.pending) {
          this.pending.delete(id);
          done([]);
        }
        console.error(`[app] signature worker failed: ${e.message}`);
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Results in input order; a missing result (worker failure) reads as "not verified". */
  async verify(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    const shares = this.workers.length + 1;
    const per = Math.ceil(checks.length / shares);
    const jobs: Promise<boolean[]>[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const slice = checks.slice((w + 1) * per, (w + 2) * per);
      if (slice.length === 0) {
        jobs.push(Promise.resolve([]));
        continue;
      }
      const id = this.nextId++;
      jobs.push(new Promise((resolve) => this.pending.set(id, resolve)));
      this.workers[w]!.ref();
      this.workers[w]!.postMessage({ id, checks: slice });
    }
    const mine = checks.slice(0, per).map((c) => verifySecp256k1Digest(c.digest, c.signature, c.pubkey));
    const theirs = await Promise.all(jobs);
    const out = [...mine];
    for (let w = 0; w < this.workers.length; w++) {
      const expected = Math.max(0, Math.min(per, checks.length - (w + 1) * per));
      const got = theirs[w]!;
      for (let i = 0; i < expected; i++) out.push(got[i] ?? false);
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
