import { randomBytes } from "node:crypto";
import { CHUNK_SIZE, SLICE_SIZE, chunkLeavesOf, hashBytes, leafHash } from "../mesh";
import { FastFileHasher, fastChunkLeaves, fastLeafHash } from "./fast-hash";

describe("native-SHA-256 hashing", () => {
  it("gives the mesh library's leaves, slice roots, root and CID", () => {
    const data = randomBytes(SLICE_SIZE + 3 * CHUNK_SIZE + 5);
    expect(fastLeafHash(data.subarray(0, 10))).toEqual(leafHash(data.subarray(0, 10)));
    expect(fastChunkLeaves(data.subarray(0, 2 * CHUNK_SIZE + 1))).toEqual(chunkLeavesOf(data.subarray(0, 2 * CHUNK_SIZE + 1)));
    const h = new FastFileHasher();
    for (let off = 0; off < data.length; off += 100_003) h.update(data.subarray(off, off + 100_003));
    const want = hashBytes(data);
    const got = h.digest();
    expect(got.cid).toBe(want.cid);
    expect(got.size).toBe(want.size);
    expect(got.sliceRoots).toEqual(want.sliceRoots);
    expect(got.leaves).toEqual(want.leaves);
    expect(h.digest()).toBe(got);
    expect(() => h.update(data)).toThrow();
    expect(() => new FastFileHasher().digest()).toThrow(/size 0/);
  });
});
