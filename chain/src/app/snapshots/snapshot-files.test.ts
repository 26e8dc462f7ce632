import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sha256 } from "../../types/hash";
import { SnapshotFiles } from "./snapshot-files";
import { parseMetadata } from "./snapshot-format";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-snapfiles-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function write(files: SnapshotFiles, height: bigint, chunks: string[]) {
  const w = files.begin(height);
  for (const c of chunks) await w.addChunk(new TextEncoder().encode(c));
  return w.finish();
}

describe("SnapshotFiles", () => {
  it("lists complete snapshots newest first, serves their chunks, and their metadata checks out", async () => {
    const files = new SnapshotFiles(dir);
    const s10 = await write(files, 10n, ["a", "b"]);
    await write(files, 20n, ["c"]);
    const listed = files.list();
    expect(listed.map((s) => [s.height, s.chunks])).toEqual([
      [20n, 1],
      [10n, 2],
    ]);
    expect(listed[1]!.hash).toEqual(s10.hash);
    expect(parseMetadata(listed[1]!.metadata, 2, listed[1]!.hash)).toEqual([sha256(new TextEncoder().encode("a")), sha256(new TextEncoder().encode("b"))]);
    expect(Buffer.from(files.chunk(10n, 1)!).toString()).toBe("b");
    expect(files.chunk(10n, 2)).toBeUndefined();
    expect(files.chunk(11n, 0)).toBeUndefined();
    expect(files.chunk(10n, -1)).toBeUndefined();
  });

  it("does not list or serve a snapshot still being written, and deletes partial ones on open", async () => {
    const files = new SnapshotFiles(dir);
    const w = files.begin(30n);
    await w.addChunk(Uint8Array.of(1));
    expect(files.list()).toEqual([]);
    expect(files.chunk(30n, 0)).toBeUndefined();
    // A crash here leaves the partial folder; the next open removes it.
    new SnapshotFiles(dir);
    expect(existsSync(path.join(dir, ".partial-" + "30".padStart(20, "0")))).toBe(false);
  });

  it("ignores stray folders and keeps only the newest on prune", async () => {
    const files = new SnapshotFiles(dir);
    mkdirSync(path.join(dir, "not-a-height"));
    writeFileSync(path.join(dir, "README"), "x");
    for (const h of [5n, 6n, 7n]) await write(files, h, ["x"]);
    await write(files, 8n, ["x"]);
    // 5 and 6 are past the newest two; 5 is still being fetched by a peer.
    expect(files.prune(2, (h) => h === 5n)).toEqual([6n]);
    expect(files.heights()).toEqual([8n, 7n, 5n]);
    expect(files.prune(2)).toEqual([5n]);
    expect(files.heights()).toEqual([8n, 7n]);
  });
});
