/**
 * A small seeded PRNG for fuzz tests (test data only), so every failing case can be replayed:
 * each fuzz test reads its seed from an environment variable and prints it.
 */

/** Seeded random source: floats, integers below `n`, bytes, picks. */
export interface Rng {
  /** The seed this source started from (print it with any failure). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `len` random bytes. */
  bytes(len: number): Buffer;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: 32 bits of state, good enough to spread test cases. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    bytes: (len) => {
      const out = Buffer.alloc(len);
      for (let i = 0; i < len; i++) out[i] = int(256);
      return out;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(items.length)] as T;
    },
  };
}

/**
 * The seed of a fuzz test: the environment variable `name` (decimal or 0x-hex) when set, else
 * `fallback`. Throws on a value that is not a number, so a typo does not silently run the default.
 */
export function fuzzSeed(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${raw} is not an integer seed`);
  return n >>> 0;
}

/** A count from the environment variable `name` (for longer local fuzz runs), else `fallback`. */
export function fuzzCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${raw} is not a positive count`);
  return n;
}
