/**
 * CommitStore benchmark: `npx tsx chain/src/store/store.bench.ts [--keys N] [--block N] [--nosync]`.
 * Fills a store with N keys, then times stage + commit of blocks of changed keys (80%
 * updates, 20% inserts), warm and after a reopen (cold page cache), and point reads.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CacheStore } from "./cache-store";
import { CommitStore } from "./commit-store";
import type { Change } from "./kv-store";
import { verifySmtProof } from "../../../sdk/src/verifier/smt-proof";
import { sha256 } from "./smt";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const N = arg("--keys", 100_000);
const BLOCK = arg("--block", 15_000);
const noSync = process.argv.includes("--nosync");

/** xorshift32: deterministic, so runs are comparable. */
let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
}
function randBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rnd() & 0xff;
  return b;
}
function makeKey(): Uint8Array {
  // Cosmos-like: a 1-byte store prefix, a length-prefixed 20-byte address, a denom.
  const k = new Uint8Array(1 + 1 + 20 + 5);
  k[0] = 0x02;
  k[1] = 20;
  k.set(randBytes(20), 2);
  k.set(Buffer.from("ustos"), 22);
  return k;
}
const value = (): Uint8Array => randBytes(40 + (rnd() % 60));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
const ms = (t: number): string => `${t.toFixed(1)} ms`;

/** SHA-256 of a 65-byte inner node, ns: a yardstick for how busy the machine is. */
function calibrate(): number {
  const buf = Buffer.alloc(65);
  const n = 200_000;
  const a = performance.now();
  for (let i = 0; i < n; i++) {
    buf[1] = i & 0xff;
    sha256(buf);
  }
  return ((performance.now() - a) / n) * 1e6;
}
console.log(`calibration: sha256(65 B) ${calibrate().toFixed(0)} ns (quiet 2-vCPU VM: ~700-1100 ns)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-bench-"));
try {
  let store = CommitStore.open(dir, { noSync });
  const keys: Uint8Array[] = [];
  let height = 0n;
  const t0 = performance.now();
  for (let filled = 0; filled < N; ) {
    const n = Math.min(20_000, N - filled);
    const ch: Change[] = [];
    for (let i = 0; i < n; i++) {
      const k = makeKey();
      keys.push(k);
      ch.push([k, value()]);
    }
    store.stage(ch);
    store.commit(++height);
    filled += n;
  }
  console.log(`fill ${N} keys in blocks of 20k: ${ms(performance.now() - t0)}${noSync ? " (noSync)" : ""}`);

  const block = (): Change[] => {
    const ch: Change[] = [];
    for (let i = 0; i < BLOCK; i++) {
      if (i % 5 === 4) {
        const k = makeKey();
        keys.push(k);
        ch.push([k, value()]);
      } else {
        ch.push([keys[rnd() % keys.length] as Uint8Array, value()]);
      }
    }
    return ch;
  };
  const runBlocks = (label: string, count: number): void => {
    const st: number[] = [];
    const ct: number[] = [];
    for (let r = 0; r < count; r++) {
      const ch = block();
      const a = performance.now();
      store.stage(ch);
      const b = performance.now();
      store.commit(++height);
      const c = performance.now();
      st.push(b - a);
      ct.push(c - b);
      console.log(`  ${label} block ${r + 1}: stage ${ms(b - a)} + commit ${ms(c - b)} = ${ms(c - a)}`);
    }
    const tot = st.map((x, i) => x + (ct[i] as number));
    console.log(
      `${label}: median stage ${ms(median(st))}, commit ${ms(median(ct))}, total ${ms(median(tot))} (best ${ms(Math.min(...tot))})`,
    );
  };
  runBlocks(`warm ${BLOCK}-key block on ${N}+ keys`, 5);

  store.close();
  store = CommitStore.open(dir, { noSync });
  runBlocks(`cold (reopened) ${BLOCK}-key block`, 2);

  const view = store.committed();
  const R = 100_000;
  let a = performance.now();
  let hits = 0;
  for (let i = 0; i < R; i++) if (view.get(keys[rnd() % N] as Uint8Array) !== undefined) hits++;
  console.log(`committed().get: ${(((performance.now() - a) / R) * 1000).toFixed(2)} µs/op (${hits} hits)`);

  const cache = new CacheStore(new CacheStore(view));
  const C = 200_000;
  const ck = Array.from({ length: 5000 }, () => makeKey());
  const cv = value();
  a = performance.now();
  for (let i = 0; i < C; i++) cache.set(ck[i % ck.length] as Uint8Array, cv);
  const setNs = ((performance.now() - a) / C) * 1e6;
  a = performance.now();
  for (let i = 0; i < C; i++) cache.get(ck[i % ck.length] as Uint8Array);
  const getNs = ((performance.now() - a) / C) * 1e6;
  console.log(`CacheStore (nested, over LMDB): set ${setNs.toFixed(0)} ns/op, get of a buffered key ${getNs.toFixed(0)} ns/op`);

  const old = height - 3n;
  const G = 20_000;
  a = performance.now();
  for (let i = 0; i < G; i++) store.getAt(keys[rnd() % N] as Uint8Array, old);
  console.log(`getAt(height-3), first pass: ${(((performance.now() - a) / G) * 1000).toFixed(2)} µs/op`);
  a = performance.now();
  for (let i = 0; i < G; i++) store.getAt(keys[rnd() % N] as Uint8Array, old);
  console.log(`getAt(height-3), second pass: ${(((performance.now() - a) / G) * 1000).toFixed(2)} µs/op`);

  const P = 5_000;
  let bytes = 0;
  a = performance.now();
  for (let i = 0; i < P; i++) {
    const p = store.prove(keys[rnd() % N] as Uint8Array, height);
    bytes += (p.proof.exist?.path.length ?? 0) * 33;
  }
  console.log(`prove (membership): ${(((performance.now() - a) / P) * 1000).toFixed(1)} µs/op, ~${Math.round(bytes / P)} B of path`);
  a = performance.now();
  const root = store.rootAt(height) as Uint8Array;
  for (let i = 0; i < P; i++) {
    const k = keys[rnd() % N] as Uint8Array;
    const p = store.prove(k, height);
    verifySmtProof(p.proof, root, k, p.value);
  }
  console.log(`prove + verify: ${(((performance.now() - a) / P) * 1000).toFixed(1)} µs/op`);
  const sizes = fs.readdirSync(dir).map((f) => `${f} ${(fs.statSync(path.join(dir, f)).size / 1e6).toFixed(1)} MB`);
  console.log(`on disk: ${sizes.join(", ")}`);
  console.log(`calibration again: sha256(65 B) ${calibrate().toFixed(0)} ns`);
  store.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
