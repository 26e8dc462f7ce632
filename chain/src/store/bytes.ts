/**
 * Byte helpers shared by the store layers. Keys are compared bytewise everywhere, so the
 * same order holds in memory, in caches and on disk (LMDB's default comparator).
 */

/** Bytewise three-way comparison (negative, zero, positive), shorter prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Parses hex (either case, optional `0x`); throws on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  const s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error(`invalid hex: ${hex}`);
  return new Uint8Array(Buffer.from(s, "hex"));
}

/**
 * A fresh copy, so later changes to the source cannot reach stored bytes. Small copies
 * come from Node's Buffer pool, 3-5x cheaper than allocating a new ArrayBuffer each.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(bytes.length);
  out.set(bytes);
  return out;
}

/** Concatenation of the parts into one new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when `bytes` begins with `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * The exclusive upper bound of all keys starting with `prefix`: the prefix with trailing
 * 0xff bytes dropped and its last byte incremented. `undefined` when no such bound exists
 * (empty or all-0xff prefix), meaning "to the end of the key space".
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === 0xff) i--;
  if (i < 0) return undefined;
  // A real copy: `slice` on a Buffer would be a view and the increment would hit `prefix`.
  const end = new Uint8Array(prefix.subarray(0, i + 1));
  end[i] = (end[i] as number) + 1;
  return end;
}

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/**
 * Bytes `[start, end)` of `bytes` as a latin1 string (one char per byte). Uses Buffer's
 * internal slicer when present: it works on any Uint8Array and skips argument parsing.
 */
export const latin1: (bytes: Uint8Array, start: number, end: number) => string =
  typeof nativeLatin1Slice === "function"
    ? (bytes, start, end) => nativeLatin1Slice.call(bytes, start, end)
    : (bytes, start, end) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1", start, end);

type Latin1Write = (this: Uint8Array, s: string, offset: number, length: number) => number;
const nativeLatin1Write = (Buffer.prototype as unknown as { latin1Write?: Latin1Write }).latin1Write;

/** Writes latin1 string `s` (one byte per char) into `buf` at `offset`. */
export const writeLatin1: (buf: Buffer, s: string, offset: number) => void =
  typeof nativeLatin1Write === "function"
    ? (buf, s, offset) => {
        nativeLatin1Write.call(buf, s, offset, s.length);
      }
    : (buf, s, offset) => {
        buf.write(s, offset, "latin1");
      };

/**
 * A string with one char per byte (latin1). Used as a Map key on hot paths: it is cheap to
 * build, and JS string order equals bytewise order because every char code is below 256.
 */
export function keyString(key: Uint8Array): string {
  return latin1(key, 0, key.length);
}

/** Inverse of {@link keyString}. */
export function keyFromString(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}
