import { equalBytes } from "@noble/curves/utils";
import { sha256 } from "@noble/hashes/sha2";
import { CHUNK_SIZE, SLICE_CHUNKS } from "./constants";
import { MeshError } from "./errors";

const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);

/**
 * A function computing the leaf hash of a chunk (`sha256(0x00 || chunk)`): {@link leafHash} by
 * default; a platform may pass a faster one with the same output (e.g. node's native SHA-256).
 *
 * @example
 * const hashLeaf: LeafHashFn = leafHash;
 */
export type LeafHashFn = (chunk: Uint8Array) => Uint8Array;

/**
 * Leaf hash of a chunk: `sha256(0x00 || chunk)` (pure JS, runs in any JavaScript runtime).
 *
 * @example
 * const leaf = leafHash(chunkBytes); // 32 bytes
 */
export function leafHash(chunk: Uint8Array): Uint8Array {
  return sha256.create().update(LEAF_PREFIX).update(chunk).digest();
}

/**
 * Interior node hash: `sha256(0x01 || left || right)`.
 *
 * @example
 * const parent = nodeHash(leftHash, rightHash);
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

function nextLevel(level: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) out.push(nodeHash(level[i]!, level[i + 1]!));
  if (level.length % 2 === 1) out.push(level[level.length - 1]!);
  return out;
}

/**
 * Merkle root over leaf hashes (RFC 6962 shape; a level with an odd count promotes its last node).
 * Throws MeshError `bad_request` for no leaves.
 *
 * @example
 * const root = merkleRootOfLeaves(chunkLeavesOf(fileBytes));
 */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) throw new MeshError("bad_request", "a Merkle tree needs at least one leaf");
  let level: readonly Uint8Array[] = leaves;
  while (level.length > 1) level = nextLevel(level);
  return Uint8Array.from(level[0]!);
}

/**
 * Proof of leaf `index`: the sibling hashes bottom-up (levels where the node is promoted have none).
 *
 * @example
 * const proof = merkleProof(leaves, 5);
 * verifyChunkProof(root, 5, leaves.length, chunk5, proof); // true
 */
export function merkleProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length) {
    throw new MeshError("bad_request", `leaf index ${index} out of range (${leaves.length} leaves)`);
  }
  const proof: Uint8Array[] = [];
  let level: readonly Uint8Array[] = leaves;
  let i = index;
  while (level.length > 1) {
    if (i % 2 === 1) proof.push(level[i - 1]!);
    else if (i + 1 < level.length) proof.push(level[i + 1]!);
    level = nextLevel(level);
    i = Math.floor(i / 2);
  }
  return proof;
}

/**
 * Checks a proof for the leaf hash `leaf` at `index` of a tree of `leafCount` leaves against `root`.
 *
 * @example
 * verifyLeafProof(fileRoot, 3, count, leafHash(chunk), proof); // true or false
 */
export function verifyLeafProof(root: Uint8Array, index: number, leafCount: number, leaf: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(leafCount) || index < 0 || index >= leafCount) return false;
  let h = leaf;
  let i = index;
  let n = leafCount;
  let p = 0;
  while (n > 1) {
    if (i % 2 === 1) {
      const sib = proof[p++];
      if (!sib) return false;
      h = nodeHash(sib, h);
    } else if (i + 1 < n) {
      const sib = proof[p++];
      if (!sib) return false;
      h = nodeHash(h, sib);
    }
    i = Math.floor(i / 2);
    n = Math.ceil(n / 2);
  }
  return p === proof.length && equalBytes(h, root);
}

/**
 * Checks that `chunk` is chunk `index` of the tree of `leafCount` chunks with root `root`.
 *
 * @example
 * if (!verifyChunkProof(root, 7, count, chunk, proof)) throw new MeshError("hash_mismatch", "bad chunk");
 */
export function verifyChunkProof(root: Uint8Array, index: number, leafCount: number, chunk: Uint8Array, proof: readonly Uint8Array[]): boolean {
  return verifyLeafProof(root, index, leafCount, leafHash(chunk), proof);
}

/**
 * Splits bytes into CHUNK_SIZE chunks and returns their leaf hashes (none for empty input), computed
 * with `hashLeaf` (default {@link leafHash}).
 *
 * @example
 * const leaves = chunkLeavesOf(sliceBytes); // up to 32 leaves for a slice
 */
export function chunkLeavesOf(bytes: Uint8Array, hashLeaf: LeafHashFn = leafHash): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += CHUNK_SIZE) leaves.push(hashLeaf(bytes.subarray(off, off + CHUNK_SIZE)));
  return leaves;
}

/**
 * Slice root: the Merkle root over the slice's chunks. Throws MeshError `bad_request` for empty
 * input and `too_large` for more than SLICE_CHUNKS chunks.
 *
 * @example
 * if (toHex(sliceRoot(body)) !== ticket.slice_root) throw new MeshError("hash_mismatch", "slice root differs");
 */
export function sliceRoot(sliceBytes: Uint8Array): Uint8Array {
  const leaves = chunkLeavesOf(sliceBytes);
  if (leaves.length > SLICE_CHUNKS) throw new MeshError("too_large", `a slice has at most ${SLICE_CHUNKS} chunks, got ${leaves.length}`);
  return merkleRootOfLeaves(leaves);
}

/**
 * File root from the chunk leaves of each slice, in slice order: the root over all chunk leaves
 * (not a tree of slice roots, although the two agree because SLICE_CHUNKS is a power of two).
 *
 * @example
 * const root = fileRootFromSliceLeaves(slices.map((s) => chunkLeavesOf(s)));
 */
export function fileRootFromSliceLeaves(leavesPerSlice: readonly (readonly Uint8Array[])[]): Uint8Array {
  return merkleRootOfLeaves(leavesPerSlice.flat());
}
