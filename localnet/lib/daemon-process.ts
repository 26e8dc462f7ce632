import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { isRunning, killChild, openSink, pipeOutput, spawnTsx, stopChild, waitOutputClosed, type OutputSink, type OutputTarget } from "./child-process";
import { REPO_ROOT } from "./paths";
import { fetchJson, pollUntil } from "./wait";

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
  readonly output: OutputTarget;
}

/**
 * A storage daemon in its own process group (a terminal Ctrl-C reaches only the runner, which
 * stops the daemons in order). Used by `make localnet` and the storage integration tests.
 */
export class DaemonProcess {
  child: ChildProcess | undefined;
  private sink: OutputSink | undefined;

  constructor(readonly options: DaemonOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** Starts the process and waits until `readyUrl` answers 200 (or the process dies). */
  async start(timeoutMs = 60_000): Promise<void> {
    const o = this.options;
    const child = spawnTsx(o.script, o.args);
    this.child = child;
    this.sink = openSink(o.output, `${o.name}.log`);
    pipeOutput(child, `[${o.name}]`, this.sink);
    await pollUntil(
      async () => {
        if (!isRunning(child)) throw new Error(`${o.name} exited during start-up (code ${child.exitCode}, signal ${child.signalCode}); see its log`);
        return (await fetchJson(o.readyUrl)) !== undefined ? true : undefined;
      },
      { timeoutMs, intervalMs: 200, timeoutMessage: () => `${o.name} did not answer ${o.readyUrl} within ${timeoutMs} ms` },
    );
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    await stopChild(this.child, graceMs);
    await waitOutputClosed(this.child);
    if (typeof this.sink === "object") this.sink.end();
  }

  /** SIGKILL now (fault tests). */
  async kill(): Promise<void> {
    await killChild(this.child);
  }
}

export const META_NODE_MAIN = path.join(REPO_ROOT, "nodes", "src", "meta-node", "main.ts");
export const RESOURCE_NODE_MAIN = path.join(REPO_ROOT, "nodes", "src", "resource-node", "main.ts");
