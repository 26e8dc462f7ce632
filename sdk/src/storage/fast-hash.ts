import { createHash } from "node:crypto";
import { CHUNK_SIZE, SLICE_CHUNKS, cidFromRoot, merkleRootOfLeaves, type FileDigest } from "../mesh";
import { StratosError } from "../errors/base";

const LEAF_PREFIX = Buffer.from([0]);

/**
 * `leafHash` (sha256(0x00 || chunk)) on node's native SHA-256: the same bytes as the mesh library's
 * `leafHash`, about 15x faster, which matters for files of a GiB.
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
  const leaves: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; off += CHUNK_SIZE) leaves.push(fastLeafHash(bytes.subarray(off, off + CHUNK_SIZE)));
  return leaves;
}

/**
 * The mesh library's `FileHasher` on node's native SHA-256 (same digest): feed bytes in any split
 * with `update`, then `digest()`. Keeps only the leaves and one partial chunk.
 *
 * @example
 * const h = new FastFileHasher();
 * for await (const part of fs.createReadStream(path)) h.update(part);
 * const { cid, sliceRoots } = h.digest();
 */
export class FastFileHasher {
  private readonly buf = Buffer.alloc(CHUNK_SIZE);
  private fill = 0;
  private size = 0n;
  private readonly leaves: Uint8Array[] = [];
  private result: FileDigest | undefined;

  /**
   * Adds bytes.
   *
   * @example
   * hasher.update(part);
   */
  update(bytes: Uint8Array): this {
    if (this.result) throw new StratosError("FastFileHasher.update after digest");
    this.size += BigInt(bytes.length);
    let off = 0;
    while (off < bytes.length) {
      if (this.fill === 0 && bytes.length - off >= CHUNK_SIZE) {
        this.leaves.push(fastLeafHash(bytes.subarray(off, off + CHUNK_SIZE)));
        off += CHUNK_SIZE;
        continue;
      }
      const n = Math.min(CHUNK_SIZE - this.fill, bytes.length - off);
      this.buf.set(bytes.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
      if (this.fill === CHUNK_SIZE) {
        this.leaves.push(fastLeafHash(this.buf));
        this.fill = 0;
      }
    }
    return this;
  }

  /**
   * Finishes: size, leaves, slice roots, root and CID. Throws for an empty file.
   *
   * @example
   * const { cid, size } = hasher.digest();
   */
  digest(): FileDigest {
    if (this.result) return this.result;
    if (this.size === 0n) throw new StratosError("a file of size 0 is refused");
    if (this.fill > 0) {
      this.leaves.push(fastLeafHash(this.buf.subarray(0, this.fill)));
      this.fill = 0;
    }
    const leaves = this.leaves.slice();
    const sliceRoots: Uint8Array[] = [];
    for (let i = 0; i < leaves.length; i += SLICE_CHUNKS) sliceRoots.push(merkleRootOfLeaves(leaves.slice(i, i + SLICE_CHUNKS)));
    const root = merkleRootOfLeaves(leaves);
    this.result = { size: this.size, chunkCount: leaves.length, leaves, sliceRoots, root, cid: cidFromRoot(root) };
    return this.result;
  }
}
