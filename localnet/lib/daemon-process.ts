import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./paths";

/** How to run one storage daemon (meta node or resource node) as its own process. */
export interface DaemonOptions {
  /** Short name for logs, e.g. `resource-1`. */
  readonly name: string;
  /** The daemon's entry point (a .ts file run through tsx). */
  readonly script: string;
  readonly args: readonly string[];
  /** Answers 200 once the daemon is up, e.g. `http://127.0.0.1:18100/v1/status`. */
  readonly readyUrl: string;
  /** "inherit" prints with a `[name]` prefix; a folder writes `<name>.log` into it. */
  readonly output: "inherit" | { readonly logDir: string } | "ignore";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A storage daemon in its own process group (a terminal Ctrl-C reaches only the runner, which
 * stops the daemons in order). Used by `make localnet` and the storage integration tests.
 */
export class DaemonProcess {
  child: ChildProcess | undefined;
  private sink: WriteStream | undefined;

  constructor(readonly options: DaemonOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until `readyUrl` answers 200 (or the process dies). */
  async start(timeoutMs = 60_000): Promise<void> {
    const o = this.options;
    const child = spawn(process.execPath, ["--require", "tsx/cjs", o.script, ...o.args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
    this.child = child;
    if (o.output === "ignore") {
      child.stdout?.resume();
      child.stderr?.resume();
    } else if (o.output === "inherit") {
      for (const [stream, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        let buf = "";
        stream?.setEncoding("utf8");
        stream?.on("data", (chunk: string) => {
          buf += chunk;
          const lines = buf.split("\n");
          buf = lines.pop() ?? "";
          for (const l of lines) to.write(`[${o.name}] ${l}\n`);
        });
      }
    } else {
      mkdirSync(o.output.logDir, { recursive: true });
      this.sink = createWriteStream(path.join(o.output.logDir, `${o.name}.log`), { flags: "a" });
      child.stdout?.pipe(this.sink, { end: false });
      child.stderr?.pipe(this.sink, { end: false });
    }
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${o.name} exited during start-up (code ${child.exitCode}, signal ${child.signalCode}); see its log`);
      try {
        const res = await fetch(o.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > end) throw new Error(`${o.name} did not answer ${o.readyUrl} within ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      this.sink?.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      child.kill("SIGTERM");
    });
    this.sink?.end();
  }

  /** SIGKILL now (fault tests). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

export const META_NODE_MAIN = path.join(REPO_ROOT, "nodes", "src", "meta-node", "main.ts");
export const RESOURCE_NODE_MAIN = path.join(REPO_ROOT, "nodes", "src", "resource-node", "main.ts");
