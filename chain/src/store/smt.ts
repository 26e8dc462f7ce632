/**
 * A 256-bit sparse Merkle tree with single-leaf subtrees collapsed (celestia / JMT style),
 * hashed exactly as the ICS23 `SmtSpec` expects:
 *
 * - path        = sha256(key); bit i of the path (most significant bit first) picks the
 *                 child at depth i: 0 = left, 1 = right
 * - leaf hash   = sha256(0x00 || sha256(key) || sha256(value))
 * - inner hash  = sha256(0x01 || left || right)
 * - empty       = 32 zero bytes; the root of the empty tree is 32 zero bytes
 * - a subtree holding exactly one leaf is that leaf (at whatever depth), so the root
 *   depends only on the key/value set, never on the order of updates.
 *
 * Nodes are immutable once persisted. The tree can be partly on disk: a {@link SmtStub}
 * stands for a stored subtree and is resolved through an {@link SmtLoader}.
 */
import { createHash, hash as cryptoHash } from "node:crypto";
import { latin1, writeLatin1 } from "./bytes";
import type { Change } from "./kv-store";

/**
 * A 32-byte hash held as a 32-char latin1 string. Node's one-shot hash returns such a
 * string ~1.7x faster than a Buffer (no backing store to allocate), strings are cheap for
 * the GC to keep, and `===` / `<` compare them bytewise.
 */
export type Hash = string;

/** Length of every hash in the tree. */
export const HASH_SIZE = 32;
/** Root of the empty tree, and the stand-in hash of an empty subtree. */
export const EMPTY_ROOT: Uint8Array = new Uint8Array(HASH_SIZE);
/** {@link EMPTY_ROOT} as a {@link Hash}. */
export const ZERO_HASH: Hash = "\0".repeat(HASH_SIZE);
/** Deepest possible leaf: a path has 256 bits. */
export const MAX_DEPTH = 256;

/** SHA-256 as a {@link Hash} (`crypto.hash` one-shot where Node has it). */
export const sha256Hash: (data: Uint8Array) => Hash =
  typeof cryptoHash === "function"
    ? (data) => cryptoHash("sha256", data, "binary")
    : (data) => createHash("sha256").update(data).digest("binary");

/** SHA-256 as bytes (the one implementation in `types/hash`). */
export { sha256 } from "../types/hash";

/** The bytes of a {@link Hash}. */
export function hashToBytes(h: Hash): Uint8Array {
  return new Uint8Array(Buffer.from(h, "latin1"));
}

const buf65 = Buffer.alloc(65);

/** sha256(0x00 || keyHash || valueHash). */
export function leafHash(keyHash: Hash, valueHash: Hash): Hash {
  buf65[0] = 0;
  writeLatin1(buf65, keyHash, 1);
  writeLatin1(buf65, valueHash, 33);
  return sha256Hash(buf65);
}

/** sha256(0x01 || left || right). */
export function innerHash(left: Hash, right: Hash): Hash {
  buf65[0] = 1;
  writeLatin1(buf65, left, 1);
  writeLatin1(buf65, right, 33);
  return sha256Hash(buf65);
}

/** Bit `depth` of a 256-bit path, most significant bit first. */
export function pathBit(path: Hash, depth: number): number {
  return (path.charCodeAt(depth >>> 3) >>> (7 - (depth & 7))) & 1;
}

/** Node kinds, as a number so hot loops dispatch on a small integer. */
export const LEAF = 0;
/** See {@link LEAF}. */
export const INNER = 1;
/** See {@link LEAF}. */
export const STUB = 2;

/** A leaf: one key/value pair, placed at the shallowest depth where it is alone. */
export class SmtLeaf {
  readonly kind: typeof LEAF = LEAF;
  private h: Hash | undefined;
  constructor(
    readonly keyHash: Hash,
    readonly valueHash: Hash,
    /** Height whose leaf record holds key and value; 0 while only in memory. */
    public version: number,
    /** Original key and value, kept while the leaf is not yet persisted. */
    public key?: Uint8Array,
    public value?: Uint8Array,
  ) {}
  get hash(): Hash {
    return (this.h ??= leafHash(this.keyHash, this.valueHash));
  }
}

/** An inner node; its subtree holds at least two leaves. Its hash is computed on demand. */
export class SmtInner {
  readonly kind: typeof INNER = INNER;
  private h: Hash | undefined;
  /**
   * Where this subtree's encoding sits in a stored page (see page-codec.ts), so a page
   * rewrite can copy an unchanged subtree's bytes instead of re-encoding it. Only used
   * once `persisted` is true.
   */
  src: Buffer | undefined = undefined;
  srcOff = 0;
  srcLen = 0;
  constructor(
    public left: SmtNode | null,
    public right: SmtNode | null,
    /** False while the node exists only in memory (created by a staged update). */
    public persisted: boolean,
    hash?: Hash,
  ) {
    this.h = hash;
  }
  get hash(): Hash {
    return (this.h ??= innerHash(this.left === null ? ZERO_HASH : this.left.hash, this.right === null ? ZERO_HASH : this.right.hash));
  }
}

/** Placeholder for a stored inner node (a page root) that has not been loaded. */
export class SmtStub {
  readonly kind: typeof STUB = STUB;
  constructor(
    readonly hash: Hash,
    /** Height at which the page was written; part of its storage key. */
    readonly version: number,
  ) {}
}

/** Any tree node; `null` is the empty subtree. */
export type SmtNode = SmtLeaf | SmtInner | SmtStub;

/** Hash of a subtree ({@link ZERO_HASH} for an empty one). */
export function nodeHash(node: SmtNode | null): Hash {
  return node === null ? ZERO_HASH : node.hash;
}

/** Resolves stubs into the stored subtree they stand for. */
export interface SmtLoader {
  /**
   * Loads the inner node that `stub` stands for. It sits at `depth`, and its position is
   * the first `depth` bits of `path` (later bits are arbitrary).
   */
  load(stub: SmtStub, depth: number, path: Hash): SmtInner;
}

const noLoader: SmtLoader = {
  load(): SmtInner {
    throw new Error("smt: stub reached without a loader");
  },
};

/** One prepared change: key and value hashed, ready for a batch update. */
export class SmtOp {
  /** The leaf created for this set by {@link updateTree}; unset for deletes and no-ops. */
  leaf: SmtLeaf | undefined;
  /** True when the key already held this exact value, so nothing had to change. */
  noop = false;
  constructor(
    readonly key: Uint8Array,
    /** `key` as a latin1 string (sorts like the bytes). */
    readonly keyStr: string,
    readonly value: Uint8Array | undefined,
    readonly keyHash: Hash,
    readonly valueHash: Hash | undefined,
  ) {}
}

function compareOps(a: SmtOp, b: SmtOp): number {
  return a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0;
}

/**
 * Deduplicates `changes` (the last change per key wins), hashes keys and values, and sorts
 * by key hash: the order {@link updateTree} needs.
 */
export function prepareOps(changes: Iterable<Change>): SmtOp[] {
  const last = new Map<string, Change>();
  for (const ch of changes) last.set(latin1(ch[0], 0, ch[0].length), ch);
  const ops: SmtOp[] = [];
  for (const [keyStr, [key, value]] of last) {
    ops.push(new SmtOp(key, keyStr, value, sha256Hash(key), value === undefined ? undefined : sha256Hash(value)));
  }
  ops.sort(compareOps);
  return ops;
}

/** First index in [lo, hi) whose key hash has bit `depth` set (ops share the bits above). */
function split(ops: readonly SmtOp[], lo: number, hi: number, depth: number): number {
  const byte = depth >>> 3;
  const mask = 0x80 >>> (depth & 7);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ops[mid] as SmtOp).keyHash.charCodeAt(byte) & mask) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function findOp(ops: readonly SmtOp[], lo: number, hi: number, keyHash: Hash): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = (ops[mid] as SmtOp).keyHash;
    if (k === keyHash) return mid;
    if (k < keyHash) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Joins two subtrees under a new inner node, collapsing a lone leaf upwards. */
function join(l: SmtNode | null, r: SmtNode | null): SmtNode | null {
  if (l === null) {
    if (r === null || r.kind === LEAF) return r;
  } else if (r === null && l.kind === LEAF) {
    return l;
  }
  return new SmtInner(l, r, false);
}

/** The leaf set of a subtree being rebuilt: the sets in `ops[lo, hi)` plus `existing`. */
function build(ops: readonly SmtOp[], depth: number, lo: number, hi: number, existing: SmtLeaf | null): SmtNode | null {
  let n = existing === null ? 0 : 1;
  let single = -1;
  for (let i = lo; i < hi && n < 2; i++) {
    const op = ops[i] as SmtOp;
    if (op.value !== undefined && !op.noop) {
      n++;
      single = i;
    }
  }
  if (n === 0) return null;
  if (n === 1) {
    if (existing !== null) return existing;
    const op = ops[single] as SmtOp;
    return (op.leaf = new SmtLeaf(op.keyHash, op.valueHash as Hash, 0, op.key, op.value));
  }
  if (depth >= MAX_DEPTH) throw new Error("smt: two distinct keys share a 256-bit path");
  const mid = split(ops, lo, hi, depth);
  const exRight = existing !== null && pathBit(existing.keyHash, depth) === 1;
  return join(
    build(ops, depth + 1, lo, mid, exRight ? null : existing),
    build(ops, depth + 1, mid, hi, exRight ? existing : null),
  );
}

function upd(ops: readonly SmtOp[], loader: SmtLoader, node: SmtNode | null, depth: number, lo: number, hi: number): SmtNode | null {
  if (lo === hi) return node;
  if (node === null) return build(ops, depth, lo, hi, null);
  if (node.kind === LEAF) {
    let existing: SmtLeaf | null = node;
    const i = findOp(ops, lo, hi, node.keyHash);
    if (i >= 0) {
      const op = ops[i] as SmtOp;
      if (op.valueHash === node.valueHash) op.noop = true;
      else existing = null;
    }
    return build(ops, depth, lo, hi, existing);
  }
  const inner = node.kind === STUB ? loader.load(node, depth, (ops[lo] as SmtOp).keyHash) : node;
  const mid = split(ops, lo, hi, depth);
  const l = upd(ops, loader, inner.left, depth + 1, lo, mid);
  const r = upd(ops, loader, inner.right, depth + 1, mid, hi);
  if (l === inner.left && r === inner.right) return node;
  return join(l, r);
}

/**
 * Applies prepared, sorted `ops` to the tree rooted at `root` in one recursive pass, so an
 * upper node shared by many changed keys is rebuilt and hashed once per batch. Returns the
 * new root; nodes not on a changed path are shared with the old tree, and the old tree is
 * left untouched. Deleting an absent key and re-setting an equal value change nothing.
 */
export function updateTree(root: SmtNode | null, ops: readonly SmtOp[], loader: SmtLoader = noLoader): SmtNode | null {
  return upd(ops, loader, root, 0, 0, ops.length);
}

/** The leaf stored under `keyHash`, if any. */
export function findLeaf(root: SmtNode | null, keyHash: Hash, loader: SmtLoader = noLoader): SmtLeaf | undefined {
  let node = root;
  let depth = 0;
  for (;;) {
    if (node === null) return undefined;
    if (node.kind === LEAF) return node.keyHash === keyHash ? node : undefined;
    const inner = node.kind === STUB ? loader.load(node, depth, keyHash) : node;
    node = pathBit(keyHash, depth) === 0 ? inner.left : inner.right;
    depth++;
  }
}

/** Where a walk along a path ends, and the sibling hashes passed on the way down. */
export interface SmtPathWalk {
  /** Sibling hash at each depth, root first; `siblings.length` is the depth reached. */
  readonly siblings: Hash[];
  /** The leaf the walk ended on (its key hash may differ), or undefined for an empty slot. */
  readonly leaf: SmtLeaf | undefined;
}

/** Walks from the root along `keyHash` until a leaf or an empty slot. */
export function walkPath(root: SmtNode | null, keyHash: Hash, loader: SmtLoader = noLoader): SmtPathWalk {
  const siblings: Hash[] = [];
  let node = root;
  let depth = 0;
  for (;;) {
    if (node === null) return { siblings, leaf: undefined };
    if (node.kind === LEAF) return { siblings, leaf: node };
    const inner = node.kind === STUB ? loader.load(node, depth, keyHash) : node;
    if (pathBit(keyHash, depth) === 0) {
      siblings.push(nodeHash(inner.right));
      node = inner.left;
    } else {
      siblings.push(nodeHash(inner.left));
      node = inner.right;
    }
    depth++;
  }
}

function setBit(path: Uint8Array, depth: number, bit: number): void {
  const i = depth >>> 3;
  const mask = 0x80 >>> (depth & 7);
  path[i] = bit === 1 ? (path[i] as number) | mask : (path[i] as number) & ~mask;
}

/** Leftmost or rightmost leaf under `node`, which sits at `depth` on `path`. */
function extremeLeaf(node: SmtNode, depth: number, path: Uint8Array, rightmost: boolean, loader: SmtLoader): SmtLeaf {
  let n: SmtNode = node;
  for (;;) {
    if (n.kind === LEAF) return n;
    const inner = n.kind === STUB ? loader.load(n, depth, latin1(path, 0, HASH_SIZE)) : n;
    const first = rightmost ? inner.right : inner.left;
    const next = first ?? (rightmost ? inner.left : inner.right);
    if (next === null) throw new Error("smt: inner node without children");
    setBit(path, depth, (first !== null) === rightmost ? 1 : 0);
    n = next;
    depth++;
  }
}

/**
 * The leaves just before and just after `keyHash` in key-hash order (the tree's in-order
 * leaf order), for a non-membership proof. `keyHash` itself must be absent.
 */
export function findNeighbors(
  root: SmtNode | null,
  keyHash: Hash,
  loader: SmtLoader = noLoader,
): { left: SmtLeaf | undefined; right: SmtLeaf | undefined } {
  // Deepest sibling subtree on each side of the path: its extreme leaf is the neighbour.
  let leftSub: { node: SmtNode; depth: number } | undefined;
  let rightSub: { node: SmtNode; depth: number } | undefined;
  let node = root;
  let depth = 0;
  let end: SmtLeaf | undefined;
  for (;;) {
    if (node === null) break;
    if (node.kind === LEAF) {
      end = node;
      break;
    }
    const inner = node.kind === STUB ? loader.load(node, depth, keyHash) : node;
    if (pathBit(keyHash, depth) === 0) {
      if (inner.right !== null) rightSub = { node: inner.right, depth: depth + 1 };
      node = inner.left;
    } else {
      if (inner.left !== null) leftSub = { node: inner.left, depth: depth + 1 };
      node = inner.right;
    }
    depth++;
  }
  let left: SmtLeaf | undefined;
  let right: SmtLeaf | undefined;
  if (end !== undefined) {
    if (end.keyHash === keyHash) throw new Error("smt: key is present");
    if (end.keyHash < keyHash) left = end;
    else right = end;
  }
  const sub = (s: { node: SmtNode; depth: number }, rightmost: boolean): SmtLeaf => {
    const path = hashToBytes(keyHash);
    // The sibling sits on the other side of the walked path at depth s.depth - 1.
    setBit(path, s.depth - 1, rightmost ? 0 : 1);
    return extremeLeaf(s.node, s.depth, path, rightmost, loader);
  };
  if (left === undefined && leftSub !== undefined) left = sub(leftSub, true);
  if (right === undefined && rightSub !== undefined) right = sub(rightSub, false);
  return { left, right };
}

/**
 * Root of the tree holding exactly `entries`, computed from scratch without building
 * nodes: an independent check of the incremental tree (used by integrity checks).
 */
export function computeRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const leaves: { keyHash: Hash; hash: Hash }[] = [];
  for (const [k, v] of entries) {
    const keyHash = sha256Hash(k);
    leaves.push({ keyHash, hash: leafHash(keyHash, sha256Hash(v)) });
  }
  leaves.sort((a, b) => (a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0));
  const rec = (lo: number, hi: number, depth: number): Hash => {
    if (hi - lo === 0) return ZERO_HASH;
    if (hi - lo === 1) return (leaves[lo] as { hash: Hash }).hash;
    let mid = lo;
    while (mid < hi && pathBit((leaves[mid] as { keyHash: Hash }).keyHash, depth) === 0) mid++;
    return innerHash(rec(lo, mid, depth + 1), rec(mid, hi, depth + 1));
  };
  return hashToBytes(rec(0, leaves.length, 0));
}

/**
 * A purely in-memory tree: the reference for tests and a building block where no history
 * is needed.
 */
export class MemorySmt {
  private rootNode: SmtNode | null = null;

  /** Current root hash. */
  get root(): Uint8Array {
    return hashToBytes(nodeHash(this.rootNode));
  }

  /** The root node (for proofs). */
  get rootNodeRef(): SmtNode | null {
    return this.rootNode;
  }

  /** Applies changes (any order, last per key wins) and returns the new root hash. */
  apply(changes: Iterable<Change>): Uint8Array {
    this.rootNode = updateTree(this.rootNode, prepareOps(changes));
    return this.root;
  }

  /** Value under `key`, if present. */
  get(key: Uint8Array): Uint8Array | undefined {
    return findLeaf(this.rootNode, sha256Hash(key))?.value;
  }
}
