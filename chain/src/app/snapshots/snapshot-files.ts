/**
 * The snapshots a node serves, on disk: `<dir>/<height, 20 digits>/` holding `metadata` and
 * `chunk-<index>` files. A snapshot is written under `<dir>/.partial-<height>/` and renamed
 * into place when complete, so a crash leaves either a whole snapshot or a partial folder,
 * which the next open deletes: a folder named by a height is always complete.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../../types/hash";
import { encodeMetadata, SNAPSHOT_FORMAT, snapshotHash } from "./snapshot-format";

/** A stored snapshot, as ABCI's `Snapshot` describes it. */
export interface StoredSnapshot {
  readonly height: bigint;
  readonly format: number;
  readonly chunks: number;
  readonly hash: Uint8Array;
  readonly metadata: Uint8Array;
}

const HEIGHT_DIR = /^\d{20}$/;
const PARTIAL_PREFIX = ".partial-";

function heightDir(height: bigint): string {
  return height.toString().padStart(20, "0");
}

/** A snapshot being written: chunks are added in order, then {@link SnapshotWriter.finish} publishes it. */
export class SnapshotWriter {
  private readonly hashes: Uint8Array[] = [];

  constructor(
    private readonly files: SnapshotFiles,
    readonly height: bigint,
    private readonly folder: string,
  ) {}

  async addChunk(chunk: Uint8Array): Promise<void> {
    await writeFile(path.join(this.folder, `chunk-${this.hashes.length}`), chunk);
    this.hashes.push(sha256(chunk));
  }

  /** Writes the metadata and renames the folder into place. */
  async finish(): Promise<StoredSnapshot> {
    if (this.hashes.length === 0) throw new Error(`snapshot at height ${this.height} has no chunks`);
    const metadata = encodeMetadata(this.hashes);
    await writeFile(path.join(this.folder, "metadata"), metadata);
    renameSync(this.folder, this.files.folderOf(this.height));
    return this.files.described(this.height, metadata);
  }

  /** Deletes what was written. */
  abandon(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** The folder of snapshots. */
export class SnapshotFiles {
  /** Snapshots already described (metadata read and hashed once, not at every ListSnapshots). */
  private readonly known = new Map<bigint, StoredSnapshot>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (name.startsWith(PARTIAL_PREFIX)) rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }

  folderOf(height: bigint): string {
    return path.join(this.dir, heightDir(height));
  }

  /** Starts writing the snapshot of `height` (replacing a partial one). */
  begin(height: bigint): SnapshotWriter {
    const folder = path.join(this.dir, PARTIAL_PREFIX + heightDir(height));
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    return new SnapshotWriter(this, height, folder);
  }

  /** Heights of the complete snapshots, newest first. */
  heights(): bigint[] {
    return readdirSync(this.dir)
      .filter((name) => HEIGHT_DIR.test(name))
      .map((name) => BigInt(name))
      .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  }

  /** The stored snapshots, newest first. */
  list(): StoredSnapshot[] {
    return this.heights().map((height) => this.known.get(height) ?? this.described(height, new Uint8Array(readFileSync(path.join(this.folderOf(height), "metadata")))));
  }

  /** The description of the snapshot at `height` with this metadata, remembered. */
  described(height: bigint, metadata: Uint8Array): StoredSnapshot {
    const s: StoredSnapshot = { height, format: SNAPSHOT_FORMAT, chunks: metadata.length / 32, hash: snapshotHash(metadata), metadata };
    this.known.set(height, s);
    return s;
  }

  /** Chunk `index` of the snapshot at `height`, or undefined when there is no such chunk. */
  chunk(height: bigint, index: number): Uint8Array | undefined {
    if (!Number.isInteger(index) || index < 0) return undefined;
    try {
      return new Uint8Array(readFileSync(path.join(this.folderOf(height), `chunk-${index}`)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  /** Deletes all but the `keep` newest snapshots, except those `inUse` names; returns the heights deleted. */
  prune(keep: number, inUse: (height: bigint) => boolean = () => false): bigint[] {
    const old = this.heights()
      .slice(Math.max(0, keep))
      .filter((h) => !inUse(h));
    for (const h of old) {
      rmSync(this.folderOf(h), { recursive: true, force: true });
      this.known.delete(h);
    }
    return old;
  }
}
