import { createHash, randomBytes } from "node:crypto";
import { CHUNK_SIZE, SLICE_CHUNKS, SLICE_SIZE } from "./constants";
import { chunkLeavesOf, fileRootFromSliceLeaves, leafHash, merkleProof, merkleRootOfLeaves, sliceRoot, verifyChunkProof, verifyLeafProof } from "./merkle";
import { FileHasher, hashBytes, hashStream } from "./hasher";
import { chunkCount, sliceCount, sliceRange, slicesForRange } from "./layout";
import { MeshError } from "./errors";

const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
// Independent RFC 6962 (largest power of two < n split) reference; equals the promote-odd rule.
function refRoot(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return sha(Uint8Array.of(0), chunks[0]!);
  let k = 1;
  while (k * 2 < chunks.length) k *= 2;
  return sha(Uint8Array.of(1), refRoot(chunks.slice(0, k)), refRoot(chunks.slice(k)));
}
function split(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_SIZE) out.push(bytes.subarray(i, i + CHUNK_SIZE));
  return out;
}
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// Small chunks to keep the tree tests fast; CHUNK_SIZE only matters for chunkLeavesOf.
describe("merkle", () => {
  for (const n of [1, 2, 3, 5, 33, 64, 65]) {
    test(`root and proofs for ${n} chunks`, () => {
      const chunks = Array.from({ length: n }, (_, i) => new Uint8Array(randomBytes(i === n - 1 ? 7 : 40)));
      const leaves = chunks.map(leafHash);
      const root = merkleRootOfLeaves(leaves);
      expect(hex(root)).toBe(hex(refRoot(chunks)));
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(leaves, i);
        expect(verifyChunkProof(root, i, n, chunks[i]!, proof)).toBe(true);
        const bad = Uint8Array.from(chunks[i]!);
        bad[0] = bad[0]! ^ 1;
        expect(verifyChunkProof(root, i, n, bad, proof)).toBe(false);
        if (proof.length > 0) {
          const tampered = proof.map((p) => Uint8Array.from(p));
          tampered[0]![5] = tampered[0]![5]! ^ 0x80;
          expect(verifyChunkProof(root, i, n, chunks[i]!, tampered)).toBe(false);
          expect(verifyChunkProof(root, i, n, chunks[i]!, proof.slice(1))).toBe(false);
        }
        expect(verifyLeafProof(root, i, n, leaves[i]!, proof)).toBe(true);
        expect(verifyLeafProof(root, n, n, leaves[i]!, proof)).toBe(false);
        if (n > 1) expect(verifyChunkProof(root, (i + 1) % n, n, chunks[i]!, proof)).toBe(false);
      }
    });
  }

  test("chunkLeavesOf splits at CHUNK_SIZE and slice/file roots agree", () => {
    const bytes = new Uint8Array(randomBytes(CHUNK_SIZE * 2 + 10));
    const leaves = chunkLeavesOf(bytes);
    expect(leaves).toHaveLength(3);
    expect(hex(merkleRootOfLeaves(leaves))).toBe(hex(refRoot(split(bytes))));
    expect(hex(sliceRoot(bytes))).toBe(hex(refRoot(split(bytes))));
    expect(hex(fileRootFromSliceLeaves([leaves.slice(0, 1), leaves.slice(1)]))).toBe(hex(merkleRootOfLeaves(leaves)));
    expect(() => merkleRootOfLeaves([])).toThrow(MeshError);
  });
});

describe("layout", () => {
  test("counts and ranges", () => {
    expect(chunkCount(0n)).toBe(0);
    expect(chunkCount(1n)).toBe(1);
    expect(chunkCount(BigInt(CHUNK_SIZE))).toBe(1);
    expect(chunkCount(BigInt(CHUNK_SIZE) + 1n)).toBe(2);
    expect(sliceCount(BigInt(SLICE_SIZE))).toBe(1);
    expect(sliceCount(BigInt(SLICE_SIZE) + 1n)).toBe(2);
    const size = BigInt(SLICE_SIZE) * 2n + 5n;
    expect(sliceRange(size, 2)).toEqual({ start: BigInt(SLICE_SIZE) * 2n, end: size, size: 5 });
    expect(sliceRange(size, 0)).toEqual({ start: 0n, end: BigInt(SLICE_SIZE), size: SLICE_SIZE });
    expect(() => sliceRange(size, 3)).toThrow(MeshError);
    expect(slicesForRange(size, 0n, 0n)).toEqual([0]);
    expect(slicesForRange(size, BigInt(SLICE_SIZE) - 1n, BigInt(SLICE_SIZE))).toEqual([0, 1]);
    expect(slicesForRange(size, 0n, size - 1n)).toEqual([0, 1, 2]);
    expect(() => slicesForRange(size, 0n, size)).toThrow(MeshError);
    expect(() => slicesForRange(size, 5n, 4n)).toThrow(MeshError);
  });
});

describe("FileHasher", () => {
  // 65 chunks + a tail: 3 slices (32, 32, 2 chunks).
  const bytes = new Uint8Array(randomBytes(CHUNK_SIZE * 65 + 1234));
  const chunks = split(bytes);
  const oneShot = hashBytes(bytes);

  test("one-shot matches the reference", () => {
    expect(oneShot.size).toBe(BigInt(bytes.length));
    expect(oneShot.chunkCount).toBe(66);
    expect(oneShot.leaves).toHaveLength(66);
    expect(hex(oneShot.root)).toBe(hex(refRoot(chunks)));
    expect(oneShot.sliceRoots.map(hex)).toEqual([0, 1, 2].map((s) => hex(refRoot(chunks.slice(s * SLICE_CHUNKS, (s + 1) * SLICE_CHUNKS)))));
    expect(oneShot.sliceRoots.map(hex)).toEqual([0, 1, 2].map((s) => hex(sliceRoot(bytes.subarray(s * SLICE_SIZE, (s + 1) * SLICE_SIZE)))));
    // The file root equals a tree of slice roots too (SLICE_CHUNKS is a power of two).
    expect(hex(merkleRootOfLeaves(oneShot.sliceRoots))).toBe(hex(oneShot.root));
  });

  test("random split points give the same digest", async () => {
    for (let round = 0; round < 3; round++) {
      const h = new FileHasher();
      const parts: Uint8Array[] = [];
      let off = 0;
      while (off < bytes.length) {
        const n = Math.min(bytes.length - off, [0, 1, 17, 4096, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE * 3 + 5][Math.floor(Math.random() * 7)]!);
        parts.push(bytes.subarray(off, off + n));
        h.update(bytes.subarray(off, off + n));
        off += n;
      }
      const d = h.digest();
      expect(hex(d.root)).toBe(hex(oneShot.root));
      expect(d.cid).toBe(oneShot.cid);
      expect(d.sliceRoots.map(hex)).toEqual(oneShot.sliceRoots.map(hex));
      const s = await hashStream((async function* () { yield* parts; })());
      expect(s.cid).toBe(oneShot.cid);
    }
  });

  test("empty file refused, update after digest refused", () => {
    expect(() => new FileHasher().digest()).toThrow(MeshError);
    const h = new FileHasher().update(Uint8Array.of(1));
    const d = h.digest();
    expect(h.digest()).toBe(d);
    expect(hex(d.root)).toBe(hex(sha(Uint8Array.of(0, 1))));
    expect(() => h.update(Uint8Array.of(2))).toThrow(MeshError);
  });

  test("chunk leaves come from the leaf hash passed in (how the SDK plugs in native SHA-256)", () => {
    const small = bytes.subarray(0, 2 * CHUNK_SIZE + 3);
    const seen: number[] = [];
    const counting = (chunk: Uint8Array) => {
      seen.push(chunk.length);
      return leafHash(chunk);
    };
    expect(chunkLeavesOf(small, counting).map(hex)).toEqual(chunkLeavesOf(small).map(hex));
    expect(seen).toEqual([CHUNK_SIZE, CHUNK_SIZE, 3]);
    seen.length = 0;
    expect(new FileHasher(counting).update(small).digest().cid).toBe(hashBytes(small).cid);
    expect(seen).toEqual([CHUNK_SIZE, CHUNK_SIZE, 3]);
  });
});
