/**
 * The resource node daemon: stores slices on disk and serves them against meta-node tickets
 * (nodes/PROTOCOL.md section 5). `startResourceNode` runs one in-process (tests, the localnet);
 * `main.ts` is the `stratos-resource-node` command line.
 */
import type { FastifyInstance } from "fastify";
import { ensureRegistered } from "./registration";
import { ReplayGuard, nodeKeyFromSeed, type NodeKey } from "@stratos/sdk";
import { parseResourceNodeConfig, readPrivateKey, type ResourceNodeConfig, type ResourceNodeConfigInput } from "./config";
import { Heartbeats } from "./heartbeat";
import { AckOutbox, MetaClient, ReceiptForwarder } from "./meta-client";
import { ServedTickets, createApp, registerRoutes, resignAck, type ResourceNodeContext } from "./server";
import { SliceStore } from "./store";

export { ConfigError, loadResourceNodeConfig, parseResourceNodeConfig, resourceNodeConfigSchema, type ResourceNodeConfig, type ResourceNodeConfigInput } from "./config";
export { SliceStore, checkLocation, type ByteRange, type SliceRecord } from "./store";
export { parseRange } from "./server";

/** Grace period for requests under way when the node is closed; then their connections are cut. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Closes the fastify app: stops listening, lets requests under way finish (up to CLOSE_GRACE_MS)
 * and closes keep-alive connections as soon as they are idle (also those that became idle only
 * after close began, e.g. while a refused upload body was still being drained).
 */
async function closeServer(app: FastifyInstance): Promise<void> {
  const server = app.server;
  const started = Date.now();
  const sweep = setInterval(() => {
    server.closeIdleConnections();
    if (Date.now() - started > CLOSE_GRACE_MS) server.closeAllConnections();
  }, 50);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}

/** A running resource node. */
export interface ResourceNodeHandle {
  /** The URL it announces (the `publicUrl`, or `http://host:port` it listens on). */
  readonly url: string;
  /** Its `stsds1...` address (from its P2P key). */
  readonly address: string;
  /** Its P2P key. */
  readonly key: NodeKey;
  /** The checked configuration it runs with. */
  readonly config: ResourceNodeConfig;
  /** Its slice store (for tests and tools). */
  readonly store: SliceStore;
  /** Sends a heartbeat now; true when the meta node took it. */
  heartbeat(): Promise<boolean>;
  /** Forwards queued receipts now. */
  flushReceipts(): Promise<void>;
  /** Stops accepting requests, lets those under way finish, forwards queued receipts and stops. */
  close(): Promise<void>;
}

/**
 * Starts a resource node: opens its store under `dataDir`, listens on `host:port` (0 = a free
 * port), then sends heartbeats to the meta node. Throws ConfigError for a bad configuration and
 * the listen error when the port is taken.
 *
 * @example
 * const node = await startResourceNode({
 *   dataDir: "/tmp/rn1", chainId: "stratos-localnet", privateKeyHex: "ab5b...",
 *   metaUrl: "http://127.0.0.1:18000", metaAddress: "stsds1prg8...", capacityBytes: 10 * 2 ** 30,
 * });
 * console.log(node.url, node.address);
 * await node.close();
 */
export async function startResourceNode(input: ResourceNodeConfigInput): Promise<ResourceNodeHandle> {
  const config = parseResourceNodeConfig(input);
  const key = nodeKeyFromSeed(readPrivateKey(config));
  const app = createApp(config.logLevel);
  const log = app.log;
  if (config.registration) {
    const reg = config.registration;
    const outcome = await ensureRegistered(key, { ...reg, ownerMnemonic: process.env["STRATOS_RESOURCE_OWNER_MNEMONIC"] ?? reg.ownerMnemonic });
    log.info({ address: key.address, ...outcome }, outcome.status === "registered" ? "registered this resource node on chain" : "resource node already registered");
  }
  const meta = new MetaClient(config.metaUrl, config.requestTimeoutMs);
  let heartbeats: Heartbeats | undefined;
  const store = await SliceStore.open({
    dataDir: config.dataDir,
    capacityBytes: config.capacityBytes,
    warn: (message) => log.warn(message),
    onCorrupt: (event) => {
      log.error(event, "corrupt slice found on disk");
      // A heartbeat at once names the lost slice; the meta node drops this node from its holders
      // and repairs it from the other replicas. (Slices are only read, hence found corrupt, once
      // the server listens, and `heartbeats` is set right after listening.)
      heartbeats?.reportLost(event.cid, event.index);
    },
  });
  let url = config.publicUrl ?? "";
  const ctx: ResourceNodeContext = {
    key,
    chainId: config.chainId,
    metaAddress: config.metaAddress,
    store,
    guard: new ReplayGuard(),
    acks: new AckOutbox(meta, (payload) => resignAck(key, payload), log),
    receipts: new ReceiptForwarder(meta, log, config.receiptFlushMs),
    served: new ServedTickets(),
    requestTimeoutMs: config.requestTimeoutMs,
    url: () => url,
  };
  registerRoutes(app, ctx);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  if (!url) {
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host.includes(":") ? `[${config.host}]` : config.host;
    url = `http://${host}:${port}`;
  }
  url = url.replace(/\/+$/, "");
  heartbeats = new Heartbeats(
    key,
    {
      chainId: config.chainId,
      url,
      // A disk that takes no writes is announced as full, so no new slices are placed here.
      capacityBytes: () => (store.writableError === undefined ? store.capacityBytes : store.usedBytes),
      usedBytes: () => store.usedBytes,
      slices: () => store.sliceCount,
    },
    meta,
    log,
    config.heartbeatIntervalMs,
  );
  heartbeats.start();
  log.info({ address: key.address, url, dataDir: config.dataDir, meta: config.metaUrl, used_bytes: store.usedBytes, slices: store.sliceCount }, "resource node started");
  const hb = heartbeats;
  let closing: Promise<void> | undefined;
  return {
    url,
    address: key.address,
    key,
    config,
    store,
    heartbeat: () => hb.beat(),
    flushReceipts: () => ctx.receipts.flush(),
    close: () =>
      (closing ??= (async () => {
        hb.stop();
        await closeServer(app);
        ctx.acks.close();
        await ctx.receipts.close();
        log.info({ address: key.address }, "resource node stopped");
      })()),
  };
}
