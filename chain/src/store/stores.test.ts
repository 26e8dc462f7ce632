import { CacheStore } from "./cache-store";
import { CommitStore } from "./commit-store";
import type { KVStore, Range } from "./kv-store";
import { describeKVStoreContract } from "./kv-store.contract";
import { MemoryStore } from "./memory-store";
import { PrefixStore } from "./prefix-store";
import { b, rmDir, tempDir } from "./test-helpers";

/** Writes go through stage + commit; reads come from the committed (LMDB) view. */
class CommittedAdapter implements KVStore {
  private height = 0n;
  constructor(private readonly cs: CommitStore) {}
  get(key: Uint8Array): Uint8Array | undefined {
    return this.cs.committed().get(key);
  }
  has(key: Uint8Array): boolean {
    return this.cs.committed().has(key);
  }
  iterate(range?: Range): IterableIterator<[Uint8Array, Uint8Array]> {
    return this.cs.committed().iterate(range);
  }
  set(key: Uint8Array, value: Uint8Array): void {
    this.cs.stage([[key, value]]);
    this.cs.commit(++this.height);
  }
  delete(key: Uint8Array): void {
    this.cs.stage([[key, undefined]]);
    this.cs.commit(++this.height);
  }
}

describeKVStoreContract("MemoryStore", () => ({ store: new MemoryStore() }));
describeKVStoreContract("CacheStore over MemoryStore", () => ({ store: new CacheStore(new MemoryStore()) }));
describeKVStoreContract("CacheStore over CacheStore over MemoryStore", () => ({
  store: new CacheStore(new CacheStore(new MemoryStore())),
}));
describeKVStoreContract("CacheStore with cacheReads", () => ({ store: new CacheStore(new MemoryStore(), { cacheReads: true }) }));
describeKVStoreContract("PrefixStore over MemoryStore", () => {
  const parent = new MemoryStore();
  // Neighbours on both sides of the prefix must stay invisible.
  parent.set(b("p"), b("outside"));
  parent.set(b("pq"), b("outside"));
  parent.set(Uint8Array.of(0x70, 0x71, 0xfe, 0xff), b("outside"));
  parent.set(Uint8Array.of(0x70, 0x72), b("outside"));
  parent.set(b("pr"), b("outside"));
  return { store: new PrefixStore(parent, Uint8Array.of(0x70, 0x71, 0xff)) };
});
describeKVStoreContract("PrefixStore over CacheStore", () => ({
  store: new PrefixStore(new CacheStore(new MemoryStore()), b("mod/")),
}));
describeKVStoreContract("CommitStore committed view", () => {
  const dir = tempDir("contract");
  const cs = CommitStore.open(dir, { noSync: true });
  return {
    store: new CommittedAdapter(cs),
    cleanup: () => {
      cs.close();
      rmDir(dir);
    },
  };
});
describeKVStoreContract("CacheStore over the committed view", () => {
  const dir = tempDir("contract-cache");
  const cs = CommitStore.open(dir, { noSync: true });
  cs.stage([[b("zz-preexisting"), b("1")]]);
  cs.commit(1n);
  const cache = new CacheStore(cs.committed());
  cache.delete(b("zz-preexisting"));
  return {
    store: cache,
    cleanup: () => {
      cs.close();
      rmDir(dir);
    },
  };
});
