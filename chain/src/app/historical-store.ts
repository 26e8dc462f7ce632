import type { CommitStore } from "../store/commit-store";
import type { ReadableKVStore } from "../store/kv-store";
import { QueryError } from "./query-error";

/**
 * State as of a past committed height, read through that height's Merkle root. Single-key
 * reads work at any kept height; range reads (all balances of an address, ...) need an
 * ordered index per version and are refused with a clear error instead of answering wrongly.
 */
export class HistoricalStore implements ReadableKVStore {
  constructor(
    private readonly store: CommitStore,
    private readonly height: bigint,
  ) {
    if (!store.rootAt(height)) throw QueryError.invalidArgument(`version ${height} is not available (pruned or never committed)`);
  }
  get(key: Uint8Array): Uint8Array | undefined {
    return this.store.getAt(key, this.height);
  }
  has(key: Uint8Array): boolean {
    return this.store.getAt(key, this.height) !== undefined;
  }
  iterate(): IterableIterator<[Uint8Array, Uint8Array]> {
    throw QueryError.invalidArgument(`range queries at a past height (${this.height}) are not supported; query the latest height`);
  }
}
