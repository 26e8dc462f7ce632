import { copyBytes, keyString } from "./bytes";
import type { KVStore, Range } from "./kv-store";
import { SortedKeys } from "./sorted-keys";

/**
 * An in-memory ordered store: a Map for point access plus an ordered key set for range
 * scans. Inputs are copied so a caller reusing its buffers cannot change stored bytes;
 * returned arrays are the stored ones and must be treated as read-only.
 */
export class MemoryStore implements KVStore {
  private readonly map = new Map<string, readonly [Uint8Array, Uint8Array]>();
  private readonly keys = new SortedKeys();

  /** A store holding a copy of `entries`. */
  static from(entries: Iterable<readonly [Uint8Array, Uint8Array]>): MemoryStore {
    const s = new MemoryStore();
    for (const [k, v] of entries) s.set(k, v);
    return s;
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(keyString(key))?.[1];
  }

  has(key: Uint8Array): boolean {
    return this.map.has(keyString(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const s = keyString(key);
    const prev = this.map.get(s);
    if (prev !== undefined) {
      this.map.set(s, [prev[0], copyBytes(value)]);
      return;
    }
    this.map.set(s, [copyBytes(key), copyBytes(value)]);
    this.keys.insert(s);
  }

  delete(key: Uint8Array): void {
    const s = keyString(key);
    if (this.map.delete(s)) this.keys.remove(s);
  }

  *iterate(range: Range = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    const start = range.start === undefined ? undefined : keyString(range.start);
    const end = range.end === undefined ? undefined : keyString(range.end);
    for (const s of this.keys.scan(start, end, range.reverse === true)) {
      const e = this.map.get(s);
      if (e !== undefined) yield [e[0], e[1]];
    }
  }
}
