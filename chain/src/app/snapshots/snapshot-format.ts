/**
 * Snapshot format 1: the whole state at one height as key/value records in ascending
 * `sha256(key)` order (the leaf order of the state tree), cut into chunks. Pure functions:
 * the builder, the file store and the restorer share them, and every node cuts the same
 * state into the same bytes, so peers advertise identical snapshots (CometBFT requires it).
 *
 * - record: `keyLen (uint16 BE) ‖ key ‖ valueLen (uint32 BE) ‖ value`
 * - chunk: records back to back; a new chunk starts when the next record would take the
 *   current one past the chunk size (a record larger than that gets a chunk of its own)
 * - metadata: the sha256 of every chunk, in order (32 bytes each)
 * - snapshot hash: sha256(metadata)
 */
import { sha256 } from "../../types/hash";
import { compareBytes } from "../../store/bytes";
import { MAX_KEY_LENGTH } from "../../store/commit-store";

/** The only format this app writes and restores. */
export const SNAPSHOT_FORMAT = 1;

/** Default chunk size: well below CometBFT's 16 MB chunk message limit. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

/** CometBFT refuses snapshot messages over 4 MB; the metadata must fit well inside. */
export const MAX_METADATA_BYTES = 3 * 1024 * 1024;

const CHUNK_HASH_BYTES = 32;
const RECORD_HEADER_BYTES = 2 + 4;

/** One state entry. */
export type SnapshotEntry = readonly [key: Uint8Array, value: Uint8Array];

/** A chunk or metadata that does not follow the format. */
export class SnapshotFormatError extends Error {
  override readonly name = "SnapshotFormatError";
}

/** Cuts a stream of entries into chunks of about `chunkBytes` (see the module comment). */
export class ChunkWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly chunkBytes: number = DEFAULT_CHUNK_BYTES) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 64) throw new RangeError(`chunk size must be at least 64 bytes, got ${chunkBytes}`);
  }

  /** Adds one entry; returns the chunk it completed, if adding it started a new one. */
  add(key: Uint8Array, value: Uint8Array): Uint8Array | undefined {
    const header = new Uint8Array(RECORD_HEADER_BYTES);
    const view = new DataView(header.buffer);
    view.setUint16(0, key.length);
    view.setUint32(2, value.length);
    const recordSize = RECORD_HEADER_BYTES + key.length + value.length;
    const done = this.size > 0 && this.size + recordSize > this.chunkBytes ? this.flush() : undefined;
    // Record header, key and value as three parts; the length prefix of the value sits in the header.
    this.parts.push(header.subarray(0, 2), key, header.subarray(2), value);
    this.size += recordSize;
    return done;
  }

  /** The chunk in progress (undefined when empty), and starts a new one. */
  flush(): Uint8Array | undefined {
    if (this.size === 0) return undefined;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/** Every chunk of `entries` (in the order given), cut with {@link ChunkWriter}. */
export function encodeChunks(entries: Iterable<SnapshotEntry>, chunkBytes: number = DEFAULT_CHUNK_BYTES): Uint8Array[] {
  const writer = new ChunkWriter(chunkBytes);
  const chunks: Uint8Array[] = [];
  for (const [k, v] of entries) {
    const done = writer.add(k, v);
    if (done) chunks.push(done);
  }
  const last = writer.flush();
  if (last) chunks.push(last);
  return chunks;
}

/** The entries of one chunk; throws {@link SnapshotFormatError} if it is not well formed. */
export function decodeChunk(chunk: Uint8Array): SnapshotEntry[] {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const out: SnapshotEntry[] = [];
  let at = 0;
  while (at < chunk.length) {
    if (at + 2 > chunk.length) throw new SnapshotFormatError(`chunk ends inside a key length at byte ${at}`);
    const keyLen = view.getUint16(at);
    if (keyLen === 0 || keyLen > MAX_KEY_LENGTH) throw new SnapshotFormatError(`key length ${keyLen} at byte ${at} is outside 1..${MAX_KEY_LENGTH}`);
    at += 2;
    if (at + keyLen + 4 > chunk.length) throw new SnapshotFormatError(`chunk ends inside a record at byte ${at}`);
    const key = chunk.subarray(at, at + keyLen);
    at += keyLen;
    const valueLen = view.getUint32(at);
    at += 4;
    if (at + valueLen > chunk.length) throw new SnapshotFormatError(`value of ${valueLen} bytes runs past the end of the chunk`);
    out.push([key, chunk.subarray(at, at + valueLen)]);
    at += valueLen;
  }
  if (out.length === 0) throw new SnapshotFormatError("empty chunk");
  return out;
}

/** Metadata of a snapshot made of `chunkHashes` (sha256 of each chunk, in order). */
export function encodeMetadata(chunkHashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(CHUNK_HASH_BYTES * chunkHashes.length);
  chunkHashes.forEach((h, i) => {
    if (h.length !== CHUNK_HASH_BYTES) throw new RangeError(`chunk hash ${i} is ${h.length} bytes, not 32`);
    out.set(h, i * CHUNK_HASH_BYTES);
  });
  return out;
}

/** The chunk hashes listed by `metadata`, checked against the snapshot's `chunks` count and `hash`. */
export function parseMetadata(metadata: Uint8Array, chunks: number, hash: Uint8Array): Uint8Array[] {
  if (metadata.length > MAX_METADATA_BYTES) throw new SnapshotFormatError(`metadata of ${metadata.length} bytes is over ${MAX_METADATA_BYTES}`);
  if (metadata.length % CHUNK_HASH_BYTES !== 0) throw new SnapshotFormatError(`metadata of ${metadata.length} bytes is not a list of 32-byte chunk hashes`);
  const count = metadata.length / CHUNK_HASH_BYTES;
  if (count !== chunks) throw new SnapshotFormatError(`metadata lists ${count} chunks, the snapshot says ${chunks}`);
  if (compareBytes(sha256(metadata), hash) !== 0) throw new SnapshotFormatError("snapshot hash is not the sha256 of its metadata");
  return Array.from({ length: count }, (_, i) => metadata.slice(i * CHUNK_HASH_BYTES, (i + 1) * CHUNK_HASH_BYTES));
}

/** The snapshot hash of `metadata`. */
export function snapshotHash(metadata: Uint8Array): Uint8Array {
  return sha256(metadata);
}
