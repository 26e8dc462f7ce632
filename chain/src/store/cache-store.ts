import { copyBytes, keyString } from "./bytes";
import type { Change, KVStore, Range, ReadableKVStore } from "./kv-store";
import { SortedKeys } from "./sorted-keys";

/** Thrown by {@link CacheStore.write} when the parent store cannot take writes. */
export class ReadOnlyParentError extends Error {
  override readonly name = "ReadOnlyParentError";
}

/** Options for {@link CacheStore}. */
export interface CacheStoreOptions {
  /**
   * Also remember values read from the parent, so repeated reads of a hot key skip the
   * parent (worthwhile over LMDB). Only safe while nothing else writes the parent during
   * this cache's life. Default false.
   */
  readonly cacheReads?: boolean;
}

interface Entry {
  readonly key: Uint8Array;
  /** `undefined` marks a buffered delete (or, for a clean entry, a remembered miss). */
  value: Uint8Array | undefined;
  /** True for buffered writes; false for remembered reads. */
  dirty: boolean;
}

function isWritable(store: ReadableKVStore): store is KVStore {
  const s = store as Partial<KVStore>;
  return typeof s.set === "function" && typeof s.delete === "function";
}

/**
 * A write buffer over a parent store: the transaction cache over the block cache over
 * committed state. Writes stay in a Map keyed by the latin1 form of the key (the hot path:
 * tens of operations per transaction); reads fall through to the parent; iteration merges
 * the buffer with the parent's ordered iteration. {@link write} flushes into the parent,
 * {@link discard} drops everything.
 */
export class CacheStore implements KVStore {
  private readonly map = new Map<string, Entry>();
  /** Ordered view of `map`'s keys, built on the first `iterate` and maintained after. */
  private sorted: SortedKeys | undefined;
  private dirtyCount = 0;
  private readonly cacheReads: boolean;

  constructor(
    private readonly parent: ReadableKVStore,
    options: CacheStoreOptions = {},
  ) {
    this.cacheReads = options.cacheReads === true;
  }

  /** Number of buffered writes and deletes. */
  get size(): number {
    return this.dirtyCount;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const s = keyString(key);
    const e = this.map.get(s);
    if (e !== undefined) return e.value;
    const v = this.parent.get(key);
    if (this.cacheReads) this.put(s, { key: copyBytes(key), value: v, dirty: false });
    return v;
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.write1(key, copyBytes(value));
  }

  delete(key: Uint8Array): void {
    this.write1(key, undefined);
  }

  private write1(key: Uint8Array, value: Uint8Array | undefined): void {
    const s = keyString(key);
    const e = this.map.get(s);
    if (e !== undefined) {
      e.value = value;
      if (!e.dirty) {
        e.dirty = true;
        this.dirtyCount++;
      }
      return;
    }
    this.put(s, { key: copyBytes(key), value, dirty: true });
    this.dirtyCount++;
  }

  private put(s: string, e: Entry): void {
    this.map.set(s, e);
    this.sorted?.insert(s);
  }

  /** The buffered changes in ascending key order (a value, or `undefined` for a delete). */
  changes(): Change[] {
    const keys: string[] = [];
    for (const [s, e] of this.map) if (e.dirty) keys.push(s);
    keys.sort();
    const out: Change[] = new Array<Change>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const e = this.map.get(keys[i] as string) as Entry;
      out[i] = [e.key, e.value];
    }
    return out;
  }

  /** Applies the buffered changes to the parent and empties the buffer. */
  write(): void {
    const parent = this.parent;
    if (!isWritable(parent)) throw new ReadOnlyParentError("cache parent is read-only");
    for (const e of this.map.values()) {
      if (!e.dirty) continue;
      if (e.value === undefined) parent.delete(e.key);
      else parent.set(e.key, e.value);
    }
    this.discard();
  }

  /** Drops every buffered change (and remembered read). */
  discard(): void {
    this.map.clear();
    this.sorted = undefined;
    this.dirtyCount = 0;
  }

  *iterate(range: Range = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    const reverse = range.reverse === true;
    const map = this.map;
    // The ordered key set is built on the first iteration and maintained from then on,
    // so this scan (and later ones) see keys written while they run.
    const sorted = (this.sorted ??= SortedKeys.from(map.keys()));
    const startS = range.start === undefined ? undefined : keyString(range.start);
    const endS = range.end === undefined ? undefined : keyString(range.end);
    if (startS !== undefined && endS !== undefined && startS >= endS) return;

    const pit = this.parent.iterate(range);
    let p = pit.next();
    let pKey = p.done === true ? undefined : keyString(p.value[0]);
    // The cache side is a cursor re-seeked from the last key handed out whenever the key
    // set changed, so keys the consumer writes ahead of the scan are found and keys it
    // deletes are skipped.
    let last: string | undefined;
    let cKey = sorted.seek(undefined, startS, endS, reverse);
    let cVersion = sorted.version;

    for (;;) {
      if (sorted.version !== cVersion) {
        cKey = sorted.seek(last, startS, endS, reverse);
        cVersion = sorted.version;
      }
      if (pKey === undefined && cKey === undefined) return;
      if (cKey === undefined || (pKey !== undefined && (reverse ? pKey > cKey : pKey < cKey))) {
        // The parent's key comes first. A key written to the cache behind the scan (or a
        // remembered read) still overrides the parent's value.
        const entry = (p as IteratorYieldResult<[Uint8Array, Uint8Array]>).value;
        const e = map.get(pKey as string);
        last = pKey;
        p = pit.next();
        pKey = p.done === true ? undefined : keyString(p.value[0]);
        if (e === undefined) yield entry;
        else if (e.value !== undefined) yield [e.key, e.value];
      } else {
        // The cache's key comes first, or both hold it and the cache wins.
        if (pKey === cKey) {
          p = pit.next();
          pKey = p.done === true ? undefined : keyString(p.value[0]);
        }
        const e = map.get(cKey);
        last = cKey;
        cKey = sorted.seek(last, startS, endS, reverse);
        cVersion = sorted.version;
        if (e !== undefined && e.value !== undefined) yield [e.key, e.value];
      }
    }
  }
}
