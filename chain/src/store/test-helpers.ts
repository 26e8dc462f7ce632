/** Helpers shared by the store tests (not a test file itself). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareBytes } from "./bytes";

/** Deterministic PRNG (xorshift32) so failures reproduce from the seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let s = this.s;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    this.s = s;
    return s;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return this.u32() % n;
  }
  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
  /** A random element of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
}

/** UTF-8 bytes of `s`. */
export function b(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A fresh temporary directory; remove it with `rmDir`. */
export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `store-${tag}-`));
}

/** Removes a directory tree. */
export function rmDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Sorted-map model of a KV store: the oracle the stores are compared against. */
export class ModelStore {
  readonly map = new Map<string, [Uint8Array, Uint8Array]>();
  private static k(key: Uint8Array): string {
    return Buffer.from(key).toString("hex");
  }
  set(key: Uint8Array, value: Uint8Array): void {
    this.map.set(ModelStore.k(key), [new Uint8Array(key), new Uint8Array(value)]);
  }
  delete(key: Uint8Array): void {
    this.map.delete(ModelStore.k(key));
  }
  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(ModelStore.k(key))?.[1];
  }
  /** Entries in [start, end), ascending or descending. */
  range(start?: Uint8Array, end?: Uint8Array, reverse = false): [Uint8Array, Uint8Array][] {
    const out = [...this.map.values()].filter(
      ([k]) => (start === undefined || compareBytes(k, start) >= 0) && (end === undefined || compareBytes(k, end) < 0),
    );
    out.sort((x, y) => compareBytes(x[0], y[0]));
    if (reverse) out.reverse();
    return out;
  }
}

/** Hex pairs of entries, for readable comparisons in `expect`. */
export function hexEntries(entries: Iterable<[Uint8Array, Uint8Array]>): string[] {
  const out: string[] = [];
  for (const [k, v] of entries) out.push(`${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
  return out;
}
