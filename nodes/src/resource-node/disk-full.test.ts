/**
 * A resource node on a real full disk and a real read-only file system: its data folder is a small
 * tmpfs (3 MiB) while its quota is far larger, so the file system itself runs out. New slices are
 * refused with 507 `disk_full` naming the cause, nothing half-written stays on disk, the slices it
 * holds are still served, and once the file system takes writes again so does the node (no
 * restart). Needs root (mount): otherwise the test is reported as skipped (not as passed), with why.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResourceNodeHandle } from "./index";
import { diskSnapshot, get, getTicket, makeSlice, put, putTicket, startFakeMeta, startNode, tempDir, type FakeMeta } from "./test-helpers";

const MiB = 1024 * 1024;

function tryMount(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return "not running as root";
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m,mode=0755", "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (e) {
    return `mount -t tmpfs failed: ${(e as Error).message.split("\n")[0]}`;
  }
}

/**
 * Why this machine cannot run the test, or undefined when it can: decided while jest collects the
 * test (a tmpfs mounted and unmounted at once), so that the test is declared skipped rather than
 * passing without having run.
 */
function cannotMount(): string | undefined {
  const probe = mkdtempSync(join(tmpdir(), "rn-mount-probe-"));
  try {
    const why = tryMount(probe);
    if (!why) execFileSync("umount", [probe]);
    return why;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const skip = cannotMount();
if (skip) console.warn(`disk-full test skipped: ${skip}`);

describe("resource node on a full or read-only disk", () => {
  let meta: FakeMeta | undefined;
  let dir: { path: string; remove(): Promise<void> } | undefined;
  let mounted = false;
  let node: ResourceNodeHandle | undefined;

  afterAll(async () => {
    await node?.close();
    await meta?.close();
    if (mounted) execFileSync("umount", [dir!.path]);
    await dir?.remove();
  });

  (skip ? it.skip : it)("refuses slices with 507 when the file system is full or read-only, keeps nothing partial, and keeps serving", async () => {
    const fake = (meta = await startFakeMeta());
    const data = (dir = await tempDir());
    const why = tryMount(data.path);
    if (why) throw new Error(`the probe mounted a tmpfs, now ${why}`);
    mounted = true;
    node = await startNode(fake, data.path, 9, { capacityBytes: 64 * MiB });
    const n = node;
    const ticketFor = (s: ReturnType<typeof makeSlice>) => ({ cid: s.cid, root: s.root, size: s.bytes.length, node: n.address });
    const a = makeSlice(MiB);
    const b = makeSlice(MiB + MiB / 2);
    expect((await put(n.url, a.cid, 0, a.bytes, putTicket(ticketFor(a)))).status).toBe(200);
    expect((await put(n.url, b.cid, 0, b.bytes, putTicket(ticketFor(b)))).status).toBe(200);
    const stored = await diskSnapshot(data.path);
    const df = () => execFileSync("df", ["-k", "--output=avail", data.path]).toString().split("\n")[1]?.trim();
    console.log(`disk-full: tmpfs of 3 MiB holds ${stored.length} files (2 slices of 1 and 1.5 MiB), ${df()} KiB free; quota 64 MiB`);

    // Full: the third slice does not fit the file system, whatever the quota says.
    const c = makeSlice(MiB);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await put(n.url, c.cid, 0, c.bytes, putTicket(ticketFor(c)));
      expect(res.status).toBe(507);
      expect(res.json.code).toBe("disk_full");
      expect(String(res.json.message)).toMatch(/disk full .*ENOSPC/);
      expect(await diskSnapshot(data.path)).toEqual(stored);
    }
    expect(fake.acks.filter((x) => x.payload["cid"] === c.cid)).toEqual([]);
    for (const s of [a, b]) {
      const got = await get(n.url, s.cid, 0, getTicket(ticketFor(s)));
      expect(got.status).toBe(200);
      expect(got.bytes.equals(s.bytes)).toBe(true);
    }
    const status = (await (await fetch(`${n.url}/v1/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ slices: "2", used_bytes: String(a.bytes.length + b.bytes.length) });
    console.log(`disk-full: slice of 1 MiB refused twice with 507 disk_full (ENOSPC), nothing left on disk, both stored slices served byte for byte`);

    // Read-only: remount the file system read-only (EROFS); a small slice that would fit is refused.
    const small = makeSlice(100_000);
    execFileSync("mount", ["-o", "remount,ro", data.path]);
    try {
      const res = await put(n.url, small.cid, 0, small.bytes, putTicket(ticketFor(small)));
      expect(res.status).toBe(507);
      expect(res.json.code).toBe("disk_full");
      expect(String(res.json.message)).toMatch(/not writable.*EROFS/);
      expect(((await (await fetch(`${n.url}/v1/status`)).json()) as Record<string, unknown>).writable).toBe(false);
      const got = await get(n.url, a.cid, 0, getTicket(ticketFor(a)));
      expect(got.status).toBe(200);
      expect(got.bytes.equals(a.bytes)).toBe(true);
    } finally {
      execFileSync("mount", ["-o", "remount,rw", data.path]);
    }
    expect(await diskSnapshot(data.path)).toEqual(stored);
    console.log("disk-full: read-only remount: small slice refused with 507 (EROFS), status writable=false, stored slices served");

    // Writable again: the node notices on the next PUT, without a restart.
    const res = await put(n.url, small.cid, 0, small.bytes, putTicket(ticketFor(small)));
    expect(res.status).toBe(200);
    expect((await diskSnapshot(join(data.path, "slices", small.cid))).length).toBe(2);
    console.log("disk-full: after remounting read-write the same slice is stored (no restart)");
  }, 60_000);
});
