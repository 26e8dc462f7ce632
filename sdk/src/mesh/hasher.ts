import { CHUNK_SIZE, SLICE_CHUNKS } from "./constants";
import { cidFromRoot } from "./cid";
import { MeshError } from "./errors";
import { leafHash, merkleRootOfLeaves, type LeafHashFn } from "./merkle";

/**
 * What hashing a whole file gives: its size, chunk leaves, slice roots, file root and CID.
 *
 * @example
 * const { cid, root, sliceRoots } = await hashStream(chunks);
 */
export interface FileDigest {
  /** File size in bytes. */
  size: bigint;
  /** Number of chunks. */
  chunkCount: number;
  /** The 32-byte leaf hash of every chunk, in order. */
  leaves: Uint8Array[];
  /** The Merkle root of every slice, in slice order. */
  sliceRoots: Uint8Array[];
  /** The file root (Merkle root over all chunk leaves). */
  root: Uint8Array;
  /** The mesh CID of the root. */
  cid: string;
}

/**
 * Incremental file hasher: feed bytes split in any way with `update`, then `digest()`. Keeps only
 * the 32-byte chunk leaves plus one partial chunk (a 1 GiB file needs 4096 leaves).
 * A file of size 0 is refused (`digest` throws MeshError `bad_request`). Chunk leaves are computed
 * with `hashLeaf` (default the pure-JS {@link leafHash}; the SDK's `FastFileHasher` passes node's
 * native SHA-256); the interior of the tree always uses the pure-JS hash (a few hashes per chunk).
 *
 * @example
 * const h = new FileHasher();
 * for await (const part of stream) h.update(part);
 * const { cid, size, sliceRoots } = h.digest();
 */
export class FileHasher {
  private readonly buf = new Uint8Array(CHUNK_SIZE);
  private fill = 0;
  private size = 0n;
  private readonly leaves: Uint8Array[] = [];
  private result: FileDigest | undefined;

  /**
   * @param hashLeaf computes `sha256(0x00 || chunk)`; must give the same bytes as {@link leafHash}.
   *
   * @example
   * const h = new FileHasher(); // pure JS
   */
  constructor(private readonly hashLeaf: LeafHashFn = leafHash) {}

  /**
   * Adds bytes to the file. Throws after `digest()`.
   *
   * @example
   * hasher.update(new TextEncoder().encode("hello")).update(more);
   */
  update(bytes: Uint8Array): this {
    if (this.result) throw new MeshError("bad_request", "FileHasher.update after digest");
    this.size += BigInt(bytes.length);
    let off = 0;
    while (off < bytes.length) {
      if (this.fill === 0 && bytes.length - off >= CHUNK_SIZE) {
        this.leaves.push(this.hashLeaf(bytes.subarray(off, off + CHUNK_SIZE)));
        off += CHUNK_SIZE;
        continue;
      }
      const n = Math.min(CHUNK_SIZE - this.fill, bytes.length - off);
      this.buf.set(bytes.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
      if (this.fill === CHUNK_SIZE) {
        this.leaves.push(this.hashLeaf(this.buf));
        this.fill = 0;
      }
    }
    return this;
  }

  /**
   * Finishes the file and returns its digest (the same object on repeated calls).
   *
   * @example
   * const { root, cid, chunkCount } = hasher.digest();
   */
  digest(): FileDigest {
    if (this.result) return this.result;
    if (this.size === 0n) throw new MeshError("bad_request", "a file of size 0 is refused");
    if (this.fill > 0) {
      this.leaves.push(this.hashLeaf(this.buf.subarray(0, this.fill)));
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

/**
 * Hashes a whole file from an async iterable of byte parts (a Node stream, a web stream's reader
 * loop, ...).
 *
 * @example
 * const { cid, size } = await hashStream(fs.createReadStream(path));
 */
export async function hashStream(source: AsyncIterable<Uint8Array>): Promise<FileDigest> {
  const h = new FileHasher();
  for await (const part of source) h.update(part);
  return h.digest();
}

/**
 * Hashes a file held in memory (`new FileHasher().update(bytes).digest()`).
 *
 * @example
 * const { cid } = hashBytes(new TextEncoder().encode("hello"));
 */
export function hashBytes(bytes: Uint8Array): FileDigest {
  return new FileHasher().update(bytes).digest();
}
