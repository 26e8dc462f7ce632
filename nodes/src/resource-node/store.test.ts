import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MeshError } from "@stratos/sdk";
import { SliceStore, checkLocation } from "./store";
import { makeSlice, tempDir } from "./test-helpers";

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}

async function* failing(first: Uint8Array): AsyncGenerator<Uint8Array> {
  yield first;
  throw new Error("client went away");
}

describe("SliceStore", () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.remove());

  it("checkLocation accepts mesh CIDs and small integer indexes only", () => {
    const { cid } = makeSlice(10);
    expect(checkLocation(cid, "0")).toBe(0);
    expect(checkLocation(cid, "999999")).toBe(999999);
    expect(checkLocation(cid, 7)).toBe(7);
    for (const [c, i] of [
      ["..", "0"],
      [`${cid}/..`, "0"],
      [`../${cid}`, "0"],
      [cid, "../0"],
      [cid, "0/../../x"],
      [cid, "1000000"],
      [cid, "00"],
      [cid, " 1"],
      [cid, "0x1"],
      [cid, ""],
      ["", "0"],
    ]) {
      expect(() => checkLocation(c, i)).toThrow(MeshError);
    }
  });

  it("writes atomically: a failed or wrong write leaves no file", async () => {
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000 });
    const s = makeSlice();
    const expect_ = { root: s.root, size: s.bytes.length };
    await expect(store.write(s.cid, 0, failing(s.bytes.subarray(0, 1000)), expect_)).rejects.toThrow("client went away");
    await expect(store.write(s.cid, 0, chunks(s.bytes.subarray(0, 1000)), expect_)).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.write(s.cid, 0, chunks(s.bytes, new Uint8Array(1)), expect_)).rejects.toMatchObject({ code: "too_large" });
    const wrong = Buffer.from(s.bytes);
    wrong[0] = wrong[0]! ^ 1;
    await expect(store.write(s.cid, 0, chunks(wrong), expect_)).rejects.toMatchObject({ code: "hash_mismatch" });
    expect(await readdir(join(dir.path, "slices", s.cid))).toEqual([]);
    expect(store.usedBytes).toBe(0);
    expect(store.sliceCount).toBe(0);
    // Split any way, the same bytes are accepted.
    await store.write(s.cid, 0, chunks(s.bytes.subarray(0, 7), s.bytes.subarray(7, 300_000), s.bytes.subarray(300_000)), expect_);
    expect((await readdir(join(dir.path, "slices", s.cid))).sort()).toEqual(["0", "0.meta"]);
    expect(await store.stat(s.cid, 0)).toEqual(expect_);
  });

  it("counts a slice written twice (or concurrently) once", async () => {
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000 });
    const s = makeSlice();
    const e = { root: s.root, size: s.bytes.length };
    await Promise.all([store.write(s.cid, 0, chunks(s.bytes), e), store.write(s.cid, 0, chunks(s.bytes), e), store.write(s.cid, 0, chunks(s.bytes), e)]);
    expect(store.sliceCount).toBe(1);
    expect(store.usedBytes).toBe(s.bytes.length);
    expect((await readdir(join(dir.path, "slices", s.cid))).sort()).toEqual(["0", "0.meta"]);
  });

  it("counts reservations of writes under way against the quota", async () => {
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 1_000_000 });
    const a = makeSlice(600_000);
    const b = makeSlice(600_000);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<Uint8Array> {
      await gate;
      yield a.bytes;
    }
    const first = store.write(a.cid, 0, slow(), { root: a.root, size: a.bytes.length });
    await new Promise((r) => setTimeout(r, 20));
    await expect(store.write(b.cid, 0, chunks(b.bytes), { root: b.root, size: b.bytes.length })).rejects.toMatchObject({ code: "disk_full", status: 507 });
    release();
    await first;
    expect(store.usedBytes).toBe(600_000);
  });

  it("cleans leftovers of interrupted writes at start and counts what is stored", async () => {
    const s = makeSlice();
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000 });
    await store.write(s.cid, 3, chunks(s.bytes), { root: s.root, size: s.bytes.length });
    const cidDir = join(dir.path, "slices", s.cid);
    await writeFile(join(cidDir, ".tmp-4-deadbeef"), "partial");
    await writeFile(join(cidDir, ".tmp-4-deadbeef.meta"), "{}");
    await writeFile(join(cidDir, "5.meta"), JSON.stringify({ root: s.root, size: 1 }));
    await writeFile(join(dir.path, "slices", ".probe-abc"), "");
    await mkdir(join(dir.path, "slices", "not-a-cid"));
    const warnings: string[] = [];
    const again = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000, warn: (m) => warnings.push(m) });
    expect((await readdir(cidDir)).sort()).toEqual(["3", "3.meta"]);
    expect(again.sliceCount).toBe(1);
    expect(again.usedBytes).toBe(s.bytes.length);
    expect(warnings.join("\n")).toMatch(/not-a-cid/);
    const r = await again.read(s.cid, 3, { expectedRoot: s.root });
    const parts: Buffer[] = [];
    for await (const p of r.stream) parts.push(p as Buffer);
    expect(Buffer.concat(parts).equals(s.bytes)).toBe(true);
  });

  it("refuses to serve a slice whose root differs from the ticket's without quarantining it", async () => {
    const s = makeSlice();
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000 });
    await store.write(s.cid, 0, chunks(s.bytes), { root: s.root, size: s.bytes.length });
    await expect(store.read(s.cid, 0, { expectedRoot: "ab".repeat(32) })).rejects.toMatchObject({ code: "bad_ticket", status: 409 });
    expect(store.sliceCount).toBe(1);
  });

  it("quarantines a truncated slice", async () => {
    const s = makeSlice();
    const events: unknown[] = [];
    const store = await SliceStore.open({ dataDir: dir.path, capacityBytes: 10_000_000, onCorrupt: (e) => events.push(e) });
    await store.write(s.cid, 0, chunks(s.bytes), { root: s.root, size: s.bytes.length });
    await writeFile(join(dir.path, "slices", s.cid, "0"), s.bytes.subarray(0, 100));
    await expect(store.read(s.cid, 0, { expectedRoot: s.root })).rejects.toMatchObject({ code: "corrupt", status: 500 });
    expect(events).toHaveLength(1);
    expect(store.sliceCount).toBe(0);
    expect(store.usedBytes).toBe(0);
    expect(await readdir(join(dir.path, "slices", s.cid))).toEqual([]);
    expect((await readdir(join(dir.path, "quarantine"))).length).toBe(2);
  });
});
