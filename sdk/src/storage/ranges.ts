import { SLICE_SIZE } from "../mesh/constants";
import { StratosError } from "../errors/base";

/**
 * An inclusive byte range `[start, end]` of a file (as in HTTP `Range: bytes=start-end`).
 *
 * @example
 * const firstKiB: ByteRange = { start: 0n, end: 1023n };
 */
export interface ByteRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * Checks a range against a file size (default: the whole file). Throws StratosError for a range
 * that is empty, reversed or reaches past the end.
 *
 * @example
 * resolveRange(100n); // { start: 0n, end: 99n }
 * resolveRange(100n, { start: 10n, end: 19n }); // unchanged
 */
export function resolveRange(size: bigint, range?: ByteRange): ByteRange {
  if (!range) return { start: 0n, end: size - 1n };
  if (range.start < 0n || range.end < range.start || range.end >= size) {
    throw new StratosError(`byte range ${range.start}-${range.end} is not within the file (${size} bytes)`, {
      hints: [`use offsets between 0 and ${size - 1n}; the end is inclusive`],
    });
  }
  return range;
}

/**
 * The part of slice `sliceIndex` that an inclusive file range covers, as offsets into the slice:
 * `[from, to)`, or null when the range does not touch the slice.
 *
 * @example
 * sliceWindow(1, { start: 8388608n + 10n, end: 8388608n + 19n }, 8388608); // { from: 10, to: 20 }
 */
export function sliceWindow(sliceIndex: number, range: ByteRange, sliceSizeBytes: number): { from: number; to: number } | null {
  const sliceStart = BigInt(sliceIndex) * BigInt(SLICE_SIZE);
  const sliceEnd = sliceStart + BigInt(sliceSizeBytes); // exclusive
  const from = range.start > sliceStart ? range.start : sliceStart;
  const to = range.end + 1n < sliceEnd ? range.end + 1n : sliceEnd;
  if (from >= to) return null;
  return { from: Number(from - sliceStart), to: Number(to - sliceStart) };
}

/**
 * Parses a CLI range `a-b` (inclusive byte offsets, decimal). Throws StratosError on bad input.
 *
 * @example
 * parseByteRange("0-1023"); // { start: 0n, end: 1023n }
 */
export function parseByteRange(text: string): ByteRange {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!m) throw new StratosError(`bad range ${JSON.stringify(text)}`, { hints: ["write it as start-end, inclusive byte offsets, e.g. 0-1023"] });
  const start = BigInt(m[1]!);
  const end = BigInt(m[2]!);
  if (end < start) throw new StratosError(`bad range ${JSON.stringify(text)}: the end comes before the start`);
  return { start, end };
}
