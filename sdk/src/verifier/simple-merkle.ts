import { sha256 } from "@noble/hashes/sha2";
import { leafHash, merkleRootOfLeaves } from "../mesh/merkle";

/**
 * CometBFT's simple Merkle root (`merkle.HashFromByteSlices`): leaves `sha256(0x00 || item)`,
 * inner nodes `sha256(0x01 || left || right)`, split at the largest power of two below n; the
 * root of no items is `sha256("")`. For n >= 1 this is the mesh tree of `sdk/src/mesh/merkle.ts`
 * (an odd node promoted a level), which is reused here.
 *
 * @example
 * const root = simpleMerkleRoot(fields); // 32 bytes
 */
export function simpleMerkleRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return sha256(new Uint8Array(0));
  return merkleRootOfLeaves(items.map((item) => leafHash(item)));
}
