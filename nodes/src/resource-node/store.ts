import { randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { FastFileHasher as FileHasher, MeshError, SLICE_SIZE, isMeshCid } from "@stratos/sdk";

/** Highest slice index accepted (10^6 slices of 8 MiB = 8 TB, far above any real file). */
export const MAX_SLICE_INDEX = 999_999;

/** File-system errors that mean "this disk cannot take writes" rather than a bug. */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR"]);
const FULL = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);

/** A stored slice's identity as recorded beside its bytes. */
export interface SliceRecord {
  /** Slice root, lowercase hex. */
  readonly root: string;
  /** Size in bytes. */
  readonly size: number;
}

/** An inclusive byte range inside one slice. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What `read` returns: the bytes as a stream plus the range it covers. */
export interface SliceReadResult {
  readonly stream: ReadStream;
  /** Inclusive range served. */
  readonly start: number;
  readonly end: number;
  /** Size of the whole slice. */
  readonly total: number;
  /** The slice root (hex). */
  readonly root: string;
}

/** Called once per slice found corrupt (after it has been moved to quarantine, if possible). */
export type CorruptionListener = (event: { cid: string; index: number; expected: string; actual: string; quarantinedTo: string | undefined }) => void;

export interface SliceStoreOptions {
  /** The node's data directory; slices live in `<dataDir>/slices/<cid>/<index>`. */
  readonly dataDir: string;
  /** Quota for the bytes of stored slices. */
  readonly capacityBytes: number;
  readonly onCorrupt?: CorruptionListener;
  /** Warnings (unwritable disk, stray files). */
  readonly warn?: (message: string) => void;
}

function errno(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Checks a slice location from the outside world and returns the index as a number. The CID must
 * be a mesh CID (base32 lowercase letters and digits only, so it can never hold `/` or `..`); the
 * index a decimal integer without leading zeros up to MAX_SLICE_INDEX.
 *
 * @example
 * const index = checkLocation(req.params.cid, req.params.index); // throws MeshError bad_cid / bad_request
 */
export function checkLocation(cid: unknown, index: unknown): number {
  if (!isMeshCid(cid)) throw new MeshError("bad_cid", `not a mesh CID: ${JSON.stringify(String(cid).slice(0, 80))}`);
  const text = typeof index === "number" ? String(index) : index;
  if (typeof text !== "string" || !/^(0|[1-9]\d{0,5})$/.test(text)) {
    throw new MeshError("bad_request", `slice index must be an integer 0..${MAX_SLICE_INDEX}, got ${JSON.stringify(String(index).slice(0, 20))}`);
  }
  return Number(text);
}

/** Runs `fn` once every earlier task of the same key has finished. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch (e) {
    // Some file systems refuse fsync on directories; the rename is still atomic.
    if (errno(e) !== "EINVAL" && errno(e) !== "EISDIR" && errno(e) !== "EBADF") throw e;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

async function hashFile(path: string): Promise<{ root: string; size: number }> {
  const h = new FileHasher();
  let size = 0;
  for await (const part of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = part as Buffer;
    size += buf.length;
    if (size > SLICE_SIZE) return { root: "", size };
    h.update(buf);
  }
  if (size === 0) return { root: "", size };
  return { root: Buffer.from(h.digest().root).toString("hex"), size };
}

/**
 * The slices of one resource node on disk:
 *
 * - `<dataDir>/slices/<cid>/<index>`: the slice bytes, exactly as uploaded;
 * - `<dataDir>/slices/<cid>/<index>.meta`: `{"root","size"}` recorded when the slice was verified;
 * - `<dataDir>/slices/<cid>/.tmp-*`: a write in progress (removed on failure and at start);
 * - `<dataDir>/quarantine/<cid>.<index>.<time>`: slices found corrupt, kept for inspection.
 *
 * A write goes to a temporary file in the slice's folder while it is hashed; only once its size
 * and slice root match is it fsynced and renamed into place (then the folder is fsynced), so a
 * reader or a crash never sees a partial slice.
 *
 * @example
 * const store = await SliceStore.open({ dataDir: "/var/rn", capacityBytes: 10 * 2 ** 30 });
 * await store.write(cid, 0, request.raw, { root: ticket.slice_root, size: 8388608 });
 */
export class SliceStore {
  readonly slicesDir: string;
  readonly quarantineDir: string;
  readonly capacityBytes: number;
  private used = 0;
  /** Size of every stored slice as counted in `used`, by `cid/index`. */
  private readonly sizes = new Map<string, number>();
  private reserved = 0;
  private unwritable: string | undefined;
  /** Slices hashed and found good since this process started. */
  private readonly verified = new Set<string>();
  /** Slices found corrupt that could not be moved away: never served again. */
  private readonly bad = new Set<string>();
  private readonly lock = new KeyedLock();

  private constructor(
    readonly dataDir: string,
    capacityBytes: number,
    private readonly onCorrupt: CorruptionListener | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.slicesDir = join(dataDir, "slices");
    this.quarantineDir = join(dataDir, "quarantine");
    this.capacityBytes = capacityBytes;
  }

  /**
   * Opens (creating when missing) the store, removes leftovers of interrupted writes and counts
   * what is stored. A data directory that cannot be written is not fatal: the store serves what it
   * has and refuses writes with a clear error (`writableError`).
   */
  static async open(options: SliceStoreOptions): Promise<SliceStore> {
    const store = new SliceStore(options.dataDir, options.capacityBytes, options.onCorrupt, options.warn ?? (() => undefined));
    await store.scan();
    await store.probeWritable();
    return store;
  }

  /** Bytes of stored slices. */
  get usedBytes(): number {
    return this.used;
  }

  /** Number of stored slices. */
  get sliceCount(): number {
    return this.sizes.size;
  }

  /** Why writes are refused, or undefined when the data directory is writable. */
  get writableError(): string | undefined {
    return this.unwritable;
  }

  /** Records the size of a stored slice (undefined: removed) and keeps `used` in step. */
  private count(key: string, size: number | undefined): void {
    this.used -= this.sizes.get(key) ?? 0;
    if (size === undefined) this.sizes.delete(key);
    else {
      this.sizes.set(key, size);
      this.used += size;
    }
  }

  private async scan(): Promise<void> {
    let cids: string[];
    try {
      cids = await readdir(this.slicesDir);
    } catch (e) {
      if (errno(e) === "ENOENT") return;
      throw e;
    }
    for (const cid of cids) {
      if (cid.startsWith(".probe-")) {
        await unlink(join(this.slicesDir, cid)).catch(() => undefined);
        continue;
      }
      if (!isMeshCid(cid)) {
        this.warn(`ignoring ${join(this.slicesDir, cid)}: not a mesh CID`);
        continue;
      }
      const dir = join(this.slicesDir, cid);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      const set = new Set(names);
      for (const name of names) {
        const path = join(dir, name);
        if (name.startsWith(".tmp-")) {
          await unlink(path).catch(() => undefined);
        } else if (name.endsWith(".meta")) {
          if (!set.has(name.slice(0, -5))) await unlink(path).catch(() => undefined);
        } else if (/^(0|[1-9]\d{0,5})$/.test(name)) {
          const st = await stat(path).catch(() => undefined);
          if (st?.isFile()) this.count(`${cid}/${name}`, st.size);
        } else {
          this.warn(`ignoring ${path}: not a slice file`);
        }
      }
    }
  }

  /** Tries to create and remove a file in the slices folder; records the reason when it fails. */
  private async probeWritable(): Promise<void> {
    const probe = join(this.slicesDir, `.probe-${randomBytes(6).toString("hex")}`);
    try {
      await mkdir(this.slicesDir, { recursive: true });
      await mkdir(this.quarantineDir, { recursive: true });
      const fh = await open(probe, "wx");
      await fh.close();
      await unlink(probe);
      this.unwritable = undefined;
    } catch (e) {
      this.unwritable = `data directory ${this.dataDir} is not writable (${errno(e) ?? (e as Error).message}); serving stored slices only`;
      this.warn(this.unwritable);
    }
  }

  private unwritableError(): MeshError {
    return new MeshError("disk_full", this.unwritable ?? `data directory ${this.dataDir} is not writable`, { status: 507 });
  }

  private fsError(e: unknown, what: string): unknown {
    const code = errno(e);
    if (code && FULL.has(code)) return new MeshError("disk_full", `disk full while ${what} (${code})`);
    if (code && UNWRITABLE.has(code)) {
      this.unwritable = `data directory ${this.dataDir} is not writable (${code} while ${what}); serving stored slices only`;
      this.warn(this.unwritable);
      return this.unwritableError();
    }
    return e;
  }

  /**
   * An error creating a slice's files: a known full or unwritable code as {@link fsError} maps it,
   * else a re-probe of the data directory says why (a read-only remount shows up as ENOENT from a
   * recursive mkdir, for one); an error the probe cannot explain is passed on.
   */
  private async createError(e: unknown): Promise<unknown> {
    const mapped = this.fsError(e, "creating a slice file");
    if (mapped !== e) return mapped;
    await this.probeWritable();
    return this.unwritable !== undefined ? this.unwritableError() : e;
  }

  private paths(cid: string, index: number): { dir: string; data: string; meta: string } {
    const dir = join(this.slicesDir, cid);
    return { dir, data: join(dir, String(index)), meta: join(dir, `${index}.meta`) };
  }

  /**
   * Throws MeshError `disk_full` unless a slice of `size` bytes fits the quota and the disk takes
   * writes (re-probed when it did not, so a fixed disk is noticed without a restart).
   */
  async checkCanStore(size: number): Promise<void> {
    if (this.unwritable !== undefined) {
      await this.probeWritable();
      if (this.unwritable !== undefined) throw this.unwritableError();
    }
    if (this.used + this.reserved + size > this.capacityBytes) {
      throw new MeshError("disk_full", `no room for ${size} bytes: ${this.used + this.reserved} of ${this.capacityBytes} bytes used`);
    }
  }

  /**
   * Streams a slice from `source` to disk while hashing it, and keeps it only when it has exactly
   * `expect.size` bytes and slice root `expect.root`. Throws MeshError: `too_large` (more bytes than
   * expected; reading stops there), `bad_request` (fewer), `hash_mismatch`, `disk_full` (quota,
   * full or unwritable disk), `bad_cid`. On any failure nothing is left on disk.
   *
   * @example
   * await store.write(cid, 3, request.raw, { root: ticket.slice_root, size: Number(ticket.slice_size) });
   */
  async write(cid: string, index: number, source: AsyncIterable<Uint8Array>, expect: SliceRecord): Promise<void> {
    checkLocation(cid, index);
    if (!/^[0-9a-f]{64}$/.test(expect.root)) throw new MeshError("bad_request", "expected slice root must be 32 bytes of lowercase hex");
    if (!Number.isSafeInteger(expect.size) || expect.size < 1 || expect.size > SLICE_SIZE) {
      throw new MeshError("too_large", `slice size must be 1..${SLICE_SIZE} bytes, got ${expect.size}`);
    }
    await this.checkCanStore(expect.size);
    this.reserved += expect.size;
    const { dir, data, meta } = this.paths(cid, index);
    const tmp = join(dir, `.tmp-${index}-${randomBytes(8).toString("hex")}`);
    const tmpMeta = `${tmp}.meta`;
    let fh: FileHandle | undefined;
    try {
      try {
        await mkdir(dir, { recursive: true });
        fh = await open(tmp, "wx", 0o644);
      } catch (e) {
        throw await this.createError(e);
      }
      const hasher = new FileHasher();
      let size = 0;
      for await (const part of source) {
        const bytes = part instanceof Uint8Array ? part : Buffer.from(part as ArrayBuffer);
        size += bytes.length;
        if (size > expect.size) throw new MeshError("too_large", `body is longer than the ${expect.size} bytes of the slice`);
        hasher.update(bytes);
        try {
          await fh.write(bytes);
        } catch (e) {
          throw this.fsError(e, "writing a slice");
        }
      }
      if (size !== expect.size) throw new MeshError("bad_request", `body has ${size} bytes, the slice has ${expect.size}`);
      const root = Buffer.from(hasher.digest().root).toString("hex");
      if (root !== expect.root) throw new MeshError("hash_mismatch", `slice root of the body is ${root}, expected ${expect.root}`);
      try {
        await fh.sync();
        await fh.close();
        fh = undefined;
        const mh = await open(tmpMeta, "wx", 0o644);
        try {
          await mh.writeFile(JSON.stringify({ root, size } satisfies SliceRecord));
          await mh.sync();
        } finally {
          await mh.close();
        }
      } catch (e) {
        throw this.fsError(e, "syncing a slice");
      }
      const key = `${cid}/${index}`;
      await this.lock.run(key, async () => {
        try {
          await rename(tmpMeta, meta);
          await rename(tmp, data);
          await fsyncDir(dir);
        } catch (e) {
          throw this.fsError(e, "renaming a slice into place");
        }
        this.count(key, size);
        this.verified.add(key);
        this.bad.delete(key);
      });
    } finally {
      this.reserved -= expect.size;
      await fh?.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      await unlink(tmpMeta).catch(() => undefined);
    }
  }

  /**
   * The recorded root and size of a stored slice, or undefined when it is not stored. A slice file
   * without its `.meta` record (copied in by hand) gets `root: ""`.
   */
  async stat(cid: string, index: number): Promise<SliceRecord | undefined> {
    checkLocation(cid, index);
    const { data, meta } = this.paths(cid, index);
    if (this.bad.has(`${cid}/${index}`)) return undefined;
    const st = await stat(data).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    try {
      const rec = JSON.parse(await readFile(meta, "utf8")) as Partial<SliceRecord>;
      if (typeof rec.root === "string" && /^[0-9a-f]{64}$/.test(rec.root) && typeof rec.size === "number") return { root: rec.root, size: st.size };
    } catch {
      // no or unreadable record: the caller checks against the ticket's root
    }
    return { root: "", size: st.size };
  }

  /**
   * Opens a stored slice for reading. The whole slice is re-hashed on every full read and on the
   * first read of it after start; when its root is not `expectedRoot` (or the recorded root) it is
   * moved to quarantine, reported and MeshError `corrupt` is thrown. Throws `not_found` when absent,
   * and `bad_ticket` (409) when `expectedRoot` differs from the root recorded at upload.
   *
   * @example
   * const { stream, start, end, total } = await store.read(cid, 0, { range: { start: 0, end: 1023 }, expectedRoot });
   */
  async read(cid: string, index: number, options: { range?: ByteRange; expectedRoot?: string } = {}): Promise<SliceReadResult> {
    const rec = await this.stat(cid, index);
    if (!rec) throw new MeshError("not_found", `slice ${index} of ${cid} is not stored here`);
    const expected = options.expectedRoot?.toLowerCase();
    if (rec.root && expected && rec.root !== expected) {
      throw new MeshError("bad_ticket", `the ticket names slice root ${expected}, the stored slice has ${rec.root}`, { status: 409 });
    }
    const root = rec.root || expected;
    if (!root) throw new MeshError("bad_request", "no slice root to check the stored slice against");
    const range = options.range ?? { start: 0, end: rec.size - 1 };
    if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start || range.end >= rec.size) {
      throw new MeshError("bad_request", `range ${range.start}-${range.end} is not within the ${rec.size} bytes of the slice`, { status: 416 });
    }
    const full = range.start === 0 && range.end === rec.size - 1;
    const key = `${cid}/${index}`;
    if (full || !this.verified.has(key)) await this.verify(cid, index, root);
    const { data } = this.paths(cid, index);
    let stream: ReadStream;
    try {
      stream = createReadStream(data, { start: range.start, end: range.end, highWaterMark: 1 << 20 });
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", reject);
      });
    } catch (e) {
      if (errno(e) === "ENOENT") throw new MeshError("not_found", `slice ${index} of ${cid} is not stored here`);
      throw e;
    }
    return { stream, start: range.start, end: range.end, total: rec.size, root };
  }

  /**
   * Re-hashes a stored slice against `root`; on a mismatch quarantines it, reports it and throws
   * MeshError `corrupt`.
   */
  async verify(cid: string, index: number, root: string): Promise<void> {
    const { data } = this.paths(cid, index);
    const key = `${cid}/${index}`;
    let actual: { root: string; size: number };
    try {
      actual = await hashFile(data);
    } catch (e) {
      if (errno(e) === "ENOENT") throw new MeshError("not_found", `slice ${index} of ${cid} is not stored here`);
      throw e;
    }
    if (actual.root === root) {
      this.verified.add(key);
      return;
    }
    this.verified.delete(key);
    const quarantinedTo = await this.quarantine(cid, index);
    this.onCorrupt?.({ cid, index, expected: root, actual: actual.root, quarantinedTo });
    throw new MeshError("corrupt", `slice ${index} of ${cid} is corrupt on disk (root ${actual.root || "unknown"}, expected ${root}); it was quarantined`);
  }

  /** Moves a slice (and its record) to the quarantine folder; returns where, or undefined if it could not. */
  private async quarantine(cid: string, index: number): Promise<string | undefined> {
    const key = `${cid}/${index}`;
    return this.lock.run(key, async () => {
      const { dir, data, meta } = this.paths(cid, index);
      const st = await stat(data).catch(() => undefined);
      if (!st) return undefined;
      const target = join(this.quarantineDir, `${cid}.${index}.${Date.now()}`);
      try {
        await mkdir(this.quarantineDir, { recursive: true });
        await rename(data, target);
        await rename(meta, `${target}.meta`).catch(() => unlink(meta).catch(() => undefined));
        await fsyncDir(dir);
        await fsyncDir(this.quarantineDir);
      } catch (e) {
        this.warn(`could not quarantine ${data}: ${(e as Error).message}; it will not be served`);
        this.bad.add(key);
        return undefined;
      }
      this.count(key, undefined);
      return target;
    });
  }
}
