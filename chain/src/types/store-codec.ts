/**
 * Value and key encodings the Stratos module stores share (register, pot): Cosmos `Int`
 * scalars as decimal ASCII, as the real chain stores them, and u64 big-endian numbers inside
 * keys, so a range scan visits them in numeric order.
 */

/** u64 big-endian; values outside [0, 2^64 - 1] are clamped to the nearest end. */
export function u64be(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n < 0n ? 0n : n > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : n);
  return out;
}

/** The u64 big-endian number at `offset` of `bytes`. */
export function readU64be(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getBigUint64(offset);
}

/** A Cosmos `Int` as decimal ASCII. */
export function encodeInt(n: bigint): Uint8Array {
  return Buffer.from(n.toString(), "latin1");
}

/** Inverse of {@link encodeInt}. */
export function decodeInt(bytes: Uint8Array): bigint {
  return BigInt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1"));
}
