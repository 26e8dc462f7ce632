import type { KVStore, Range, ReadableKVStore } from "../store/kv-store";

/** Thrown when a query path tries to write; queries must never change state. */
export class ReadOnlyStoreError extends Error {
  override readonly name = "ReadOnlyStoreError";
}

/** Presents a readable store as a KVStore whose writes throw, so keepers can serve queries. */
export class ReadOnlyStore implements KVStore {
  constructor(private readonly parent: ReadableKVStore) {}
  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(key);
  }
  has(key: Uint8Array): boolean {
    return this.parent.has(key);
  }
  iterate(range?: Range): IterableIterator<[Uint8Array, Uint8Array]> {
    return this.parent.iterate(range);
  }
  set(): void {
    throw new ReadOnlyStoreError("write attempted on a read-only store");
  }
  delete(): void {
    throw new ReadOnlyStoreError("delete attempted on a read-only store");
  }
}
