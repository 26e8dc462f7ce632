#!/usr/bin/env node
import { Command } from "commander";
import { loadMetaNodeConfig, type MetaNodeFlags } from "./config";
import { startMetaNode } from "./index";

/**
 * `stratos-meta-node start --config <file> [flags]`: runs the meta node until SIGINT / SIGTERM,
 * then shuts down cleanly (loops stopped, server closed, index flushed and closed).
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = new Command();
  program.name("stratos-meta-node").description("Stratos-TS meta node: indexes files, places slices, accounts ozone and traffic, reports volumes");
  program
    .command("start")
    .description("start the meta node")
    .option("-c, --config <file>", "JSON config file (see nodes/src/meta-node/README.md)")
    .option("--data-dir <dir>", "data directory (LMDB index)")
    .option("--host <host>", "listen host")
    .option("--port <port>", "listen port")
    .option("--public-url <url>", "URL others reach this node at")
    .option("--chain-id <id>", "chain id")
    .option("--rpc-url <url>", "CometBFT RPC URL")
    .option("--p2p-key <hex>", "ed25519 P2P key seed, hex (or env STRATOS_META_P2P_KEY)")
    .option("--owner-mnemonic <words>", "owner wallet mnemonic (prefer env STRATOS_META_MNEMONIC)")
    .option("--replicas <n>", "default replicas")
    .option("--ticket-lifetime <seconds>", "ticket lifetime")
    .option("--health-timeout <heartbeats>", "missed heartbeats before a node is unhealthy")
    .option("--epoch-report-delay <blocks>", "blocks to wait after an epoch before reporting it")
    .option("--log", "log requests and events")
    .action(async (opts: MetaNodeFlags & { config?: string; log?: boolean }) => {
      const config = loadMetaNodeConfig(opts.config, opts);
      const node = await startMetaNode(opts.log ? { ...config, log: true } : config, { log: (m) => console.log(`[meta-node] ${m}`) });
      console.log(`meta node ${node.address} listening on ${node.url}`);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: shutting down`);
        node.close().then(
          () => process.exit(0),
          (e: unknown) => {
            console.error(e);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    });
  await program.parseAsync([...argv]);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message ?? e);
    process.exit(1);
  });
}
