import { compareBytes, concatBytes, copyBytes, prefixEnd } from "./bytes";
import type { KVStore, Range, ReadableKVStore } from "./kv-store";

function isWritable(store: ReadableKVStore): store is KVStore {
  const s = store as Partial<KVStore>;
  return typeof s.set === "function" && typeof s.delete === "function";
}

/**
 * A view of the parent's keys under a fixed prefix, which is how each module gets its own
 * key space inside the one state tree. Keys go in and come out without the prefix.
 * Writes throw when the parent is read-only.
 */
export class PrefixStore implements KVStore {
  private readonly prefix: Uint8Array;
  private readonly end: Uint8Array | undefined;

  constructor(
    private readonly parent: ReadableKVStore,
    prefix: Uint8Array,
  ) {
    this.prefix = copyBytes(prefix);
    this.end = prefixEnd(this.prefix);
  }

  private full(key: Uint8Array): Uint8Array {
    return concatBytes(this.prefix, key);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(this.full(key));
  }

  has(key: Uint8Array): boolean {
    return this.parent.has(this.full(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const p = this.parent;
    if (!isWritable(p)) throw new Error("prefix store parent is read-only");
    p.set(this.full(key), value);
  }

  delete(key: Uint8Array): void {
    const p = this.parent;
    if (!isWritable(p)) throw new Error("prefix store parent is read-only");
    p.delete(this.full(key));
  }

  *iterate(range: Range = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    if (range.start !== undefined && range.end !== undefined && compareBytes(range.start, range.end) >= 0) return;
    const start = range.start === undefined ? this.prefix : this.full(range.start);
    const end = range.end === undefined ? this.end : this.full(range.end);
    const n = this.prefix.length;
    const parentRange: Range = { reverse: range.reverse === true, ...(start.length > 0 ? { start } : {}), ...(end !== undefined ? { end } : {}) };
    for (const [k, v] of this.parent.iterate(parentRange)) yield [k.subarray(n), v];
  }
}
