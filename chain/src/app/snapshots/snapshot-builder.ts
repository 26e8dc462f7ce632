/**
 * Takes state-sync snapshots in the background: after the commit of every `interval`-th
 * height, the state of that height is read from the versioned tree (which later commits do
 * not change) in slices, yielding to the event loop between them so blocks keep being made,
 * and written through {@link SnapshotFiles}. One snapshot is built at a time; a height that
 * comes due while one is being built is skipped (the next one is taken). A snapshot that falls
 * out of the newest `keepRecent` is kept while a peer may still fetch it (advertised to a peer
 * or a chunk served in the last `servingGraceMs`): a joining node picks a snapshot seconds
 * after discovering it, and CometBFT would otherwise ask for the deleted chunk forever.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { CommitStore } from "../../store/commit-store";
import { ChunkWriter, DEFAULT_CHUNK_BYTES } from "./snapshot-format";
import { SnapshotFiles, type StoredSnapshot } from "./snapshot-files";

/** How a node takes snapshots. */
export interface SnapshotOptions {
  /** Folder of the snapshots. */
  readonly dir: string;
  /** Take one at every height divisible by this (0: take none; the node can still restore). */
  readonly interval: number;
  /** Snapshots kept (the newest ones). Default 2. */
  readonly keepRecent?: number;
  /** Chunk size (default 4 MiB). Nodes of a net should agree, or their snapshots differ. */
  readonly chunkBytes?: number;
  /** Entries read between two yields to the event loop. Default 2,000. */
  readonly sliceEntries?: number;
  /** How long after being listed to a peer or serving a chunk a snapshot counts as in use (not pruned). Default 120 s. */
  readonly servingGraceMs?: number;
}

/** Builds and keeps the snapshots of one node. */
export class SnapshotBuilder {
  readonly files: SnapshotFiles;
  private building: Promise<void> | undefined;
  private closed = false;
  /** When each snapshot was last listed to a peer or had a chunk served (wall clock; not consensus state). */
  private readonly lastServed = new Map<bigint, number>();

  constructor(
    private readonly store: CommitStore,
    private readonly options: SnapshotOptions,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    if (!Number.isSafeInteger(options.interval) || options.interval < 0) throw new RangeError(`snapshot interval must be a whole number >= 0, got ${options.interval}`);
    this.files = new SnapshotFiles(options.dir);
  }

  /** Called after each commit: starts a snapshot of `height` if one is due and none is being built. */
  afterCommit(height: bigint): void {
    const { interval } = this.options;
    if (this.closed || interval === 0 || height % BigInt(interval) !== 0n) return;
    if (this.building) {
      this.log(`snapshot at height ${height} skipped: the previous one is still being written`);
      return;
    }
    this.building = this.build(height)
      .then((s) => {
        if (s) this.log(`snapshot at height ${s.height}: ${s.chunks} chunk(s), hash ${Buffer.from(s.hash).toString("hex").slice(0, 16)}`);
      })
      .catch((e: unknown) => this.log(`snapshot at height ${height} failed: ${(e as Error).message}`))
      .finally(() => {
        this.building = undefined;
      });
  }

  /** The snapshots kept, newest first, for a peer (ListSnapshots); marks them in use. */
  serveList(): StoredSnapshot[] {
    const list = this.files.list();
    const now = Date.now();
    for (const s of list) this.lastServed.set(s.height, now);
    return list;
  }

  /** Chunk `index` of the snapshot at `height` for a peer (undefined when there is none); marks the snapshot in use. */
  serveChunk(height: bigint, index: number): Uint8Array | undefined {
    const chunk = this.files.chunk(height, index);
    if (chunk) this.lastServed.set(height, Date.now());
    return chunk;
  }

  /** Deletes the snapshots beyond the newest `keepRecent` that no peer fetched from lately. */
  prune(): bigint[] {
    const grace = this.options.servingGraceMs ?? 120_000;
    const now = Date.now();
    const deleted = this.files.prune(this.options.keepRecent ?? 2, (h) => now - (this.lastServed.get(h) ?? -Infinity) < grace);
    for (const h of deleted) this.lastServed.delete(h);
    return deleted;
  }

  /** Resolves when no snapshot is being built (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.building) await this.building;
  }

  /** Builds the snapshot of `height` now (undefined if closed meanwhile). */
  async build(height: bigint): Promise<StoredSnapshot | undefined> {
    const writer = this.files.begin(height);
    try {
      const chunks = new ChunkWriter(this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
      const slice = this.options.sliceEntries ?? 2_000;
      let n = 0;
      for (const [key, value] of this.store.entriesAt(height)) {
        const done = chunks.add(key, value);
        if (done) await writer.addChunk(done);
        if (++n % slice === 0) {
          await nextTurn();
          if (this.closed) {
            writer.abandon();
            return undefined;
          }
        }
      }
      const last = chunks.flush();
      if (last) await writer.addChunk(last);
      const snapshot = await writer.finish();
      this.prune();
      return snapshot;
    } catch (e) {
      writer.abandon();
      throw e;
    }
  }

  /** Stops: a snapshot being built is abandoned at its next slice. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
