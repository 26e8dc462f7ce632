/** State storage: KV interfaces, in-memory and caching layers, the SMT and the LMDB commit store. */
export type { Change, KVStore, Range, ReadableKVStore } from "./kv-store";
export {
  bytesEqual,
  compareBytes,
  concatBytes,
  copyBytes,
  fromHex,
  hasPrefix,
  keyFromString,
  keyString,
  prefixEnd,
  toHex,
} from "./bytes";
export { MemoryStore } from "./memory-store";
export { CacheStore, ReadOnlyParentError, type CacheStoreOptions } from "./cache-store";
export { PrefixStore } from "./prefix-store";
export { EMPTY_ROOT, HASH_SIZE, MemorySmt, computeRoot, sha256 } from "./smt";
export {
  SMT_LEAF_OP,
  SMT_PROOF_SPEC,
  type CommitmentProof,
  type ExistenceProof,
  type NonExistenceProof,
  type StoreProof,
} from "./proof";
export {
  CommitStore,
  InvalidKeyError,
  MAX_KEY_LENGTH,
  StoreCorruptionError,
  UnknownHeightError,
  type CommitInfo,
  type CommitStoreOptions,
} from "./commit-store";
