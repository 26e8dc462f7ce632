import { CHUNK_SIZE, SLICE_CHUNKS, SLICE_SIZE } from "./constants";
import { MeshError } from "./errors";

const CHUNK = BigInt(CHUNK_SIZE);
const SLICE = BigInt(SLICE_SIZE);

function checkSize(size: bigint): void {
  if (size < 0n) throw new MeshError("bad_request", `file size ${size} is negative`);
}

/**
 * Number of chunks of a file of `size` bytes (`ceil(size / CHUNK_SIZE)`; 0 for an empty file).
 *
 * @example
 * chunkCount(262145n); // 2
 */
export function chunkCount(size: bigint): number {
  checkSize(size);
  return Number((size + CHUNK - 1n) / CHUNK);
}

/**
 * Number of slices of a file of `size` bytes (`ceil(chunk_count / SLICE_CHUNKS)`).
 *
 * @example
 * sliceCount(BigInt(SLICE_SIZE) + 1n); // 2
 */
export function sliceCount(size: bigint): number {
  return Math.ceil(chunkCount(size) / SLICE_CHUNKS);
}

/**
 * Byte range of slice `index` of a file of `size` bytes: `[start, end)` and its length.
 * Throws MeshError `bad_request` for an index outside the file.
 *
 * @example
 * const { start, end, size: n } = sliceRange(fileSize, 1); // start = 8 MiB
 */
export function sliceRange(size: bigint, index: number): { start: bigint; end: bigint; size: number } {
  const count = sliceCount(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new MeshError("bad_request", `slice index ${index} out of range (file has ${count} slices)`);
  }
  const start = BigInt(index) * SLICE;
  const end = start + SLICE < size ? start + SLICE : size;
  return { start, end, size: Number(end - start) };
}

/**
 * Indices of the slices that the inclusive byte range `[start, endInclusive]` touches.
 * Throws MeshError `bad_request` unless `0 <= start <= endInclusive < size`.
 *
 * @example
 * slicesForRange(fileSize, 0n, BigInt(SLICE_SIZE)); // [0, 1]
 */
export function slicesForRange(size: bigint, start: bigint, endInclusive: bigint): number[] {
  checkSize(size);
  if (start < 0n || endInclusive < start || endInclusive >= size) {
    throw new MeshError("bad_request", `byte range ${start}-${endInclusive} is not within a file of ${size} bytes`);
  }
  const first = Number(start / SLICE);
  const last = Number(endInclusive / SLICE);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}
