#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AbciServer, consoleLogger } from "./abci";
import { startGrpcServer } from "./api/grpc-server";
import { appQuerier, QUERY_PATHS } from "./api/query-client";
import { startRestServer } from "./api/rest-server";
import { StratosApp } from "./app/app";
import { nativeSecp256k1Loaded } from "./app/ante/secp256k1";
import { CommitStore } from "./store/commit-store";
import { CoinError, parseCoin, type Coin } from "./types/coin";

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:tcp:\/\/)?([^:/]+):(\d{1,5})$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected tcp://HOST:PORT, got ${JSON.stringify(value)}`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new InvalidArgumentError(`port ${port} is out of range`);
  return { host: m[1]!, port };
}

/** A parser for a whole-number option in [min, max]. */
function parseWhole(min: number, max = 999_999_999) {
  return (value: string): number => {
    if (!/^[0-9]{1,15}$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return Number(value);
  };
}

function parseGasPrice(value: string): Coin {
  try {
    return parseCoin(value);
  } catch (e) {
    throw new InvalidArgumentError((e as CoinError).message);
  }
}

interface StartOptions {
  home: string;
  abci: { host: string; port: number };
  minGasPrices: Coin;
  verifyWorkers: number;
  snapshotInterval: number;
  snapshotKeepRecent: number;
  snapshotChunkBytes?: number;
  rest?: { host: string; port: number };
  grpc?: { host: string; port: number };
  rpc: string;
  quiet?: boolean;
}

async function start(opts: StartOptions): Promise<void> {
  if (!nativeSecp256k1Loaded()) throw new Error("the native secp256k1 binding did not load; refusing to start with the slow JS fallback");
  const dataDir = path.resolve(opts.home, "app-data");
  mkdirSync(dataDir, { recursive: true });
  const store = CommitStore.open(dataDir);
  const last = store.lastCommit();
  const log = (line: string) => console.log(`[app] ${line}`);
  log(`state at ${dataDir}: height ${last.height}, app hash ${Buffer.from(last.appHash).toString("hex")}`);
  const snapshots = {
    dir: path.resolve(opts.home, "app-snapshots"),
    interval: opts.snapshotInterval,
    keepRecent: opts.snapshotKeepRecent,
    ...(opts.snapshotChunkBytes ? { chunkBytes: opts.snapshotChunkBytes } : {}),
  };
  const app = new StratosApp(store, { minGasPrice: opts.minGasPrices, verifyWorkers: opts.verifyWorkers, logger: log, snapshots });
  if (opts.snapshotInterval > 0) log(`state-sync snapshots every ${opts.snapshotInterval} heights in ${snapshots.dir} (newest ${opts.snapshotKeepRecent} kept)`);
  const server = new AbciServer(app, {
    host: opts.abci.host,
    port: opts.abci.port,
    logger: opts.quiet ? { ...consoleLogger, info: () => undefined } : consoleLogger,
    onHandlerError: (err, method) => {
      // A handler only throws on a broken invariant: stop rather than serve wrong state.
      console.error(`[app] fatal error in ${method}:`, err);
      store.close();
      process.exit(70);
    },
  });
  const address = await server.listen();
  log(`ABCI listening on tcp://${address.host}:${address.port}, min gas price ${opts.minGasPrices.amount}${opts.minGasPrices.denom}`);
  // REST and gRPC answer from the app in this process; tx broadcast and lookups go to CometBFT.
  const querier = appQuerier(app);
  const apis: { close(): Promise<void> }[] = [];
  if (opts.rest) {
    apis.push(await startRestServer({ app: querier, rpcUrl: opts.rpc, host: opts.rest.host, port: opts.rest.port }));
    log(`REST listening on http://${opts.rest.host}:${opts.rest.port}`);
  }
  if (opts.grpc) {
    apis.push(await startGrpcServer({ app: querier, paths: QUERY_PATHS, host: opts.grpc.host, port: opts.grpc.port }));
    log(`gRPC listening on ${opts.grpc.host}:${opts.grpc.port}`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    void Promise.all([server.close(), app.close(), ...apis.map((a) => a.close())]).finally(() => {
      store.close();
      process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

const program = new Command()
  .name("stratos-chain")
  .description("The Stratos ledger: an ABCI 2.0 application served to CometBFT v0.38");

program
  .command("start")
  .description("open the state under --home and serve ABCI until SIGINT/SIGTERM")
  .requiredOption("--home <dir>", "node home; app state lives in <home>/app-data")
  .option("--abci <addr>", "ABCI listen address", parseListen, { host: "127.0.0.1", port: 26658 })
  .option("--min-gas-prices <coin>", "minimum gas price checked in CheckTx", parseGasPrice, { denom: "wei", amount: 1_000_000_000n })
  .option("--rest <addr>", "serve REST (grpc-gateway JSON) on tcp://HOST:PORT, e.g. tcp://127.0.0.1:1317", parseListen)
  .option("--grpc <addr>", "serve gRPC on tcp://HOST:PORT, e.g. tcp://127.0.0.1:9090", parseListen)
  .option("--rpc <url>", "CometBFT RPC, for tx broadcast and lookups through REST", "http://127.0.0.1:26657")
  .option("--verify-workers <n>", "worker threads verifying block signatures in parallel (0: inline only)", parseWhole(0, 99), 1)
  .option("--snapshot-interval <n>", "take a state-sync snapshot every n heights (0: none; the node can still restore one)", parseWhole(0), 0)
  .option("--snapshot-keep-recent <n>", "state-sync snapshots kept", parseWhole(1), 2)
  .option("--snapshot-chunk-bytes <n>", "snapshot chunk size; nodes of a net should agree (default 4 MiB)", parseWhole(64))
  .option("--quiet", "do not log ABCI connection events")
  .action(async (opts: StartOptions) => {
    await start(opts);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`stratos-chain: ${(e as Error).message}`);
  process.exit(1);
});
