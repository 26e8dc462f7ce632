/**
 * Unsigned LEB128 varints, the length prefix of every ABCI message.
 *
 * CometBFT v0.37+ frames with `binary.PutUvarint` / `binary.ReadUvarint` (unsigned). v0.34
 * and older used zigzag-signed varints; using those here would double every length.
 */

/** Longest varint Go's `binary.ReadUvarint` accepts (a uint64 needs at most 10 bytes). */
export const MAX_UVARINT_BYTES = 10;

/** Why a varint could not be decoded (see {@link decodeUvarint}). */
export type UvarintFailure =
  /** The buffer ends inside the varint: wait for more bytes. */
  | "incomplete"
  /** More than {@link MAX_UVARINT_BYTES} bytes with the continuation bit set. */
  | "overlong"
  /** The value exceeds the caller's maximum. */
  | "too-large";

/** Result of {@link decodeUvarint}: a value and the bytes it used, or why it failed. */
export type UvarintResult =
  | { readonly ok: true; readonly value: number; readonly length: number }
  | { readonly ok: false; readonly reason: UvarintFailure };

const INCOMPLETE: UvarintResult = { ok: false, reason: "incomplete" };
const OVERLONG: UvarintResult = { ok: false, reason: "overlong" };
const TOO_LARGE: UvarintResult = { ok: false, reason: "too-large" };

/**
 * Decodes an unsigned varint at `offset`. Returns `incomplete` (rather than failing) when the
 * buffer ends mid-varint, because a TCP read may split the length prefix itself.
 *
 * `max` (default `Number.MAX_SAFE_INTEGER`) bounds the value; larger values fail with
 * `too-large` as soon as that is certain, so a hostile prefix cannot force big allocations.
 * Non-minimal encodings (e.g. `80 00`) are accepted, as Go's `ReadUvarint` does.
 */
export function decodeUvarint(
  buf: Uint8Array,
  offset = 0,
  max: number = Number.MAX_SAFE_INTEGER,
): UvarintResult {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_UVARINT_BYTES; i++) {
    const pos = offset + i;
    if (pos >= buf.length) return INCOMPLETE;
    const byte = buf[pos] as number;
    value += (byte & 0x7f) * scale;
    if (value > max) return TOO_LARGE;
    if ((byte & 0x80) === 0) return { ok: true, value, length: i + 1 };
    scale *= 128;
  }
  return OVERLONG;
}

/** Number of bytes {@link encodeUvarint} will produce for `value`. */
export function uvarintLength(value: number): number {
  assertEncodable(value);
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/**
 * Writes `value` as a varint into `target` at `offset` and returns the offset after it.
 * Lets the frame encoder fill one preallocated buffer for a whole batch of responses.
 */
export function writeUvarint(target: Uint8Array, offset: number, value: number): number {
  assertEncodable(value);
  let pos = offset;
  while (value >= 128) {
    target[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  target[pos++] = value;
  return pos;
}

/** Encodes `value` (a non-negative safe integer) as a standalone varint. */
export function encodeUvarint(value: number): Buffer {
  const out = Buffer.allocUnsafe(uvarintLength(value));
  writeUvarint(out, 0, value);
  return out;
}

function assertEncodable(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`uvarint value must be a non-negative safe integer, got ${value}`);
  }
}
