/**
 * The reporter bitmap of a file record, in the real chain's format (kelindar/bitmap `ToBytes`):
 * raw 64-bit words, little-endian; bit `i` is bit `i % 64` of word `i / 64`. With little-endian
 * words that is bit `i % 8` of byte `i / 8`; the length is always a whole number of words.
 */
const WORD_BYTES = 8;

/** A copy of `bitmap` with bit `i` set, grown (by whole words) as needed. */
export function setBit(bitmap: Uint8Array, i: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0) throw new RangeError(`invalid bit index ${i}`);
  const words = Math.max(Math.ceil(bitmap.length / WORD_BYTES), Math.floor(i / 64) + 1);
  const out = new Uint8Array(words * WORD_BYTES);
  out.set(bitmap);
  out[i >> 3] = out[i >> 3]! | (1 << (i & 7));
  return out;
}

/** Whether bit `i` is set. */
export function hasBit(bitmap: Uint8Array, i: number): boolean {
  const byte = bitmap[i >> 3];
  return byte !== undefined && (byte & (1 << (i & 7))) !== 0;
}

/** Indices of the set bits, ascending. */
export function setBits(bitmap: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bitmap.length * 8; i++) if (hasBit(bitmap, i)) out.push(i);
  return out;
}
