import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, type WriteStream } from "node:fs";
import { CommitStore } from "../../chain/src/store/commit-store";
import path from "node:path";
import { isRunning, killChild, openSink, pipeOutput, spawnTsx, stopChild, waitOutputClosed, type OutputSink, type OutputTarget } from "./child-process";
import { CHAIN_MAIN, COMETBFT_BIN, REPO_ROOT } from "./paths";
import type { NodePorts } from "./node-home";
import { waitForPort } from "./ports";
import { pollUntil } from "./wait";

/** How to run one node (our app + CometBFT) from an initialised home. */
export interface LocalNodeOptions {
  readonly home: string;
  readonly ports: NodePorts;
  readonly minGasPrices?: string;
  /** Serve REST and gRPC from the app on these ports (the localnet uses 1317 and 9090). */
  readonly api?: { readonly rest: number; readonly grpc: number };
  /** Take a state-sync snapshot every this many heights (the app's `--snapshot-interval`; default none). */
  readonly snapshotInterval?: number;
  /** Snapshot chunk size in bytes (the app's `--snapshot-chunk-bytes`; default 4 MiB). */
  readonly snapshotChunkBytes?: number;
  /** Where process output goes: "inherit" prints with a prefix, a folder writes app.log/cometbft.log. */
  readonly output: OutputTarget;
}

/**
 * Latest block height from the CometBFT `/status` at `rpcUrl`, or undefined while nothing answers
 * there (a node starting, stopped or killed).
 *
 * @example
 * const h = await rpcHeight("http://127.0.0.1:26657");
 */
export async function rpcHeight(rpcUrl: string): Promise<bigint | undefined> {
  try {
    const res = await fetch(`${rpcUrl}/status`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as { result?: { sync_info?: { latest_block_height?: string } } };
    const h = body.result?.sync_info?.latest_block_height;
    return h === undefined ? undefined : BigInt(h);
  } catch {
    return undefined;
  }
}

/** Heights re-indexed at start-up (see LocalNode.reindexRecent). */
const REINDEX_BLOCKS = 20n;

/**
 * One node on this machine: our ABCI app process and a CometBFT process wired to it. Used
 * by `make localnet` and by every integration test (with its own home and free ports).
 */
export class LocalNode {
  app: ChildProcess | undefined;
  comet: ChildProcess | undefined;
  private sinks: WriteStream[] = [];

  constructor(readonly options: LocalNodeOptions) {}

  get rpcUrl(): string {
    return `http://127.0.0.1:${this.options.ports.rpc}`;
  }

  private sink(name: string): OutputSink {
    const s = openSink(this.options.output, name);
    if (typeof s === "object") this.sinks.push(s);
    return s;
  }

  /** Starts the app, waits for its ABCI port, then starts CometBFT. */
  async startApp(): Promise<void> {
    // STRATOS_APP_NODE_ARGS: extra Node flags for the app process (e.g. --cpu-prof when profiling).
    const extra = (process.env["STRATOS_APP_NODE_ARGS"] ?? "").split(" ").filter((a) => a.length > 0);
    const args = ["start", "--home", this.options.home, "--abci", `tcp://127.0.0.1:${this.options.ports.abci}`, "--quiet"];
    if (this.options.minGasPrices) args.push("--min-gas-prices", this.options.minGasPrices);
    if (this.options.snapshotInterval) args.push("--snapshot-interval", String(this.options.snapshotInterval));
    if (this.options.snapshotChunkBytes) args.push("--snapshot-chunk-bytes", String(this.options.snapshotChunkBytes));
    if (this.options.api) {
      args.push("--rest", `tcp://127.0.0.1:${this.options.api.rest}`, "--grpc", `tcp://127.0.0.1:${this.options.api.grpc}`, "--rpc", this.rpcUrl);
    }
    // Own process groups: a terminal Ctrl-C reaches only the runner, which then stops
    // CometBFT before the app instead of both dying at once.
    this.app = spawnTsx(CHAIN_MAIN, args, extra);
    pipeOutput(this.app, "", this.sink("app.log")); // the app tags its own lines ([app], [abci])
    const exited = new Promise<never>((_, reject) => this.app!.once("exit", (code) => reject(new Error(`app exited early with code ${code}`))));
    // Generous: tsx compiles the app at start, slow when four validators and other tests share 2 cores.
    await Promise.race([waitForPort(this.options.ports.abci, 90_000), exited]);
  }

  startComet(): void {
    this.comet = spawn(COMETBFT_BIN, ["start", "--home", this.options.home], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
    pipeOutput(this.comet, "[cometbft]", this.sink("cometbft.log"));
  }

  async start(): Promise<void> {
    this.reindexRecent();
    await this.startApp();
    this.startComet();
  }

  /** Starts CometBFT again after it died while the app kept running (re-indexing recent blocks first, as start() does). */
  restartComet(): void {
    this.reindexRecent();
    this.startComet();
  }

  /**
   * CometBFT indexes a block's txs asynchronously after committing it, so a crash right after
   * a commit leaves that block stored but missing from `tx_search` (which is how cosmjs finds
   * txs), and CometBFT never catches up by itself. Before starting, re-index the last
   * REINDEX_BLOCKS heights up to the app's committed height (idempotent, ~0.2 s).
   */
  private reindexRecent(): void {
    const dataDir = path.join(this.options.home, "app-data");
    if (!existsSync(path.join(this.options.home, "data", "blockstore.db")) || !existsSync(dataDir)) return;
    const store = CommitStore.open(dataDir);
    const height = store.lastCommit().height;
    // A node that joined by state sync has blocks only above the snapshot it restored.
    const first = store.firstHeight();
    store.close();
    if (height === 0n) return;
    const recent = height - REINDEX_BLOCKS + 1n;
    const oldest = first > 1n ? first + 1n : 1n;
    const from = recent > oldest ? recent : oldest;
    if (from > height) return;
    execFileSync(COMETBFT_BIN, ["reindex-event", "--home", this.options.home, "--start-height", from.toString(), "--end-height", height.toString()], { stdio: "ignore" });
  }

  /** Latest block height from CometBFT's /status, or undefined while RPC is not up. */
  height(): Promise<bigint | undefined> {
    return rpcHeight(this.rpcUrl);
  }

  /** Resolves once the chain has reached `height`. */
  async waitForHeight(height: bigint, timeoutMs = 60_000): Promise<bigint> {
    let h: bigint | undefined;
    return pollUntil(
      async () => {
        h = await this.height();
        if (h !== undefined && h >= height) return h;
        for (const [name, p] of [["app", this.app], ["cometbft", this.comet]] as const) {
          if (p && !isRunning(p)) throw new Error(`${name} exited (${p.exitCode ?? p.signalCode}) before height ${height}`);
        }
        return undefined;
      },
      { timeoutMs, intervalMs: 100, timeoutMessage: () => `height ${height} not reached within ${timeoutMs} ms (at ${h ?? "no RPC"})` },
    );
  }

  /** Stops CometBFT first (so it stops calling the app), then the app; SIGKILL after a grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    await stopChild(this.comet, graceMs);
    await stopChild(this.app, graceMs);
    await Promise.all([waitOutputClosed(this.comet), waitOutputClosed(this.app)]);
    for (const s of this.sinks) s.end();
    this.sinks = [];
  }

  /** Sends SIGKILL to the app process only (crash tests). */
  async killApp(): Promise<void> {
    await killChild(this.app);
  }

  /** Sends SIGKILL to CometBFT only. */
  async killComet(): Promise<void> {
    await killChild(this.comet);
  }
}
