import { base32 } from "multiformats/bases/base32";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { MESH_CID_CODEC } from "./constants";
import { MeshError } from "./errors";

/** Multihash code of sha2-256. */
const SHA2_256 = 0x12;

/**
 * The mesh CID of a 32-byte file root: CIDv1, base32 (`b...`), codec MESH_CID_CODEC, multihash
 * sha2-256 whose digest is the root.
 *
 * @example
 * const cid = cidFromRoot(new FileHasher().update(bytes).digest().root); // "b..."
 */
export function cidFromRoot(root: Uint8Array): string {
  if (root.length !== 32) throw new MeshError("bad_cid", `a file root has 32 bytes, got ${root.length}`);
  return CID.createV1(MESH_CID_CODEC, createDigest(SHA2_256, root)).toString(base32);
}

/**
 * The 32-byte file root named by a mesh CID. Throws MeshError `bad_cid` for anything else
 * (another multibase, CID version, codec, hash function or digest length).
 *
 * @example
 * const root = rootFromCid(ticket.cid);
 */
export function rootFromCid(cid: string): Uint8Array {
  if (typeof cid !== "string" || cid.length < 2 || cid.length > 256 || cid[0] !== "b") {
    throw new MeshError("bad_cid", `not a base32 CIDv1: ${JSON.stringify(String(cid).slice(0, 80))}`);
  }
  let parsed: CID;
  try {
    parsed = CID.parse(cid, base32);
  } catch (e) {
    throw new MeshError("bad_cid", `not a CID: ${(e as Error).message}`);
  }
  if (parsed.version !== 1) throw new MeshError("bad_cid", `CID version ${parsed.version}, expected 1`);
  if (parsed.code !== MESH_CID_CODEC) throw new MeshError("bad_cid", `CID codec 0x${parsed.code.toString(16)}, expected 0x${MESH_CID_CODEC.toString(16)}`);
  if (parsed.multihash.code !== SHA2_256) throw new MeshError("bad_cid", `CID hash function 0x${parsed.multihash.code.toString(16)}, expected sha2-256`);
  if (parsed.multihash.digest.length !== 32) throw new MeshError("bad_cid", "CID digest is not 32 bytes");
  return Uint8Array.from(parsed.multihash.digest);
}

/**
 * True when `s` is a well-formed mesh CID.
 *
 * @example
 * if (!isMeshCid(req.params.cid)) throw new MeshError("bad_cid", "not a mesh CID");
 */
export function isMeshCid(s: unknown): s is string {
  if (typeof s !== "string") return false;
  try {
    rootFromCid(s);
    return true;
  } catch {
    return false;
  }
}
