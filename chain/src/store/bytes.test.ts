import { bytesEqual, compareBytes, concatBytes, fromHex, hasPrefix, keyFromString, keyString, prefixEnd, toHex } from "./bytes";
import { SortedKeys } from "./sorted-keys";
import { Rng } from "./test-helpers";

const u = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe("bytes", () => {
  test("compareBytes is bytewise with shorter prefix first", () => {
    expect(compareBytes(u(1, 2), u(1, 2))).toBe(0);
    expect(compareBytes(u(1), u(1, 0))).toBeLessThan(0);
    expect(compareBytes(u(2), u(1, 255))).toBeGreaterThan(0);
    expect(compareBytes(u(), u(0))).toBeLessThan(0);
    expect(compareBytes(u(0x7f), u(0x80))).toBeLessThan(0);
  });

  test("bytesEqual, concat, hasPrefix", () => {
    expect(bytesEqual(u(1, 2), u(1, 2))).toBe(true);
    expect(bytesEqual(u(1, 2), u(1))).toBe(false);
    expect(bytesEqual(u(1, 2), u(1, 3))).toBe(false);
    expect(concatBytes(u(1), u(), u(2, 3))).toEqual(u(1, 2, 3));
    expect(hasPrefix(u(1, 2, 3), u(1, 2))).toBe(true);
    expect(hasPrefix(u(1), u(1, 2))).toBe(false);
    expect(hasPrefix(u(1), u())).toBe(true);
  });

  test("hex round trip and validation", () => {
    expect(toHex(u(0, 0xab, 0xff))).toBe("00abff");
    expect(fromHex("00ABff")).toEqual(u(0, 0xab, 0xff));
    expect(fromHex("0x0102")).toEqual(u(1, 2));
    expect(fromHex("")).toEqual(u());
    expect(() => fromHex("abc")).toThrow();
    expect(() => fromHex("zz")).toThrow();
    // A view into a larger buffer encodes only its own bytes.
    const big = u(9, 1, 2, 9);
    expect(toHex(big.subarray(1, 3))).toBe("0102");
  });

  test("prefixEnd", () => {
    expect(prefixEnd(u(1, 2))).toEqual(u(1, 3));
    expect(prefixEnd(u(1, 0xff))).toEqual(u(2));
    expect(prefixEnd(u(1, 0xff, 0xff))).toEqual(u(2));
    expect(prefixEnd(u(0xff, 0xff))).toBeUndefined();
    expect(prefixEnd(u())).toBeUndefined();
    const p = u(5, 0xff);
    prefixEnd(p);
    expect(p).toEqual(u(5, 0xff)); // input untouched
    const buf = Buffer.from([7, 8]);
    expect(prefixEnd(buf)).toEqual(u(7, 9));
    expect([...buf]).toEqual([7, 8]); // a Buffer's slice is a view: still untouched
  });

  test("keyString preserves bytewise order and round-trips", () => {
    const rng = new Rng(42);
    const keys = Array.from({ length: 300 }, () => rng.bytes(rng.int(6)));
    const byBytes = [...keys].sort(compareBytes).map(toHex);
    const byString = [...keys].sort((a, b) => (keyString(a) < keyString(b) ? -1 : keyString(a) > keyString(b) ? 1 : 0)).map(toHex);
    expect(byString).toEqual(byBytes);
    for (const k of keys) expect(keyFromString(keyString(k))).toEqual(k);
    expect(keyString(u(9, 1, 2, 9).subarray(1, 3))).toBe("\x01\x02");
  });
});

describe("SortedKeys", () => {
  test("matches a sorted array under random inserts, removes and scans", () => {
    const rng = new Rng(7);
    const set = new SortedKeys();
    const model = new Set<string>();
    for (let i = 0; i < 6000; i++) {
      const k = String.fromCharCode(rng.int(40), rng.int(40));
      if (rng.int(3) === 0) expect(set.remove(k)).toBe(model.delete(k));
      else {
        const had = model.has(k);
        model.add(k);
        expect(set.insert(k)).toBe(!had);
      }
      if (i % 500 === 0) {
        const sorted = [...model].sort();
        expect([...set.scan(undefined, undefined, false)]).toEqual(sorted);
        expect([...set.scan(undefined, undefined, true)]).toEqual([...sorted].reverse());
        const lo = String.fromCharCode(rng.int(40));
        const hi = String.fromCharCode(rng.int(40) + 1);
        const inRange = sorted.filter((k) => k >= lo && k < hi);
        expect([...set.scan(lo, hi, false)]).toEqual(inRange);
        expect([...set.scan(lo, hi, true)]).toEqual([...inRange].reverse());
      }
    }
    expect(set.size).toBe(model.size);
    expect([...SortedKeys.from(model).scan(undefined, undefined, false)]).toEqual([...model].sort());
  });

  test("seek finds the next key after a position, within bounds, both directions", () => {
    const set = SortedKeys.from(["b", "d", "f", "h"]);
    expect(set.seek(undefined, undefined, undefined, false)).toBe("b");
    expect(set.seek("b", undefined, undefined, false)).toBe("d");
    expect(set.seek("c", undefined, undefined, false)).toBe("d");
    expect(set.seek(undefined, "c", "g", false)).toBe("d");
    expect(set.seek("f", "c", "g", false)).toBeUndefined();
    expect(set.seek("a", "c", undefined, false)).toBe("d"); // a position before start starts at start
    expect(set.seek(undefined, undefined, undefined, true)).toBe("h");
    expect(set.seek("h", undefined, undefined, true)).toBe("f");
    expect(set.seek(undefined, "c", "g", true)).toBe("f");
    expect(set.seek("d", "c", "g", true)).toBeUndefined();
    expect(set.seek("z", undefined, "g", true)).toBe("f"); // a position past end starts at end
    const v = set.version;
    set.insert("e");
    expect(set.version).not.toBe(v);
    expect(set.seek("d", undefined, undefined, false)).toBe("e");
  });

  test("a live scan survives mutation", () => {
    const set = SortedKeys.from(["a", "c", "e"]);
    const out: string[] = [];
    for (const k of set.scan(undefined, undefined, false)) {
      out.push(k);
      if (k === "a") {
        set.remove("c");
        set.insert("d");
        set.insert("0");
      }
    }
    expect(out).toEqual(["a", "d", "e"]);
    const rev: string[] = [];
    for (const k of set.scan(undefined, undefined, true)) {
      rev.push(k);
      if (k === "e") {
        set.remove("d");
        set.insert("b");
      }
    }
    expect(rev).toEqual(["e", "b", "a", "0"]);
  });
});
