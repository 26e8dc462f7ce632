import { createHash } from "node:crypto";
import { FileHasher, chunkLeavesOf } from "../mesh";

const LEAF_PREFIX = new Uint8Array([0]);

/**
 * `leafHash` (sha256(0x00 || chunk)) on node's native SHA-256: the same bytes as the mesh library's
 * `leafHash`, about 15x faster, which matters for files of a GiB. The mesh library stays pure JS
 * (browser-safe) and takes this function as a parameter; the two helpers below are that wiring.
 *
 * @example
 * fastLeafHash(chunk); // equals leafHash(chunk)
 */
export function fastLeafHash(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(LEAF_PREFIX).update(chunk).digest());
}

/**
 * `chunkLeavesOf` on node's native SHA-256: the leaf hash of every CHUNK_SIZE chunk of `bytes`.
 *
 * @example
 * const leaves = fastChunkLeaves(sliceBytes); // up to 32 leaves
 */
export function fastChunkLeaves(bytes: Uint8Array): Uint8Array[] {
  return chunkLeavesOf(bytes, fastLeafHash);
}

/**
 * The mesh library's `FileHasher` with its leaves on node's native SHA-256 (same digest, same
 * errors): feed bytes in any split with `update`, then `digest()`.
 *
 * @example
 * const h = new FastFileHasher();
 * for await (const part of fs.createReadStream(path)) h.update(part);
 * const { cid, sliceRoots } = h.digest();
 */
export class FastFileHasher extends FileHasher {
  constructor() {
    super(fastLeafHash);
  }
}
