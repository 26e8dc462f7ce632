/**
 * On-disk form of the tree: "pages" of {@link PAGE_BITS} binary levels (JMT-like), so one
 * stored record stands for up to 31 binary nodes and a key update rewrites ~depth/4
 * records instead of ~depth. A page holds the subtree under one node at a depth that is a
 * multiple of PAGE_BITS down to the next such depth (its "bottom"). An inner node at the
 * bottom is either a reference to a child page or, when its subtree holds at most
 * {@link INLINE_LEAVES} leaves, stored inline in full. Inner hashes are not stored: they
 * are recomputed on demand (the page's own hash is known from its parent's reference).
 *
 * Encoding, pre-order:
 *   0x00                                   empty subtree
 *   0x01 <left> <right>                    inner node
 *   0x02 keyHash(32) valueHash(32) ver(8)  leaf; `ver` (big-endian) names its leaf record
 *   0x03 hash(32) ver(8)                   child page at the bottom depth, written at `ver`
 *
 * Rewriting a page copies the stored bytes of unchanged subtrees (see `SmtInner.src`),
 * so the cost of a commit follows the changed nodes, not the size of the pages.
 */
import { latin1, writeLatin1 } from "./bytes";
import { SmtInner, SmtLeaf, SmtStub, INNER, LEAF, STUB, HASH_SIZE, MAX_DEPTH, type Hash, type SmtNode } from "./smt";

/** Binary levels per stored page. */
export const PAGE_BITS = 4;

const T_EMPTY = 0;
const T_INNER = 1;
const T_LEAF = 2;
const T_REF = 3;

/**
 * A subtree at a page's bottom depth with at most this many leaves is stored inline in
 * the page rather than as a page of its own. Near the bottom of the tree most such
 * subtrees hold 2-4 leaves; giving each its own record would double the records a
 * commit writes for a few hundred bytes each.
 */
export const INLINE_LEAVES = 4;

/**
 * Upper bound of an encoded page: 2^(k+1)-1 nodes of at most 73 bytes above the bottom,
 * plus at each of the 2^k bottom slots an inline subtree of up to INLINE_LEAVES leaves
 * (whose chain of single-child inner nodes can reach depth 256).
 */
const MAX_PAGE = ((1 << (PAGE_BITS + 1)) - 1) * (1 + 2 * HASH_SIZE + 8) + (1 << PAGE_BITS) * (INLINE_LEAVES * 73 + 2 * 256 * INLINE_LEAVES);

function writeVersion(buf: Uint8Array, off: number, v: number): void {
  const hi = Math.floor(v / 0x1_0000_0000);
  buf[off] = hi >>> 24;
  buf[off + 1] = (hi >>> 16) & 0xff;
  buf[off + 2] = (hi >>> 8) & 0xff;
  buf[off + 3] = hi & 0xff;
  buf[off + 4] = v >>> 24;
  buf[off + 5] = (v >>> 16) & 0xff;
  buf[off + 6] = (v >>> 8) & 0xff;
  buf[off + 7] = v & 0xff;
}

function readVersion(buf: Uint8Array, off: number): number {
  const hi = ((buf[off] as number) << 24) | ((buf[off + 1] as number) << 16) | ((buf[off + 2] as number) << 8) | (buf[off + 3] as number);
  const lo = ((buf[off + 4] as number) << 24) | ((buf[off + 5] as number) << 16) | ((buf[off + 6] as number) << 8) | (buf[off + 7] as number);
  return (hi >>> 0) * 0x1_0000_0000 + (lo >>> 0);
}

/** 8-byte big-endian height, the prefix of every versioned record key. */
export function versionKey(v: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeVersion(b, 0, v);
  return b;
}

/** Decodes {@link versionKey}. */
export function readVersionKey(b: Uint8Array, off = 0): number {
  return readVersion(b, off);
}

/** Number of path bytes in a page key at `depth`, and the mask for the last one. */
function prefixShape(depth: number): { n: number; mask: number } {
  const n = (depth + 7) >>> 3;
  const rem = depth & 7;
  return { n, mask: rem === 0 ? 0xff : (0xff << (8 - rem)) & 0xff };
}

/**
 * Storage key of a page: version(8, big-endian) || depth(1) || the first `depth` bits of
 * `path` in ceil(depth/8) bytes, later bits zeroed. Version first, so every record a
 * commit writes lands at the end of the B-tree (appends, not scattered page splits).
 */
export function pageKey(version: number, depth: number, path: Hash): Buffer {
  const { n, mask } = prefixShape(depth);
  const key = Buffer.allocUnsafe(9 + n);
  writeVersion(key, 0, version);
  key[8] = depth;
  for (let i = 0; i < n; i++) key[9 + i] = path.charCodeAt(i);
  if (n > 0) key[8 + n] = (key[8 + n] as number) & mask;
  return key;
}

/** The page key as a string, for the in-memory page cache (no Buffer allocated). */
export function pageCacheKey(version: number, depth: number, path: Hash): string {
  const { n, mask } = prefixShape(depth);
  if (n === 0) return `${version}:0:`;
  return `${version}:${depth}:${path.slice(0, n - 1)}${String.fromCharCode(path.charCodeAt(n - 1) & mask)}`;
}

/** A child page met while encoding a page: an in-memory inner node that needs its own record. */
export interface PendingPage {
  readonly node: SmtInner;
  readonly depth: number;
  /** Position: the first `depth` bits are meaningful. */
  readonly path: Hash;
  /** The in-memory parent, whose pointer is swapped for a stub once the page is stored. */
  readonly parent: SmtInner;
  readonly right: boolean;
}

/** What encoding one page found beyond the page itself. */
export interface EncodeSink {
  readonly children: PendingPage[];
  readonly freshInners: SmtInner[];
  readonly freshLeaves: SmtLeaf[];
}

// Encoder state, module-level so the recursive encoder allocates no closures.
const scratch = Buffer.alloc(MAX_PAGE);
const encPath = new Uint8Array(HASH_SIZE);
let encOff = 0;
let encBottom = 0;
let encVersion = 0;
let encSink: EncodeSink = { children: [], freshInners: [], freshLeaves: [] };
/** (node, start, end) triples of inner nodes encoded in full, to record their spans. */
const encSpans: (SmtInner | number)[] = [];

function setBit(path: Uint8Array, depth: number, bit: number): void {
  const i = depth >>> 3;
  const mask = 0x80 >>> (depth & 7);
  path[i] = bit === 1 ? (path[i] as number) | mask : (path[i] as number) & ~mask;
}

/** Leaves under `node`, counting no further than `limit + 1`. */
function countLeaves(node: SmtNode | null, limit: number): number {
  if (node === null) return 0;
  if (node.kind === LEAF) return 1;
  if (node.kind === STUB) return limit + 1;
  const l = countLeaves(node.left, limit);
  return l > limit ? l : l + countLeaves(node.right, limit - l);
}

function encLeaf(buf: Buffer, node: SmtLeaf): void {
  buf[encOff++] = T_LEAF;
  writeLatin1(buf, node.keyHash, encOff);
  writeLatin1(buf, node.valueHash, encOff + HASH_SIZE);
  if (node.version === 0) encSink.freshLeaves.push(node);
  writeVersion(buf, encOff + 2 * HASH_SIZE, node.version === 0 ? encVersion : node.version);
  encOff += 2 * HASH_SIZE + 8;
}

/** Encodes a small subtree below the page's bottom depth in full (no references). */
function encInline(node: SmtNode | null): void {
  const buf = scratch;
  if (node === null) {
    buf[encOff++] = T_EMPTY;
  } else if (node.kind === LEAF) {
    encLeaf(buf, node);
  } else if (node.kind === STUB) {
    throw new Error("page codec: stub inside an inline subtree");
  } else if (node.persisted && node.src !== undefined) {
    node.src.copy(buf, encOff, node.srcOff, node.srcOff + node.srcLen);
    encOff += node.srcLen;
  } else {
    const start = encOff;
    if (!node.persisted) encSink.freshInners.push(node);
    buf[encOff++] = T_INNER;
    encInline(node.left);
    encInline(node.right);
    encSpans.push(node, start, encOff);
  }
}

function enc(node: SmtNode | null, d: number, parent: SmtInner | null, right: boolean): void {
  const buf = scratch;
  if (node === null) {
    buf[encOff++] = T_EMPTY;
    return;
  }
  if (node.kind === LEAF) {
    encLeaf(buf, node);
    return;
  }
  if (d === encBottom) {
    // A stored inner node here was stored inline (page tops are stubs); a fresh one is
    // inlined when small enough.
    if (node.kind === INNER && ((node.persisted && node.src !== undefined) || countLeaves(node, INLINE_LEAVES) <= INLINE_LEAVES)) {
      encInline(node);
      return;
    }
    buf[encOff++] = T_REF;
    writeLatin1(buf, node.hash, encOff);
    if (node.kind === STUB) {
      writeVersion(buf, encOff + HASH_SIZE, node.version);
    } else {
      writeVersion(buf, encOff + HASH_SIZE, encVersion);
      encSink.children.push({ node, depth: d, path: latin1(encPath, 0, HASH_SIZE), parent: parent as SmtInner, right });
    }
    encOff += HASH_SIZE + 8;
    return;
  }
  if (node.kind === STUB) throw new Error("page codec: stub above a page's bottom depth");
  if (node.persisted && node.src !== undefined) {
    // Unchanged subtree: its bytes are the same as in the page it was read from.
    node.src.copy(buf, encOff, node.srcOff, node.srcOff + node.srcLen);
    encOff += node.srcLen;
    return;
  }
  const start = encOff;
  if (!node.persisted) encSink.freshInners.push(node);
  buf[encOff++] = T_INNER;
  setBit(encPath, d, 0);
  enc(node.left, d + 1, node, false);
  setBit(encPath, d, 1);
  enc(node.right, d + 1, node, true);
  setBit(encPath, d, 0);
  encSpans.push(node, start, encOff);
}

/**
 * Encodes the page whose top node `top` sits at `depth` on `path`. In-memory inner nodes
 * at the bottom depth are written as references with `version` and reported in
 * `sink.children`; leaves not yet persisted get `version` as their record's version.
 */
export function encodePage(top: SmtNode, depth: number, path: Hash, version: number, sink: EncodeSink): Buffer {
  encPath.fill(0);
  const { n } = prefixShape(depth);
  for (let i = 0; i < n; i++) encPath[i] = path.charCodeAt(i);
  encOff = 0;
  encBottom = depth + PAGE_BITS;
  encVersion = version;
  encSink = sink;
  encSpans.length = 0;
  enc(top, depth, null, false);
  // Typed-array writes past the end are dropped silently: refuse rather than store garbage.
  if (encOff > scratch.length) throw new Error("page codec: page exceeds the encoder's bound");
  const out = Buffer.allocUnsafe(encOff);
  scratch.copy(out, 0, 0, encOff);
  // Point the nodes just encoded at their bytes in `out` for the next rewrite. Harmless
  // if the commit fails: spans are only used once a node is marked persisted.
  for (let i = 0; i < encSpans.length; i += 3) {
    const n = encSpans[i] as SmtInner;
    n.src = out;
    n.srcOff = encSpans[i + 1] as number;
    n.srcLen = (encSpans[i + 2] as number) - n.srcOff;
  }
  return out;
}

/**
 * Decodes a page stored for a node at `depth`. `topHash`, when known (from the parent's
 * reference or the root record), is attached so the top is never rehashed.
 */
export function decodePage(bytes: Buffer, depth: number, topHash?: Hash): SmtNode | null {
  const bottom = depth + PAGE_BITS;
  let o = 0;
  const need = (n: number): void => {
    if (o + n > bytes.length) throw new Error("page codec: truncated page");
  };
  const dec = (d: number): SmtNode | null => {
    need(1);
    const tag = bytes[o++];
    switch (tag) {
      case T_EMPTY:
        return null;
      case T_LEAF: {
        need(2 * HASH_SIZE + 8);
        const leaf = new SmtLeaf(
          latin1(bytes, o, o + HASH_SIZE),
          latin1(bytes, o + HASH_SIZE, o + 2 * HASH_SIZE),
          readVersion(bytes, o + 2 * HASH_SIZE),
        );
        o += 2 * HASH_SIZE + 8;
        return leaf;
      }
      case T_REF: {
        if (d !== bottom) throw new Error("page codec: reference off the bottom depth");
        need(HASH_SIZE + 8);
        const stub = new SmtStub(latin1(bytes, o, o + HASH_SIZE), readVersion(bytes, o + HASH_SIZE));
        o += HASH_SIZE + 8;
        return stub;
      }
      case T_INNER: {
        if (d >= MAX_DEPTH) throw new Error("page codec: inner node below depth 256");
        const start = o - 1;
        const left = dec(d + 1);
        const right = dec(d + 1);
        const node = new SmtInner(left, right, true, d === depth ? topHash : undefined);
        node.src = bytes;
        node.srcOff = start;
        node.srcLen = o - start;
        return node;
      }
      default:
        throw new Error(`page codec: bad tag ${String(tag)}`);
    }
  };
  const top = dec(depth);
  if (o !== bytes.length) throw new Error("page codec: trailing bytes");
  return top;
}
