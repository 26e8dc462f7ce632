import { MESH_CID_CODEC } from "./constants";
import { MeshError } from "./errors";

const SHA2_256 = 0x12;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    const b = bytes[pos + i];
    if (b === undefined) throw new MeshError("bad_cid", "truncated varint in CID");
    value += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) {
      if (i > 0 && b === 0) throw new MeshError("bad_cid", "non-minimal varint in CID");
      return [value, pos + i + 1];
    }
    mul *= 128;
  }
  throw new MeshError("bad_cid", "varint too long in CID");
}

function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new MeshError("bad_cid", `invalid base32 character ${JSON.stringify(c)} in CID`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  if (bits >= 5 || value !== 0) throw new MeshError("bad_cid", "invalid base32 padding in CID");
  return Uint8Array.from(out);
}

/**
 * The mesh CID of a 32-byte file root: CIDv1, base32 (`b...`), codec MESH_CID_CODEC, multihash
 * sha2-256 whose digest is the root.
 *
 * @example
 * const cid = cidFromRoot(new FileHasher().update(bytes).digest().root); // "b..."
 */
export function cidFromRoot(root: Uint8Array): string {
  if (root.length !== 32) throw new MeshError("bad_cid", `a file root has 32 bytes, got ${root.length}`);
  const bytes = Uint8Array.from([...varint(1), ...varint(MESH_CID_CODEC), SHA2_256, 32, ...root]);
  return "b" + base32Encode(bytes);
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
  const bytes = base32Decode(cid.slice(1));
  const [version, p1] = readVarint(bytes, 0);
  if (version !== 1) throw new MeshError("bad_cid", `CID version ${version}, expected 1`);
  const [codec, p2] = readVarint(bytes, p1);
  if (codec !== MESH_CID_CODEC) throw new MeshError("bad_cid", `CID codec 0x${codec.toString(16)}, expected 0x${MESH_CID_CODEC.toString(16)}`);
  const [hash, p3] = readVarint(bytes, p2);
  if (hash !== SHA2_256) throw new MeshError("bad_cid", `CID hash function 0x${hash.toString(16)}, expected sha2-256`);
  const [len, p4] = readVarint(bytes, p3);
  if (len !== 32 || bytes.length - p4 !== 32) throw new MeshError("bad_cid", "CID digest is not 32 bytes");
  return bytes.slice(p4);
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
