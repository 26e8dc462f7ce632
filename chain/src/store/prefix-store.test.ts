import { CacheStore } from "./cache-store";
import { MemoryStore } from "./memory-store";
import { PrefixStore } from "./prefix-store";
import { b } from "./test-helpers";

const keys = (it: Iterable<[Uint8Array, Uint8Array]>): string[] => [...it].map(([k]) => Buffer.from(k).toString("hex"));

describe("PrefixStore", () => {
  test("writes land under the prefix in the parent", () => {
    const parent = new MemoryStore();
    const p = new PrefixStore(parent, b("bank/"));
    p.set(b("alice"), b("1"));
    expect(parent.get(b("bank/alice"))).toEqual(b("1"));
    p.delete(b("alice"));
    expect(parent.has(b("bank/alice"))).toBe(false);
  });

  test("an all-0xff prefix iterates to the end of the key space", () => {
    const parent = new MemoryStore();
    parent.set(Uint8Array.of(0xfe, 0xff), b("before"));
    parent.set(Uint8Array.of(0xff, 0xff), b("in"));
    parent.set(Uint8Array.of(0xff, 0xff, 0x00), b("in"));
    parent.set(Uint8Array.of(0xff, 0xff, 0xff, 0xff), b("in"));
    const p = new PrefixStore(parent, Uint8Array.of(0xff, 0xff));
    expect(keys(p.iterate())).toEqual(["", "00", "ffff"]);
    expect(keys(p.iterate({ reverse: true }))).toEqual(["ffff", "00", ""]);
    expect(keys(p.iterate({ start: Uint8Array.of(0x01) }))).toEqual(["ffff"]);
  });

  test("an empty prefix is the parent itself", () => {
    const parent = new MemoryStore();
    parent.set(b("a"), b("1"));
    parent.set(b("b"), b("2"));
    expect(keys(new PrefixStore(parent, new Uint8Array(0)).iterate({ end: b("b") }))).toEqual([Buffer.from("a").toString("hex")]);
  });

  test("nested prefixes compose, and writes to a read-only parent throw", () => {
    const parent = new MemoryStore();
    const inner = new PrefixStore(new PrefixStore(parent, b("a/")), b("b/"));
    inner.set(b("k"), b("v"));
    expect(parent.get(b("a/b/k"))).toEqual(b("v"));
    const ro = new PrefixStore({ get: (k) => parent.get(k), has: (k) => parent.has(k), iterate: (r) => parent.iterate(r) }, b("a/"));
    expect(ro.get(b("b/k"))).toEqual(b("v"));
    expect(() => ro.set(b("x"), b("y"))).toThrow();
    expect(() => ro.delete(b("x"))).toThrow();
  });

  test("over a cache, changes surface with full keys", () => {
    const cache = new CacheStore(new MemoryStore());
    new PrefixStore(cache, b("m/")).set(b("k"), b("v"));
    expect(cache.changes().map(([k]) => Buffer.from(k).toString())).toEqual(["m/k"]);
  });
});
