import { nodeKeyFromSeed, type NodeKey } from "@stratos/sdk";
import type { FastifyInstance } from "fastify";
import { ChainFollower } from "./chain-follower";
import { RpcChainGateway, type ChainGateway } from "./chain-gateway";
import { parseMetaNodeConfig, type MetaNodeConfig, type MetaNodeConfigInput } from "./config";
import { MetaDb } from "./db";
import { NodeRegistry } from "./registry";
import { Repairer, type RepairTransport } from "./repair";
import { VolumeReporter } from "./reporter";
import { buildServer } from "./server";
import { MetaService } from "./service";

export { ChainFollower } from "./chain-follower";
export { RpcChainGateway, decodeAttributeValue, parseBlockResults, prepayCredits, type ChainEvent, type ChainGateway, type ChainReport, type FileUploadRequest, type RegistryEntry, type TxRef } from "./chain-gateway";
export { loadMetaNodeConfig, metaNodeConfigSchema, parseMetaNodeConfig, type MetaNodeConfig, type MetaNodeConfigInput, type MetaNodeFlags } from "./config";
export { MetaDb } from "./db";
export { acceptingEpoch, epochEnd, epochOf, epochReportable } from "./epochs";
export { HttpError } from "../shared/http-errors";
export { InsufficientNodesError, placeSlices, type PlacementCandidate, type SlicePlacement } from "./placement";
export { NodeRegistry } from "./registry";
export { Repairer, httpRepairTransport, type RepairTransport } from "./repair";
export { VolumeReporter, cosign, walletVolumes, type CosignAnswer, type CosignReport, type CosignRequest } from "./reporter";
export { buildServer } from "./server";
export { MetaService } from "./service";
export { InMemoryChain } from "./test-chain";

/** Optional injections (tests, embedding). */
export interface MetaNodeDeps {
  /** The chain; default: RpcChainGateway over `rpcUrl` with the owner mnemonic. */
  gateway?: ChainGateway;
  /** Clock in ms; default Date.now. */
  now?: () => number;
  /** How repair orders reach resource nodes; default HTTP POST `/v1/repairs`. */
  repairTransport?: RepairTransport;
  /** Run the follower, reporter and repair loops (default true). */
  background?: boolean;
  /** Log lines (default: console.log when `config.log`, else nothing). */
  log?: (msg: string) => void;
}

/** A running meta node. */
export interface MetaNodeHandle {
  /** Public URL (config.publicUrl or http://host:port). */
  url: string;
  /** The meta node's `stsds` address. */
  address: string;
  config: MetaNodeConfig;
  key: NodeKey;
  db: MetaDb;
  gateway: ChainGateway;
  service: MetaService;
  follower: ChainFollower;
  reporter: VolumeReporter;
  repairer: Repairer;
  app: FastifyInstance;
  /** Stops the loops and the server, closes the database and the chain connection. */
  close(): Promise<void>;
}

/**
 * Starts a meta node: opens the index, connects to the chain, catches up prepay credits, serves
 * the HTTP API and runs the follower, volume reporter and repair loops.
 *
 * @example
 * const node = await startMetaNode({ dataDir: "/tmp/meta", chainId: "stratos-localnet", rpcUrl: "http://127.0.0.1:26657", p2pKey: "…64 hex…", ownerMnemonic: "…" });
 * console.log(node.url, node.address);
 * await node.close();
 */
export async function startMetaNode(input: MetaNodeConfigInput, deps: MetaNodeDeps = {}): Promise<MetaNodeHandle> {
  const config = parseMetaNodeConfig(input);
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (config.log ? (m: string) => console.log(`[meta-node] ${m}`) : () => undefined);
  const key = nodeKeyFromSeed(Uint8Array.from(Buffer.from(config.p2pKey, "hex")));
  const gateway = deps.gateway ?? (await RpcChainGateway.connect({ rpcUrl: config.rpcUrl, ownerMnemonic: config.ownerMnemonic, reporter: key.address, ...(config.gasPrice ? { gasPrice: config.gasPrice } : {}) }));
  let db: MetaDb | undefined;
  try {
    const me = await gateway.metaNode(key.address).catch(() => null);
    if (!me) log(`warning: ${key.address} is not a registered meta node; MsgFileUpload and volume reports will be refused`);
    else if (me.owner !== gateway.ownerAddress) log(`warning: ${key.address} is owned by ${me.owner}, not by the configured wallet ${gateway.ownerAddress}`);
    else if (!me.bonded || me.suspended) log(`warning: meta node ${key.address} is not active (bonded and unsuspended)`);

    db = MetaDb.open(config.dataDir);
    const healthTimeoutMs = config.heartbeatIntervalSeconds * config.missedHeartbeats * 1000;
    const registry = new NodeRegistry(db, gateway, healthTimeoutMs, config.registryRefreshMs, now);
    const follower = new ChainFollower(db, gateway, registry, { pollIntervalMs: config.pollIntervalMs, registryRefreshMs: config.registryRefreshMs, startHeight: config.startHeight, now });
    await follower.init();
    await registry.refresh();
    const service = new MetaService(config, db, gateway, key, registry, follower, now);
    const reporter = new VolumeReporter(db, gateway, follower, registry, key, {
      chainId: config.chainId,
      delayBlocks: config.epochReportDelayBlocks,
      cosigners: config.cosigners,
      now,
      ticketLifetimeSeconds: config.ticketLifetimeSeconds,
      log,
    });
    const repairer = new Repairer(db, gateway, registry, key, {
      chainId: config.chainId,
      ticketLifetimeSeconds: config.ticketLifetimeSeconds,
      now,
      ...(deps.repairTransport ? { transport: deps.repairTransport } : {}),
      log,
    });
    service.repairAckHandler = (ack) => repairer.onAck(ack);

    const app = buildServer(service, { logger: config.log, log });
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.port;
    const url = (config.publicUrl ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`).replace(/\/$/, "");

    const timers: NodeJS.Timeout[] = [];
    const guard = (name: string, fn: () => Promise<unknown>) => async () => {
      try {
        await fn();
      } catch (e) {
        log(`${name}: ${(e as Error).message ?? String(e)}`);
      }
    };
    if (deps.background !== false) {
      follower.start((e) => log(`chain follower: ${(e as Error).message ?? String(e)}`));
      timers.push(setInterval(guard("reporter", () => reporter.runOnce()), config.reportIntervalMs));
      timers.push(setInterval(guard("repair", () => repairer.runOnce()), config.repairIntervalMs));
      timers.push(setInterval(guard("prune", async () => db!.pruneTickets(Math.floor(now() / 1000), 3600)), 60_000));
      for (const t of timers) t.unref();
    }
    log(`meta node ${key.address} listening on ${url} (chain ${config.chainId}, height ${follower.tip}, epoch length ${follower.epochLength})`);

    let closed: Promise<void> | undefined;
    const openDb = db;
    return {
      url,
      address: key.address,
      config,
      key,
      db: openDb,
      gateway,
      service,
      follower,
      reporter,
      repairer,
      app,
      close: () =>
        (closed ??= (async () => {
          for (const t of timers) clearInterval(t);
          await follower.stop();
          await app.close();
          await openDb.close();
          gateway.close();
        })()),
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    gateway.close();
    throw e;
  }
}
