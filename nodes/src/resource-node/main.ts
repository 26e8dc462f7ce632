#!/usr/bin/env node
/**
 * `stratos-resource-node start --config <file> [--port ...]`: runs a resource node in the
 * foreground until SIGINT / SIGTERM, then shuts down cleanly (in-flight requests finish, queued
 * receipts are forwarded).
 */
import { Command, InvalidArgumentError } from "commander";
import { ConfigError, loadResourceNodeConfig } from "./config";
import { startResourceNode } from "./index";

function intArg(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(value);
  };
}

/** Builds the command line program (exported for tests). */
export function program(): Command {
  const cmd = new Command("stratos-resource-node").description("Stratos-TS resource node: stores and serves slices of the storage mesh");
  cmd
    .command("start")
    .description("run the resource node in the foreground")
    .option("-c, --config <file>", "JSON config file (see nodes/src/resource-node/README.md)")
    .option("--data-dir <dir>", "data directory (slices/, quarantine/)")
    .option("--host <host>", "interface to listen on")
    .option("--port <port>", "TCP port (0 = any free port)", intArg("--port"))
    .option("--public-url <url>", "URL announced to the meta node")
    .option("--chain-id <id>", "chain id")
    .option("--key-file <file>", "file holding the ed25519 P2P private key as hex")
    .option("--meta-url <url>", "meta node base URL")
    .option("--meta-address <stsds1...>", "meta node address (tickets must be signed by it)")
    .option("--capacity-bytes <n>", "disk quota for slices, bytes")
    .option("--heartbeat-interval-ms <ms>", "heartbeat period (0 = off)", intArg("--heartbeat-interval-ms"))
    .action(async (opts: Record<string, string | number | undefined>) => {
      const config = loadResourceNodeConfig(opts["config"] as string | undefined, {
        dataDir: opts["dataDir"] as string | undefined,
        host: opts["host"] as string | undefined,
        port: opts["port"] as number | undefined,
        publicUrl: opts["publicUrl"] as string | undefined,
        chainId: opts["chainId"] as string | undefined,
        keyFile: opts["keyFile"] as string | undefined,
        metaUrl: opts["metaUrl"] as string | undefined,
        metaAddress: opts["metaAddress"] as string | undefined,
        capacityBytes: opts["capacityBytes"] as string | undefined,
        heartbeatIntervalMs: opts["heartbeatIntervalMs"] as number | undefined,
      });
      // Handlers first: the node talks to the meta node while it starts, and a signal in that
      // window must still shut it down cleanly.
      const starting = startResourceNode(config);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) {
          process.stderr.write(`${signal} again: exiting now\n`);
          process.exit(1);
        }
        stopping = true;
        starting.then((node) => node.close()).then(
          () => process.exit(0),
          (e: unknown) => {
            process.stderr.write(`shutdown failed: ${(e as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
      await starting;
    });
  return cmd;
}

if (require.main === module) {
  program()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      const msg = e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`stratos-resource-node: ${msg}\n`);
      process.exit(1);
    });
}
