import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./paths";

/** Where a process's output goes: "inherit" prints it with a prefix, a folder gets a log file, or nothing. */
export type OutputTarget = "inherit" | { readonly logDir: string } | "ignore";

/** Resolved output of one process: an open log file, the terminal, or nowhere. */
export type OutputSink = WriteStream | "inherit" | "ignore";

/** Opens `<logDir>/<fileName>` for appending when `output` is a folder; passes the other targets through. */
export function openSink(output: OutputTarget, fileName: string): OutputSink {
  if (output === "inherit" || output === "ignore") return output;
  mkdirSync(output.logDir, { recursive: true });
  return createWriteStream(path.join(output.logDir, fileName), { flags: "a" });
}

/** Sends a child's stdout and stderr to `sink` ("inherit": line by line, each prefixed with `prefix`). */
export function pipeOutput(child: ChildProcess, prefix: string, sink: OutputSink): void {
  const forward = (stream: NodeJS.ReadableStream | null, to: NodeJS.WriteStream) => {
    if (!stream) return;
    if (sink === "ignore") {
      stream.resume();
      return;
    }
    if (sink !== "inherit") {
      // Not pipe(): output can still arrive after the owner ended the log file (a killed
      // child's last buffered lines), and a write after end is an error on the file stream.
      stream.on("data", (chunk: Buffer) => {
        if (!sink.writableEnded) sink.write(chunk);
      });
      return;
    }
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) to.write(prefix ? `${prefix} ${l}\n` : `${l}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
}

/** Runs a TypeScript entry point through tsx in its own process group, output piped. */
export function spawnTsx(script: string, args: readonly string[], nodeArgs: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, "--require", require.resolve("tsx/cjs"), script, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

/**
 * Resolves once the child's stdout and stderr are closed (they can deliver output after its
 * exit), or after `timeoutMs`.
 */
export function waitOutputClosed(child: ChildProcess | undefined, timeoutMs = 2_000): Promise<void> {
  const streams = [child?.stdout, child?.stderr].filter((s): s is NonNullable<typeof s> => s !== null && s !== undefined && !s.destroyed && !s.readableEnded);
  if (streams.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    let open = streams.length;
    for (const s of streams) {
      s.once("close", () => {
        if (--open === 0) {
          clearTimeout(t);
          resolve();
        }
      });
    }
  });
}

/** Whether the child has neither exited nor been killed. */
export function isRunning(child: ChildProcess | undefined): boolean {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Resolves when the child has exited; sends SIGKILL if it has not after `timeoutMs`. */
export function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || !isRunning(child)) return;
  const exited = waitExit(child, graceMs);
  child.kill("SIGTERM");
  await exited;
}

/** SIGKILL now; resolves once the child is gone. */
export async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || !isRunning(child)) return;
  const exited = waitExit(child, 5_000);
  child.kill("SIGKILL");
  await exited;
}
