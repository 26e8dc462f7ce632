import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { openSink, pipeOutput, waitOutputClosed } from "./child-process";

/** A stand-in for a child process: only its output streams matter here. */
function fakeChild(): { child: ChildProcess; stdout: PassThrough; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { child: { stdout, stderr } as unknown as ChildProcess, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-child-output-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("process output to a log file", () => {
  it("writes both streams to the file, and output arriving after the file was ended is dropped, not an error", async () => {
    const { child, stdout, stderr } = fakeChild();
    const sink = openSink({ logDir: dir }, "app.log");
    if (typeof sink !== "object") throw new Error("expected a file sink");
    const errors: Error[] = [];
    sink.on("error", (e) => errors.push(e));
    pipeOutput(child, "", sink);
    stdout.write("one\n");
    stderr.write("two\n");
    await new Promise((r) => setImmediate(r));
    // A killed child's last buffered lines arrive after its node was stopped and ended the file.
    const finished = new Promise<void>((r) => sink.end(r));
    stdout.write("late\n");
    await finished;
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).toEqual([]);
    expect(readFileSync(path.join(dir, "app.log"), "utf8")).toBe("one\ntwo\n");
  });

  it("waitOutputClosed resolves when both streams have closed, or after its timeout", async () => {
    const { child, stdout, stderr } = fakeChild();
    let done = false;
    const closed = waitOutputClosed(child, 10_000).then(() => (done = true));
    stdout.destroy();
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    stderr.destroy();
    await closed;
    expect(done).toBe(true);
    const open = fakeChild();
    const t0 = Date.now();
    await waitOutputClosed(open.child, 100);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    await waitOutputClosed(undefined);
  });
});
