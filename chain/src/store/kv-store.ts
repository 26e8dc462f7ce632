/**
 * The key-value interfaces every state layer implements. Keys and values are raw bytes;
 * iteration is always in ascending (or, with `reverse`, descending) bytewise key order so
 * that anything derived from iteration is deterministic.
 */

/** A key range: `start` inclusive, `end` exclusive, both optional. */
export interface Range {
  readonly start?: Uint8Array;
  readonly end?: Uint8Array;
  readonly reverse?: boolean;
}

/** Read access to a store. */
export interface ReadableKVStore {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /** Entries in bytewise key order within `range`. */
  iterate(range?: Range): IterableIterator<[Uint8Array, Uint8Array]>;
}

/** Read and write access to a store. */
export interface KVStore extends ReadableKVStore {
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

/** One pending change: a value to set, or `undefined` for a delete. */
export type Change = readonly [key: Uint8Array, value: Uint8Array | undefined];
