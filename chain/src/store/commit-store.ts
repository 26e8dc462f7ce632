/**
 * The persistent, authenticated state store: a flat key->value index for fast reads of the
 * latest state, plus a versioned sparse Merkle tree (see `smt.ts`) whose root is the app
 * hash. Everything a commit writes — values, tree pages, leaf records, the height's root
 * and the meta record — goes into one LMDB transaction, so a crash at any instant leaves
 * the store at the last fully committed height. See README.md for the layout.
 */
import * as fs from "node:fs";
import { open, type Database, type RootDatabase } from "lmdb";
import { bytesEqual, compareBytes, latin1, writeLatin1 } from "./bytes";
import type { Change, Range, ReadableKVStore } from "./kv-store";
import { decodePage, encodePage, pageCacheKey, pageKey, readVersionKey, versionKey, type EncodeSink, type PendingPage } from "./page-codec";
import { buildProof, type StoreProof } from "./proof";
import {
  HASH_SIZE,
  INNER,
  LEAF,
  STUB,
  SmtStub,
  ZERO_HASH,
  computeRoot,
  findLeaf,
  hashToBytes,
  innerHash,
  leafHash,
  nodeHash,
  pathBit,
  prepareOps,
  sha256Hash,
  updateTree,
  type Hash,
  type SmtInner,
  type SmtLeaf,
  type SmtLoader,
  type SmtNode,
  type SmtOp,
} from "./smt";

/** Height and app hash of a commit. */
export interface CommitInfo {
  readonly height: bigint;
  readonly appHash: Uint8Array;
}

/** Options for {@link CommitStore.open}. */
export interface CommitStoreOptions {
  /** Decoded tree pages kept in memory (a few KB each with their raw bytes), FIFO. Default 32768. */
  readonly pageCacheSize?: number;
  /** Skip fsync. Only for tests and benchmarks: a machine crash may lose or corrupt data. */
  readonly noSync?: boolean;
}

/** A height whose root is not stored: never committed, pruned, or in the future. */
export class UnknownHeightError extends Error {
  override readonly name = "UnknownHeightError";
  constructor(readonly height: bigint) {
    super(`no committed state at height ${height}`);
  }
}

/** A key LMDB cannot hold: empty, or longer than {@link MAX_KEY_LENGTH} bytes. */
export class InvalidKeyError extends Error {
  override readonly name = "InvalidKeyError";
}

/** The stored data contradicts itself (a missing page, a hash mismatch, ...). */
export class StoreCorruptionError extends Error {
  override readonly name = "StoreCorruptionError";
}

/** LMDB's maximum key size, and so the longest state key. */
export const MAX_KEY_LENGTH = 1978;

const FORMAT = 1;
const META_LATEST = Buffer.from("latest");
const META_FORMAT = Buffer.from("format");

type Db = Database<Uint8Array, Uint8Array>;

function validKey(key: Uint8Array): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH;
}

/** Leaf record key: version(8) || keyHash(32). */
function leafKey(version: number, keyHash: Hash): Buffer {
  const k = Buffer.allocUnsafe(8 + HASH_SIZE);
  k.writeUInt32BE(Math.floor(version / 0x1_0000_0000), 0);
  k.writeUInt32BE(version >>> 0, 4);
  writeLatin1(k, keyHash, 8);
  return k;
}

function toVersion(height: bigint): number {
  if (height < 0n || height > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`height out of range: ${height}`);
  return Number(height);
}

/** The flat index as a read-only store: ordered iteration straight from LMDB. */
class FlatView implements ReadableKVStore {
  constructor(private readonly db: Db) {}

  get(key: Uint8Array): Uint8Array | undefined {
    return validKey(key) ? this.db.get(key) : undefined;
  }

  has(key: Uint8Array): boolean {
    return validKey(key) && this.db.doesExist(key);
  }

  *iterate(range: Range = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    const start = range.start !== undefined && range.start.length > 0 ? range.start : undefined;
    const end = range.end;
    if (end !== undefined && end.length === 0) return;
    if (start !== undefined && end !== undefined && compareBytes(start, end) >= 0) return;
    if (range.reverse !== true) {
      for (const { key, value } of this.db.getRange({ start, end })) yield [key, value];
      return;
    }
    // LMDB's reverse range starts at the greatest key <= `start` (inclusive) and stops
    // before `end`; ours is [start, end) walked downwards, so bound it by hand.
    for (const { key, value } of this.db.getRange({ start: end, reverse: true })) {
      if (end !== undefined && compareBytes(key, end) >= 0) continue;
      if (start !== undefined && compareBytes(key, start) < 0) return;
      yield [key, value];
    }
  }
}

interface Staged {
  readonly ops: SmtOp[];
  readonly root: SmtNode | null;
}

/** Persistent versioned state: latest values, a Merkle tree per height, and proofs. */
export class CommitStore {
  private readonly cache = new Map<string, SmtNode>();
  private cacheQueue: string[] = [];
  private cacheHead = 0;
  private readonly cacheMax: number;
  private readonly loader: SmtLoader;
  private readonly view: FlatView;
  private lastHeight = 0;
  private lastHash: Hash = ZERO_HASH;
  private lastRoot: SmtNode | null = null;
  private lastRootVersion = 0;
  private staged: Staged | undefined;
  private closed = false;

  private constructor(
    private readonly env: RootDatabase<Uint8Array, Uint8Array>,
    private readonly flat: Db,
    private readonly nodes: Db,
    private readonly leaves: Db,
    private readonly roots: Db,
    private readonly meta: Db,
    options: CommitStoreOptions,
  ) {
    this.cacheMax = Math.max(16, options.pageCacheSize ?? 32768);
    this.view = new FlatView(flat);
    this.loader = {
      load: (stub, depth, path) => {
        const node = this.page(stub.version, depth, path, stub.hash);
        if (node.kind !== INNER) throw new StoreCorruptionError(`page at depth ${depth} is not an inner node`);
        return node;
      },
    };
  }

  /** Opens (creating if needed) the store in directory `dir`. */
  static open(dir: string, options: CommitStoreOptions = {}): CommitStore {
    fs.mkdirSync(dir, { recursive: true });
    const env = open<Uint8Array, Uint8Array>({
      path: dir,
      keyEncoding: "binary",
      encoding: "binary",
      maxDbs: 8,
      ...(options.noSync === true ? { noSync: true } : {}),
    });
    const sub = (name: string): Db => env.openDB<Uint8Array, Uint8Array>(name, { keyEncoding: "binary", encoding: "binary" });
    const store = new CommitStore(env, sub("flat"), sub("nodes"), sub("leaves"), sub("roots"), sub("meta"), options);
    try {
      store.load();
    } catch (e) {
      void env.close();
      throw e;
    }
    return store;
  }

  private load(): void {
    const format = this.meta.get(META_FORMAT);
    if (format === undefined) {
      this.env.transactionSync(() => this.meta.putSync(META_FORMAT, Uint8Array.of(FORMAT)));
    } else if (format.length !== 1 || format[0] !== FORMAT) {
      throw new StoreCorruptionError(`unsupported store format ${Buffer.from(format).toString("hex")}`);
    }
    const latest = this.meta.get(META_LATEST);
    if (latest === undefined) return;
    if (latest.length !== 8 + HASH_SIZE) throw new StoreCorruptionError("bad meta record");
    const height = readVersionKey(latest);
    const appHash = latin1(latest, 8, 8 + HASH_SIZE);
    const rec = this.roots.get(versionKey(height));
    if (rec === undefined || latin1(rec, 0, HASH_SIZE) !== appHash) {
      throw new StoreCorruptionError(`root record for height ${height} does not match the meta record`);
    }
    this.lastHeight = height;
    this.lastHash = appHash;
    this.lastRootVersion = readVersionKey(rec, HASH_SIZE);
    this.lastRoot = this.lastRootVersion === 0 ? null : this.page(this.lastRootVersion, 0, ZERO_HASH, appHash);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error("commit store is closed");
  }

  /** Decoded page written at `version` for the node at `depth` on `path`, via the cache. */
  private page(version: number, depth: number, path: Hash, hash: Hash): SmtNode {
    const ks = pageCacheKey(version, depth, path);
    const hit = this.cache.get(ks);
    if (hit !== undefined) return hit;
    const bytes = this.nodes.get(pageKey(version, depth, path));
    if (bytes === undefined) throw new StoreCorruptionError(`missing tree page at depth ${depth}`);
    const node = decodePage(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), depth, hash);
    if (node === null) throw new StoreCorruptionError("empty tree page");
    this.cacheSet(ks, node);
    return node;
  }

  private cacheSet(ks: string, node: SmtNode): void {
    // FIFO eviction through a separate queue: asking a Map for its first key after many
    // deletes from the front walks the deleted slots, which grows quadratically.
    if (this.cache.has(ks)) return;
    this.cache.set(ks, node);
    this.cacheQueue.push(ks);
    while (this.cache.size > this.cacheMax) this.cache.delete(this.cacheQueue[this.cacheHead++] as string);
    if (this.cacheHead > 4096 && this.cacheHead * 2 > this.cacheQueue.length) {
      this.cacheQueue = this.cacheQueue.slice(this.cacheHead);
      this.cacheHead = 0;
    }
  }

  /** Root node at `version`; throws {@link UnknownHeightError} when not stored. */
  private rootNode(version: number): SmtNode | null {
    if (version === this.lastHeight) return this.lastRoot;
    if (version === 0) return null;
    const rec = version > this.lastHeight ? undefined : this.roots.get(versionKey(version));
    if (rec === undefined) throw new UnknownHeightError(BigInt(version));
    const rootVersion = readVersionKey(rec, HASH_SIZE);
    if (rootVersion === 0) return null;
    return this.page(rootVersion, 0, ZERO_HASH, latin1(rec, 0, HASH_SIZE));
  }

  /** Key and value of a leaf, from its leaf record, checked against the leaf's hashes. */
  private resolve(leaf: SmtLeaf): { key: Uint8Array; value: Uint8Array } {
    if (leaf.version === 0) {
      if (leaf.key === undefined || leaf.value === undefined) throw new StoreCorruptionError("unpersisted leaf without data");
      return { key: leaf.key, value: leaf.value };
    }
    const rec = this.leaves.get(leafKey(leaf.version, leaf.keyHash));
    if (rec === undefined || rec.length < 2) throw new StoreCorruptionError(`missing leaf record at version ${leaf.version}`);
    const kl = ((rec[0] as number) << 8) | (rec[1] as number);
    const key = rec.subarray(2, 2 + kl);
    const value = rec.subarray(2 + kl);
    if (sha256Hash(key) !== leaf.keyHash || sha256Hash(value) !== leaf.valueHash) {
      throw new StoreCorruptionError("leaf record does not match its hashes");
    }
    return { key, value };
  }

  /** Height and app hash of the last commit ({0, 32 zero bytes} for a fresh store). */
  lastCommit(): CommitInfo {
    return { height: BigInt(this.lastHeight), appHash: hashToBytes(this.lastHash) };
  }

  /** The latest committed values (not the staged ones), read straight from LMDB. */
  committed(): ReadableKVStore {
    return this.view;
  }

  /**
   * Computes the app hash after applying `changes` (any order; the last change per key
   * wins) to the last committed tree, and keeps the new nodes in memory for
   * {@link commit}. Replaces any earlier staging. Writes nothing.
   */
  stage(changes: Iterable<Change>): Uint8Array {
    this.ensureOpen();
    this.staged = undefined;
    const ops = prepareOps(changes);
    for (const op of ops) {
      if (!validKey(op.key)) throw new InvalidKeyError(`state key must be 1..${MAX_KEY_LENGTH} bytes, got ${op.key.length}`);
    }
    const root = updateTree(this.lastRoot, ops, this.loader);
    this.staged = { ops, root };
    return hashToBytes(nodeHash(root));
  }

  /**
   * Persists the staged changes as `height` in one LMDB transaction: values, new tree
   * pages, leaf records, the height's root and the meta record. With nothing staged it
   * records the unchanged root for `height`. `height` must exceed the last height.
   */
  commit(height: bigint): CommitInfo {
    this.ensureOpen();
    if (height <= BigInt(this.lastHeight)) {
      throw new RangeError(`commit height ${height} must exceed the last committed height ${this.lastHeight}`);
    }
    const version = toVersion(height);
    const staged: Staged = this.staged ?? { ops: [], root: this.lastRoot };
    const root = staged.root;
    const rootHash = nodeHash(root);

    // Encode new pages breadth-first: depth-major, left to right, i.e. ascending key order.
    const sink: EncodeSink = { children: [], freshInners: [], freshLeaves: [] };
    const pages: { key: Buffer; bytes: Buffer; node: SmtNode; depth: number; path: Hash }[] = [];
    let rootVersion = this.lastRootVersion;
    if (root !== this.lastRoot) {
      rootVersion = root === null ? 0 : version;
      if (root !== null) {
        const bytes = encodePage(root, 0, ZERO_HASH, version, sink);
        pages.push({ key: pageKey(version, 0, ZERO_HASH), bytes, node: root, depth: 0, path: ZERO_HASH });
        for (let i = 0; i < sink.children.length; i++) {
          const c = sink.children[i] as PendingPage;
          const b = encodePage(c.node, c.depth, c.path, version, sink);
          pages.push({ key: pageKey(version, c.depth, c.path), bytes: b, node: c.node, depth: c.depth, path: c.path });
        }
      }
    }

    const hk = versionKey(version);
    const rootHashBytes = Buffer.from(rootHash, "latin1");
    const rootRec = Buffer.concat([rootHashBytes, versionKey(rootVersion)]);
    const metaRec = Buffer.concat([hk, rootHashBytes]);
    const { flat, leaves, nodes } = this;
    // Flat writes in key order (B-tree locality); every versioned record key starts with
    // this height, above all stored keys, and is produced in ascending order, so those
    // puts can use MDB_APPEND (no search, full pages). A wrong order fails the commit.
    const flatOps = staged.ops.filter((op) => !op.noop).sort((a, b) => (a.keyStr < b.keyStr ? -1 : 1));
    const append = { append: true };
    this.env.transactionSync(() => {
      for (const op of flatOps) {
        if (op.value === undefined) flat.removeSync(op.key);
        else flat.putSync(op.key, op.value);
      }
      // ops are sorted by key hash, so leaf record keys ascend.
      for (const op of staged.ops) {
        if (op.leaf === undefined || op.value === undefined) continue;
        const rec = Buffer.allocUnsafe(2 + op.key.length + op.value.length);
        rec[0] = op.key.length >>> 8;
        rec[1] = op.key.length & 0xff;
        rec.set(op.key, 2);
        rec.set(op.value, 2 + op.key.length);
        leaves.putSync(leafKey(version, op.keyHash), rec, append);
      }
      for (const p of pages) nodes.putSync(p.key, p.bytes, append);
      this.roots.putSync(hk, rootRec, append);
      this.meta.putSync(META_LATEST, metaRec);
    });

    // Durable: swap stored children for stubs so memory holds one page per cached entry.
    for (const c of sink.children) {
      const stub = new SmtStub(c.node.hash, version);
      if (c.right) c.parent.right = stub;
      else c.parent.left = stub;
    }
    for (const n of sink.freshInners) n.persisted = true;
    for (const l of sink.freshLeaves) {
      l.version = version;
      l.key = undefined;
      l.value = undefined;
    }
    for (const p of pages) this.cacheSet(pageCacheKey(version, p.depth, p.path), p.node);
    this.lastRoot = root;
    this.lastRootVersion = rootVersion;
    this.lastHeight = version;
    this.lastHash = rootHash;
    this.staged = undefined;
    return { height, appHash: hashToBytes(rootHash) };
  }

  /**
   * The oldest height whose state is stored (0 for a fresh store): 1 on a node that executed
   * the chain from genesis, the snapshot's height on one that joined by state sync.
   */
  firstHeight(): bigint {
    this.ensureOpen();
    for (const { key } of this.roots.getRange({ limit: 1 })) return BigInt(readVersionKey(key));
    return 0n;
  }

  /** Root hash committed at `height`, or undefined when that height is not stored. */
  rootAt(height: bigint): Uint8Array | undefined {
    this.ensureOpen();
    const v = toVersion(height);
    if (v === this.lastHeight) return hashToBytes(this.lastHash);
    if (v === 0) return hashToBytes(ZERO_HASH);
    if (v > this.lastHeight) return undefined;
    const rec = this.roots.get(versionKey(v));
    return rec === undefined ? undefined : new Uint8Array(rec.subarray(0, HASH_SIZE));
  }

  /** Value of `key` at a committed `height`; throws {@link UnknownHeightError} if not stored. */
  getAt(key: Uint8Array, height: bigint): Uint8Array | undefined {
    this.ensureOpen();
    const v = toVersion(height);
    if (v === this.lastHeight) return this.view.get(key);
    const root = this.rootNode(v);
    if (!validKey(key)) return undefined;
    const leaf = findLeaf(root, sha256Hash(key), this.loader);
    return leaf === undefined ? undefined : this.resolve(leaf).value;
  }

  /**
   * Every key/value pair of the state committed at `height`, in ascending `sha256(key)` order
   * (the tree's leaf order, so the same on every node). Reads the versioned tree, not the flat
   * index, so later commits do not change what it yields: it may be consumed across them (the
   * snapshot builder does). Throws {@link UnknownHeightError} if that height is not stored.
   */
  *entriesAt(height: bigint): IterableIterator<[Uint8Array, Uint8Array]> {
    this.ensureOpen();
    const root = this.rootNode(toVersion(height));
    if (root === null) return;
    // Depth-first, left before right; a stub's page is found by the bits of its position.
    const stack: { node: SmtNode; depth: number; path: Uint8Array }[] = [{ node: root, depth: 0, path: new Uint8Array(HASH_SIZE) }];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const { node, depth, path } = top;
      if (node.kind === LEAF) {
        const { key, value } = this.resolve(node);
        yield [key, value];
        continue;
      }
      this.ensureOpen();
      const inner: SmtInner = node.kind === STUB ? this.loader.load(node, depth, latin1(path, 0, HASH_SIZE)) : node;
      if (inner.right !== null) {
        const right = path.slice();
        right[depth >>> 3] = (right[depth >>> 3] as number) | (0x80 >>> (depth & 7));
        stack.push({ node: inner.right, depth: depth + 1, path: right });
      }
      if (inner.left !== null) stack.push({ node: inner.left, depth: depth + 1, path });
    }
  }

  /**
   * ICS23 proof of `key`'s value (or absence) against the root at `height`; see proof.ts.
   * Throws {@link UnknownHeightError} if that height is not stored.
   */
  prove(key: Uint8Array, height: bigint): StoreProof {
    this.ensureOpen();
    const root = this.rootNode(toVersion(height));
    return buildProof(root, key, this.loader, (leaf) => this.resolve(leaf));
  }

  /**
   * Full consistency check of the latest state (O(n)): the meta record matches the root
   * record; the root recomputed from the flat index alone equals the app hash; and
   * rehashing the stored tree bottom-up gives the app hash, with every leaf on its own
   * path, every subtree of two or more leaves, and every leaf matching the flat index.
   * Throws {@link StoreCorruptionError} on the first problem.
   */
  checkIntegrity(): void {
    this.ensureOpen();
    const fail = (msg: string): never => {
      throw new StoreCorruptionError(msg);
    };
    if (this.lastHeight > 0) {
      const rec = this.roots.get(versionKey(this.lastHeight));
      if (rec === undefined || latin1(rec, 0, HASH_SIZE) !== this.lastHash) fail("root record differs from meta");
    }
    if (!bytesEqual(computeRoot(this.view.iterate()), hashToBytes(this.lastHash))) fail("flat index does not hash to the app hash");

    let leafCount = 0;
    const path = new Uint8Array(HASH_SIZE);
    const rehash = (node: SmtNode | null, depth: number): Hash => {
      if (node === null) return ZERO_HASH;
      const pathStr = latin1(path, 0, HASH_SIZE);
      if (node.kind === LEAF) {
        for (let d = 0; d < depth; d++) if (pathBit(node.keyHash, d) !== pathBit(pathStr, d)) fail("leaf off its path");
        const { key, value } = this.resolve(node);
        const flatValue = this.flat.get(key);
        if (flatValue === undefined || !bytesEqual(flatValue, value)) fail("tree leaf differs from the flat index");
        leafCount++;
        return leafHash(node.keyHash, node.valueHash);
      }
      const inner: SmtInner = node.kind === STUB ? this.loader.load(node, depth, pathStr) : node;
      const { left, right } = inner;
      if ((left === null && (right === null || right.kind === LEAF)) || (right === null && left !== null && left.kind === LEAF)) {
        fail("inner node with fewer than two leaves");
      }
      const i = depth >>> 3;
      const mask = 0x80 >>> (depth & 7);
      path[i] = (path[i] as number) & ~mask;
      const lh = rehash(left, depth + 1);
      path[i] = (path[i] as number) | mask;
      const rh = rehash(right, depth + 1);
      path[i] = (path[i] as number) & ~mask;
      const h = innerHash(lh, rh);
      if (node.kind === STUB && h !== node.hash) fail(`page hash mismatch at depth ${depth}`);
      return h;
    };
    if (rehash(this.lastRoot, 0) !== this.lastHash) fail("tree does not hash to the app hash");
    const flatCount = this.flat.getCount();
    if (leafCount !== flatCount) fail(`tree has ${leafCount} leaves, flat index ${flatCount}`);
  }

  /** Closes LMDB; the store is unusable afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.staged = undefined;
    this.cache.clear();
    this.cacheQueue = [];
    void this.env.close();
  }
}
