import { ReadOnlyStore } from "../app/read-only-store";
import { CacheStore, ReadOnlyParentError } from "./cache-store";
import type { Change } from "./kv-store";
import { MemoryStore } from "./memory-store";
import { b, hexEntries, ModelStore, Rng } from "./test-helpers";

const str = (u: Uint8Array | undefined): string | undefined => (u === undefined ? undefined : Buffer.from(u).toString());

describe("CacheStore", () => {
  test("reads fall through; writes stay buffered until write()", () => {
    const parent = new MemoryStore();
    parent.set(b("a"), b("parent-a"));
    parent.set(b("b"), b("parent-b"));
    const c = new CacheStore(parent);
    expect(str(c.get(b("a")))).toBe("parent-a");
    c.set(b("a"), b("cache-a"));
    c.delete(b("b"));
    c.set(b("c"), b("cache-c"));
    expect(str(c.get(b("a")))).toBe("cache-a");
    expect(c.get(b("b"))).toBeUndefined();
    expect(c.has(b("b"))).toBe(false);
    expect(str(parent.get(b("a")))).toBe("parent-a");
    expect(str(parent.get(b("b")))).toBe("parent-b");
    expect(c.size).toBe(3);
    c.write();
    expect(c.size).toBe(0);
    expect(str(parent.get(b("a")))).toBe("cache-a");
    expect(parent.get(b("b"))).toBeUndefined();
    expect(str(parent.get(b("c")))).toBe("cache-c");
  });

  test("discard drops buffered changes", () => {
    const parent = new MemoryStore();
    parent.set(b("a"), b("1"));
    const c = new CacheStore(parent);
    c.set(b("a"), b("2"));
    c.delete(b("a"));
    c.set(b("z"), b("3"));
    c.discard();
    expect(c.size).toBe(0);
    expect(str(c.get(b("a")))).toBe("1");
    expect(c.get(b("z"))).toBeUndefined();
    expect(c.changes()).toEqual([]);
  });

  test("changes() lists the last change per key in key order", () => {
    const c = new CacheStore(new MemoryStore());
    c.set(b("m"), b("1"));
    c.set(b("a"), b("1"));
    c.delete(b("z"));
    c.set(b("m"), b("2"));
    c.set(Uint8Array.of(0xff), b("hi"));
    c.set(Uint8Array.of(0x00), b("lo"));
    const ch = c.changes().map(([k, v]) => [Buffer.from(k).toString("hex"), str(v)]);
    expect(ch).toEqual([
      ["00", "lo"],
      [Buffer.from("a").toString("hex"), "1"],
      [Buffer.from("m").toString("hex"), "2"],
      [Buffer.from("z").toString("hex"), undefined],
      ["ff", "hi"],
    ]);
  });

  test("remembered reads are not changes", () => {
    const parent = new MemoryStore();
    parent.set(b("a"), b("1"));
    const c = new CacheStore(parent, { cacheReads: true });
    expect(str(c.get(b("a")))).toBe("1");
    expect(c.get(b("missing"))).toBeUndefined();
    expect(c.size).toBe(0);
    expect(c.changes()).toEqual([]);
    expect(hexEntries(c.iterate())).toEqual(hexEntries(parent.iterate()));
    c.set(b("a"), b("2"));
    expect(c.size).toBe(1);
  });

  test("write() into a read-only parent throws", () => {
    const parent = new MemoryStore();
    const c = new CacheStore({ get: (k) => parent.get(k), has: (k) => parent.has(k), iterate: (r) => parent.iterate(r) });
    c.set(b("a"), b("1"));
    expect(() => c.write()).toThrow(ReadOnlyParentError);
    const c2 = new CacheStore(new ReadOnlyStore(parent));
    c2.set(b("a"), b("1"));
    expect(() => c2.write()).toThrow();
  });

  test("iteration is live: writes behind or ahead of the cursor are seen consistently", () => {
    const parent = new MemoryStore();
    for (const k of ["a", "c", "e", "g"]) parent.set(b(k), b("p"));
    const c = new CacheStore(parent);
    c.set(b("b"), b("c"));
    const seen: string[] = [];
    for (const [k] of c.iterate()) {
      const s = Buffer.from(k).toString();
      seen.push(s);
      if (s === "c") {
        c.delete(b("e")); // ahead: must not appear
        c.set(b("f"), b("new")); // ahead: appears
        c.set(b("a0"), b("new")); // behind: not revisited
      }
    }
    expect(seen).toEqual(["a", "b", "c", "f", "g"]);
  });

  test("nested caches against a model, seeded random (thousands of ops)", () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed * 7919);
      const base = new MemoryStore();
      const baseModel = new ModelStore();
      // Pre-populate the base so parent iteration matters.
      for (let i = 0; i < 300; i++) {
        const k = Uint8Array.of(rng.int(8), rng.int(8), rng.int(8));
        const v = rng.bytes(3);
        base.set(k, v);
        baseModel.set(k, v);
      }
      const block = new CacheStore(base, { cacheReads: seed === 2 });
      let blockModel = cloneModel(baseModel);
      let tx = new CacheStore(block);
      let txModel = cloneModel(blockModel);
      const key = (): Uint8Array => {
        const n = 1 + rng.int(3);
        const k = new Uint8Array(n);
        for (let i = 0; i < n; i++) k[i] = rng.int(8);
        return k;
      };
      for (let i = 0; i < 4000; i++) {
        const r = rng.int(100);
        if (r < 45) {
          const k = key();
          const v = rng.bytes(rng.int(4));
          tx.set(k, v);
          txModel.set(k, v);
        } else if (r < 65) {
          const k = key();
          tx.delete(k);
          txModel.delete(k);
        } else if (r < 80) {
          const k = key();
          expect(hex(tx.get(k))).toBe(hex(txModel.get(k)));
        } else if (r < 92) {
          const start = rng.int(4) === 0 ? undefined : key();
          const end = rng.int(4) === 0 ? undefined : key();
          const reverse = rng.int(2) === 0;
          expect(hexEntries(tx.iterate({ start, end, reverse }))).toEqual(hexEntries(txModel.range(start, end, reverse)));
          // The block cache must not see uncommitted tx writes.
          expect(hexEntries(block.iterate({ start, end, reverse }))).toEqual(hexEntries(blockModel.range(start, end, reverse)));
        } else if (r < 97) {
          tx.write();
          blockModel = cloneModel(txModel);
          tx = new CacheStore(block);
        } else {
          tx.discard();
          txModel = cloneModel(blockModel);
        }
      }
      tx.write();
      // The block cache's changes turn the base into the final model.
      const changes = block.changes();
      for (let i = 1; i < changes.length; i++) {
        const prev = changes[i - 1] as Change;
        const cur = changes[i] as Change;
        expect(Buffer.compare(prev[0], cur[0])).toBeLessThan(0);
      }
      block.write();
      expect(hexEntries(base.iterate())).toEqual(hexEntries(txModel.range()));
    }
  });
});

function hex(u: Uint8Array | undefined): string | undefined {
  return u === undefined ? undefined : Buffer.from(u).toString("hex");
}

function cloneModel(m: ModelStore): ModelStore {
  const c = new ModelStore();
  for (const [k, v] of m.range()) c.set(k, v);
  return c;
}
