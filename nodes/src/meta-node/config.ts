import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const hexSeed = z
  .string()
  .transform((s) => s.trim().replace(/^0x/i, "").toLowerCase())
  .refine((s) => /^[0-9a-f]{64}$/.test(s) || /^[0-9a-f]{128}$/.test(s), "p2pKey must be a 32-byte ed25519 seed in hex (64 hex digits; a 64-byte seed||pubkey key is accepted too)");

/** Another meta node that co-signs this node's volume reports (`POST <url>/v1/cosign`). */
const cosignerSchema = z.object({ url: z.url() });

/**
 * The meta node's configuration (a JSON file; every key can be overridden by a flag). Durations are
 * in seconds unless the name says `Ms`.
 */
export const metaNodeConfigSchema = z.object({
  /** LMDB environment and other state live here. */
  dataDir: z.string().min(1),
  host: z.string().min(1).default("127.0.0.1"),
  /** 0 = any free port. */
  port: z.number().int().min(0).max(65535).default(0),
  /** The URL others reach this node at; default `http://host:port` (the bound port). */
  publicUrl: z.url().optional(),
  chainId: z.string().min(1),
  /** CometBFT RPC, e.g. http://127.0.0.1:26657. */
  rpcUrl: z.url(),
  /** The meta node's ed25519 P2P key (hex seed); its `stsds` address must be a registered meta node. */
  p2pKey: hexSeed,
  /** Mnemonic of the wallet that owns the meta node on chain; signs MsgFileUpload and MsgVolumeReport. */
  ownerMnemonic: z.string().min(1),
  /** Resource nodes are expected to send a heartbeat this often (seconds; the resource node's default is 30). */
  heartbeatIntervalSeconds: z.number().positive().default(30),
  /** A node is unhealthy after this many missed heartbeats. */
  missedHeartbeats: z.number().int().positive().default(3),
  /** Lifetime of put / get tickets (seconds; at most 600, what receivers accept). */
  ticketLifetimeSeconds: z.number().int().min(10).max(600).default(300),
  /** Replicas when an upload request says 0. */
  replicasDefault: z.number().int().min(1).max(16).default(3),
  /** Blocks to wait after an epoch's last block before reporting it (>= 1). */
  epochReportDelayBlocks: z.number().int().min(1).default(2),
  /** Refuse downloads (402) when the wallet's ozone balance is below the requested bytes. */
  requireOzoneForDownloads: z.boolean().default(true),
  /**
   * Activate newly registered resource nodes that heartbeat here (bonded, suspended, no effective
   * deposit): send MsgUpdateEffectiveDeposit for their whole deposit. A node suspended by slashing
   * looks the same on chain, so each node is activated at most once (remembered in the index).
   */
  activateNewNodes: z.boolean().default(true),
  /** How long `POST /v1/uploads/:id/complete` waits for missing acks before answering 409. */
  completeWaitMs: z.number().int().min(0).default(30_000),
  /** Chain follower poll interval. */
  pollIntervalMs: z.number().int().positive().default(1_000),
  /** Resource-node registry refresh interval. */
  registryRefreshMs: z.number().int().positive().default(30_000),
  /** Volume reporter interval. */
  reportIntervalMs: z.number().int().positive().default(2_000),
  /** Repair check interval. */
  repairIntervalMs: z.number().int().positive().default(15_000),
  /** First height the follower reads when the database is new (earlier prepays are not credited). */
  startHeight: z.number().int().min(1).default(1),
  /** Other meta nodes that co-sign volume reports. */
  cosigners: z.array(cosignerSchema).default([]),
  /** Gas price for the owner wallet's transactions. */
  gasPrice: z.string().optional(),
  /** fastify logger on/off. */
  log: z.boolean().default(false),
});

/** The configuration as written (defaults optional). */
export type MetaNodeConfigInput = z.input<typeof metaNodeConfigSchema>;
/** The configuration with defaults applied. */
export type MetaNodeConfig = z.output<typeof metaNodeConfigSchema>;

/** Parses and validates a configuration; throws an Error listing every problem. */
export function parseMetaNodeConfig(input: unknown): MetaNodeConfig {
  const r = metaNodeConfigSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`invalid meta node config:\n${lines.join("\n")}`);
  }
  return r.data;
}

/** Command-line overrides (commander option names). */
export interface MetaNodeFlags {
  dataDir?: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  chainId?: string;
  rpcUrl?: string;
  p2pKey?: string;
  ownerMnemonic?: string;
  replicas?: string;
  ticketLifetime?: string;
  healthTimeout?: string;
  epochReportDelay?: string;
}

/**
 * Reads the JSON config file (when given), applies flags and the environment
 * (`STRATOS_META_MNEMONIC`, `STRATOS_META_P2P_KEY`) and validates. A relative `dataDir` is resolved
 * against the config file's folder.
 */
export function loadMetaNodeConfig(file: string | undefined, flags: MetaNodeFlags = {}, env: NodeJS.ProcessEnv = process.env): MetaNodeConfig {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new Error(`cannot read config file ${file}: ${(e as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`config file ${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`config file ${file} must hold a JSON object`);
  }
  const num = (s: string | undefined, name: string): number | undefined => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${s}`);
    return n;
  };
  const over: Record<string, unknown> = {
    dataDir: flags.dataDir,
    host: flags.host,
    port: num(flags.port, "port"),
    publicUrl: flags.publicUrl,
    chainId: flags.chainId,
    rpcUrl: flags.rpcUrl,
    p2pKey: flags.p2pKey ?? (raw.p2pKey === undefined ? env.STRATOS_META_P2P_KEY : undefined),
    ownerMnemonic: flags.ownerMnemonic ?? (raw.ownerMnemonic === undefined ? env.STRATOS_META_MNEMONIC : undefined),
    replicasDefault: num(flags.replicas, "replicas"),
    ticketLifetimeSeconds: num(flags.ticketLifetime, "ticket-lifetime"),
    epochReportDelayBlocks: num(flags.epochReportDelay, "epoch-report-delay"),
  };
  const healthTimeout = num(flags.healthTimeout, "health-timeout");
  if (healthTimeout !== undefined) over.missedHeartbeats = healthTimeout;
  const merged: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) merged[k] = v;
  if (file && typeof merged.dataDir === "string" && !path.isAbsolute(merged.dataDir)) {
    merged.dataDir = path.resolve(path.dirname(file), merged.dataDir);
  }
  return parseMetaNodeConfig(merged);
}
