import { createReadStream, createWriteStream, promises as fsp } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { once } from "node:events";
import type { FileDigest } from "../mesh";
import { FastFileHasher as FileHasher } from "./fast-hash";
import { StratosError } from "../errors/base";
import { MeshAbortError, throwIfAborted } from "./errors";

/**
 * What {@link MeshClient.upload} accepts: a file path, bytes in memory, or a stream of bytes
 * (a Node readable or any async iterable; spooled to a temp file so memory stays bounded).
 *
 * @example
 * const a: UploadSource = "./photo.jpg";
 * const b: UploadSource = new TextEncoder().encode("hello");
 * const c: UploadSource = fs.createReadStream("./big.iso");
 */
export type UploadSource = string | Uint8Array | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/**
 * A source that was hashed and can hand out any byte range again, as often as needed.
 *
 * @example
 * const src = await prepareSource("./f.bin");
 * try { const body = src.open(0n, 100n); } finally { await src.cleanup(); }
 */
export interface PreparedSource {
  readonly digest: FileDigest;
  /** A fresh stream (files) or a view (memory) of bytes `[start, end)`. */
  open(start: bigint, end: bigint): Readable | Uint8Array;
  /** Removes the spool file, if any. */
  cleanup(): Promise<void>;
}

/** @internal Reads a file once through the hasher. */
async function hashFile(file: string, signal?: AbortSignal): Promise<FileDigest> {
  const h = new FileHasher();
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const onAbort = () => stream.destroy(new MeshAbortError({ cause: signal?.reason }));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const part of stream) h.update(part as Buffer);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  throwIfAborted(signal);
  return h.digest();
}

function fileSource(file: string, digest: FileDigest, cleanup: () => Promise<void>): PreparedSource {
  return {
    digest,
    open: (start, end) => createReadStream(file, { start: Number(start), end: Number(end) - 1, highWaterMark: 1 << 20 }),
    cleanup,
  };
}

/**
 * Hashes an upload source in one bounded-memory pass (a stream is written to a temp file under
 * `tmpDir` at the same time) and returns a way to read it again slice by slice.
 *
 * @example
 * const src = await prepareSource(process.stdin, { tmpDir: "/var/tmp" });
 * console.log(src.digest.cid, src.digest.size);
 * await src.cleanup();
 */
export async function prepareSource(source: UploadSource, opts: { signal?: AbortSignal; tmpDir?: string } = {}): Promise<PreparedSource> {
  throwIfAborted(opts.signal);
  if (typeof source === "string") {
    const st = await fsp.stat(source).catch((e: unknown) => {
      throw new StratosError(`cannot read ${source}`, { cause: e, details: (e as Error).message });
    });
    if (!st.isFile()) throw new StratosError(`${source} is not a regular file`);
    if (st.size === 0) throw new StratosError(`${source} is empty`, { details: "the mesh refuses files of size 0" });
    const digest = await hashFile(source, opts.signal);
    if (digest.size !== BigInt(st.size)) throw new StratosError(`${source} changed while it was being read`);
    return fileSource(source, digest, async () => {});
  }
  if (source instanceof Uint8Array) {
    if (source.length === 0) throw new StratosError("cannot upload empty data", { details: "the mesh refuses files of size 0" });
    const digest = new FileHasher().update(source).digest();
    const buf = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return { digest, open: (start, end) => buf.subarray(Number(start), Number(end)), cleanup: async () => {} };
  }
  // A stream: spool to a temp file while hashing.
  const dir = await fsp.mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), "stratos-upload-"));
  const file = path.join(dir, `spool-${randomBytes(4).toString("hex")}`);
  const cleanup = async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  };
  const h = new FileHasher();
  const out = createWriteStream(file);
  const outError = new Promise<never>((_, reject) => out.once("error", reject));
  outError.catch(() => {});
  try {
    for await (const part of source as AsyncIterable<Uint8Array | string>) {
      throwIfAborted(opts.signal);
      const bytes = typeof part === "string" ? Buffer.from(part) : part;
      if (bytes.length === 0) continue;
      h.update(bytes);
      if (!out.write(bytes)) await Promise.race([once(out, "drain"), outError]);
    }
    out.end();
    await Promise.race([once(out, "finish"), outError]);
    throwIfAborted(opts.signal);
    let digest: FileDigest;
    try {
      digest = h.digest();
    } catch (e) {
      throw new StratosError("cannot upload empty data", { cause: e, details: "the mesh refuses files of size 0" });
    }
    return fileSource(file, digest, cleanup);
  } catch (e) {
    out.destroy();
    await cleanup();
    throw e;
  }
}
