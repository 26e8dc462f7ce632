import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CommitStore } from "../../store/commit-store";
import { SnapshotBuilder, type SnapshotOptions } from "./snapshot-builder";

let dir: string;
let store: CommitStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-snapbuilder-"));
  store = CommitStore.open(path.join(dir, "state"), { noSync: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const enc = new TextEncoder();
/** Commits heights up to `to`, each writing `perHeight` keys. */
function commitUpTo(to: bigint, perHeight = 10): void {
  for (let h = store.lastCommit().height + 1n; h <= to; h++) {
    store.stage(Array.from({ length: perHeight }, (_, i) => [enc.encode(`k${h}-${i}`), enc.encode(`v${h}`)] as const));
    store.commit(h);
  }
}

function builder(options: Partial<SnapshotOptions> = {}): SnapshotBuilder {
  return new SnapshotBuilder(store, { dir: path.join(dir, "snapshots"), interval: 2, ...options });
}

describe("SnapshotBuilder", () => {
  it("takes a snapshot at every interval-th height, and none in between", async () => {
    const b = builder({ keepRecent: 5 });
    for (let h = 1n; h <= 6n; h++) {
      commitUpTo(h);
      b.afterCommit(h);
      await b.idle();
    }
    expect(b.files.heights()).toEqual([6n, 4n, 2n]);
  });

  it("skips a height that comes due while the previous snapshot is still being written", async () => {
    const b = builder({ keepRecent: 5, sliceEntries: 1 });
    commitUpTo(4n, 200);
    b.afterCommit(2n);
    b.afterCommit(4n);
    await b.idle();
    expect(b.files.heights()).toEqual([2n]);
  });

  it("keeps a snapshot past keepRecent while a peer is fetching it, and prunes it once the grace is over", async () => {
    const b = builder({ keepRecent: 1, servingGraceMs: 300 });
    commitUpTo(2n);
    b.afterCommit(2n);
    await b.idle();
    expect(b.serveChunk(2n, 0)).toBeDefined();
    commitUpTo(4n);
    b.afterCommit(4n);
    await b.idle();
    expect(b.files.heights()).toEqual([4n, 2n]);
    await new Promise((r) => setTimeout(r, 350));
    commitUpTo(6n);
    b.afterCommit(6n);
    await b.idle();
    expect(b.files.heights()).toEqual([6n]);
    expect(b.serveChunk(2n, 0)).toBeUndefined();
  });

  it("keeps a snapshot listed to a peer (which picks one seconds later) past keepRecent", async () => {
    const b = builder({ keepRecent: 1, servingGraceMs: 60_000 });
    commitUpTo(2n);
    b.afterCommit(2n);
    await b.idle();
    expect(b.serveList().map((s) => s.height)).toEqual([2n]);
    commitUpTo(4n);
    b.afterCommit(4n);
    await b.idle();
    expect(b.files.heights()).toEqual([4n, 2n]);
    // Not listed since: 4 is the newest, and 2 is still protected; a snapshot nobody asked for is pruned.
    commitUpTo(6n);
    b.afterCommit(6n);
    await b.idle();
    expect(b.files.heights()).toEqual([6n, 2n]);
  });

  it("close() abandons a snapshot being written and leaves no partial files", async () => {
    const b = builder({ sliceEntries: 1 });
    commitUpTo(2n, 500);
    b.afterCommit(2n);
    await b.close();
    expect(b.files.heights()).toEqual([]);
    expect(readdirSync(path.join(dir, "snapshots"))).toEqual([]);
    b.afterCommit(2n);
    await b.idle();
    expect(b.files.heights()).toEqual([]);
  });

  it("refuses a negative or fractional interval", () => {
    expect(() => builder({ interval: -1 })).toThrow(RangeError);
    expect(() => builder({ interval: 1.5 })).toThrow(RangeError);
  });
});
