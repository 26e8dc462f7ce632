/**
 * The behaviour every KVStore implementation must share. Call
 * `describeKVStoreContract(name, factory)` from a test file; the factory returns a fresh,
 * empty store and an optional cleanup.
 */
import type { KVStore } from "./kv-store";
import { b, hexEntries, ModelStore, Rng } from "./test-helpers";

/** A fresh empty store under test, and how to dispose of it. */
export interface ContractSubject {
  readonly store: KVStore;
  readonly cleanup?: () => void;
}

/** Registers the shared contract tests for one implementation. */
export function describeKVStoreContract(name: string, factory: () => ContractSubject): void {
  describe(`KVStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let s: KVStore;
    beforeEach(() => {
      subject = factory();
      s = subject.store;
    });
    afterEach(() => subject.cleanup?.());

    const keysOf = (it: Iterable<[Uint8Array, Uint8Array]>): string[] => [...it].map(([k]) => Buffer.from(k).toString("latin1"));

    test("get, set, overwrite, has, delete", () => {
      expect(s.get(b("a"))).toBeUndefined();
      expect(s.has(b("a"))).toBe(false);
      s.set(b("a"), b("1"));
      expect(s.get(b("a"))).toEqual(b("1"));
      expect(s.has(b("a"))).toBe(true);
      s.set(b("a"), b("2"));
      expect(s.get(b("a"))).toEqual(b("2"));
      s.delete(b("a"));
      expect(s.get(b("a"))).toBeUndefined();
      expect(s.has(b("a"))).toBe(false);
      s.delete(b("never-there"));
      expect(s.has(b("never-there"))).toBe(false);
    });

    test("stored bytes are copies of the caller's buffers", () => {
      const k = b("key");
      const v = b("value");
      s.set(k, v);
      v[0] = 0x58;
      k[0] = 0x58;
      expect(s.get(b("key"))).toEqual(b("value"));
      expect(s.has(b("Xey"))).toBe(false);
    });

    test("empty value is a present value", () => {
      s.set(b("e"), new Uint8Array(0));
      expect(s.has(b("e"))).toBe(true);
      expect(s.get(b("e"))).toEqual(new Uint8Array(0));
      expect(keysOf(s.iterate())).toEqual(["e"]);
    });

    test("iterates in bytewise order, forward and reverse", () => {
      const keys = [[2], [1, 255], [1], [1, 0], [0xff], [0xff, 0xff], [0x80], [0, 1]].map((k) => Uint8Array.from(k));
      for (const k of keys) s.set(k, Uint8Array.of(k.length));
      const fwd = [...s.iterate()].map(([k]) => [...k]);
      expect(fwd).toEqual([[0, 1], [1], [1, 0], [1, 255], [2], [0x80], [0xff], [0xff, 0xff]]);
      const rev = [...s.iterate({ reverse: true })].map(([k]) => [...k]);
      expect(rev).toEqual([...fwd].reverse());
    });

    test("ranges: start inclusive, end exclusive, both directions", () => {
      for (const k of ["a", "b", "ba", "bb", "c", "d"]) s.set(b(k), b(k.toUpperCase()));
      expect(keysOf(s.iterate({ start: b("b") }))).toEqual(["b", "ba", "bb", "c", "d"]);
      expect(keysOf(s.iterate({ end: b("c") }))).toEqual(["a", "b", "ba", "bb"]);
      expect(keysOf(s.iterate({ start: b("b"), end: b("c") }))).toEqual(["b", "ba", "bb"]);
      expect(keysOf(s.iterate({ start: b("b"), end: b("c"), reverse: true }))).toEqual(["bb", "ba", "b"]);
      expect(keysOf(s.iterate({ start: b("b"), reverse: true }))).toEqual(["d", "c", "bb", "ba", "b"]);
      expect(keysOf(s.iterate({ end: b("b"), reverse: true }))).toEqual(["a"]);
      expect(keysOf(s.iterate({ start: b("a0"), end: b("bz") }))).toEqual(["b", "ba", "bb"]);
      expect(keysOf(s.iterate({ start: b("a0"), end: b("bz"), reverse: true }))).toEqual(["bb", "ba", "b"]);
      // values come with their keys
      expect(hexEntries(s.iterate({ start: b("d") }))).toEqual([`${Buffer.from("d").toString("hex")}=${Buffer.from("D").toString("hex")}`]);
    });

    test("empty ranges and empty stores yield nothing", () => {
      expect([...s.iterate()]).toEqual([]);
      expect([...s.iterate({ reverse: true })]).toEqual([]);
      for (const k of ["a", "b", "c"]) s.set(b(k), b("x"));
      expect([...s.iterate({ start: b("b"), end: b("b") })]).toEqual([]);
      expect([...s.iterate({ start: b("c"), end: b("a") })]).toEqual([]);
      expect([...s.iterate({ start: b("c"), end: b("a"), reverse: true })]).toEqual([]);
      expect([...s.iterate({ start: b("x") })]).toEqual([]);
      expect([...s.iterate({ end: b("a") })]).toEqual([]);
      expect([...s.iterate({ end: b("a"), reverse: true })]).toEqual([]);
      expect([...s.iterate({ start: b("bb"), end: b("bc") })]).toEqual([]);
    });

    test("deleted keys disappear from iteration", () => {
      for (const k of ["a", "b", "c"]) s.set(b(k), b("x"));
      s.delete(b("b"));
      expect(keysOf(s.iterate())).toEqual(["a", "c"]);
      expect(keysOf(s.iterate({ reverse: true }))).toEqual(["c", "a"]);
    });

    test("random operations match a sorted-map model", () => {
      const rng = new Rng(0xc0ffee);
      const model = new ModelStore();
      const key = (): Uint8Array => Uint8Array.of(rng.int(4), rng.int(4), ...(rng.int(2) === 0 ? [] : [rng.int(256)]));
      for (let i = 0; i < 400; i++) {
        const k = key();
        if (rng.int(4) === 0) {
          s.delete(k);
          model.delete(k);
        } else {
          const v = rng.bytes(rng.int(5));
          s.set(k, v);
          model.set(k, v);
        }
        if (i % 40 === 0) {
          const start = rng.int(3) === 0 ? undefined : key();
          const end = rng.int(3) === 0 ? undefined : key();
          const reverse = rng.int(2) === 0;
          expect(hexEntries(s.iterate({ start, end, reverse }))).toEqual(hexEntries(model.range(start, end, reverse)));
        }
      }
      expect(hexEntries(s.iterate())).toEqual(hexEntries(model.range()));
      for (const [k, v] of model.range()) expect(s.get(k)).toEqual(v);
    });
  });
}
