import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";

const HEX_KEY = /^(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/;

/** Byte counts: a non-negative safe integer, given as a JSON number or a decimal string. */
const byteCount = z
  .union([z.number(), z.string().regex(/^\d+$/, "a decimal integer")])
  .transform((v) => Number(v))
  .refine((n) => Number.isSafeInteger(n) && n >= 0, "a non-negative integer below 2^53");

/**
 * The resource node's configuration, as written in its JSON config file (camelCase keys) or passed
 * to `startResourceNode`. Exactly one of `privateKeyHex` and `keyFile` gives the node's ed25519 P2P
 * key. Unknown keys are refused (a typo must not silently fall back to a default).
 */
export const resourceNodeConfigSchema = z
  .object({
    /** Directory holding `slices/`, `quarantine/` (created when missing). */
    dataDir: z.string().min(1),
    /** Interface to listen on. */
    host: z.string().min(1).default("127.0.0.1"),
    /** TCP port; 0 picks a free one (the actual one is in the `url` that start returns). */
    port: z.number().int().min(0).max(65535).default(0),
    /** URL the meta node and the wallets reach this node at (default `http://host:port`). */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Chain id every envelope must carry, e.g. `stratos-localnet`. */
    chainId: z.string().min(1),
    /** The node's ed25519 P2P private key (32-byte seed or 64-byte seed||pubkey), hex. */
    privateKeyHex: z.string().regex(HEX_KEY, "32 or 64 bytes of hex").optional(),
    /** A file holding that key as hex (relative paths are relative to the config file). */
    keyFile: z.string().min(1).optional(),
    /** The meta node's base URL (acks, receipts and heartbeats go there). */
    metaUrl: z.url({ protocol: /^https?$/ }),
    /** The meta node's `stsds1...` address: tickets and orders must be signed by it. */
    metaAddress: z.string().regex(/^stsds1[02-9ac-hj-np-z]{38}$/, "an stsds1... address"),
    /** Disk quota for stored slices. */
    capacityBytes: byteCount,
    /** Heartbeat period (0 disables heartbeats). */
    heartbeatIntervalMs: z.number().int().min(0).default(30_000),
    /** How long accepted receipts are batched before they are forwarded to the meta node. */
    receiptFlushMs: z.number().int().min(1).default(2_000),
    /** Timeout of each request this node makes to the meta node or to a repair source. */
    requestTimeoutMs: z.number().int().min(1).default(30_000),
    /** Log level of the JSON log lines on stdout; `info` logs one line per request outcome. */
    logLevel: z.enum(["silent", "fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
    /**
     * Self-registration: when set, the node checks the chain at start and, if its address is not
     * a registered resource node, sends MsgCreateResourceNode from the owner wallet (the meta
     * nodes then set its effective deposit). Without it, the node must already be registered.
     */
    registration: z
      .object({
        rpcUrl: z.url({ protocol: /^https?$/ }),
        /** The owner wallet's mnemonic (prefer env STRATOS_RESOURCE_OWNER_MNEMONIC). */
        ownerMnemonic: z.string().min(1),
        /** Deposit in wei (decimal), at least the chain's resource_node_min_deposit. */
        depositWei: z.string().regex(/^[1-9][0-9]*$/, "a positive decimal integer"),
        moniker: z.string().min(1).max(70).default("resource-node"),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => (c.privateKeyHex === undefined) !== (c.keyFile === undefined), {
    message: "give exactly one of privateKeyHex and keyFile",
    path: ["privateKeyHex"],
  });

/** What may be passed in (defaults may be left out). */
export type ResourceNodeConfigInput = z.input<typeof resourceNodeConfigSchema>;
/** A checked configuration with the defaults filled in. */
export type ResourceNodeConfig = z.output<typeof resourceNodeConfigSchema>;

/** A configuration error: what is wrong, field by field. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`).join("; ");
}

/**
 * Checks a configuration object and fills in defaults. Throws ConfigError naming every bad field.
 *
 * @example
 * const config = parseResourceNodeConfig({ dataDir: "/tmp/rn", chainId: "stratos-localnet", ... });
 */
export function parseResourceNodeConfig(input: unknown): ResourceNodeConfig {
  const r = resourceNodeConfigSchema.safeParse(input);
  if (!r.success) throw new ConfigError(`invalid resource node config: ${describe(r.error)}`);
  return r.data;
}

/** CLI flags that override the config file (undefined = not given). */
export interface ConfigOverrides {
  dataDir?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  publicUrl?: string | undefined;
  chainId?: string | undefined;
  keyFile?: string | undefined;
  metaUrl?: string | undefined;
  metaAddress?: string | undefined;
  capacityBytes?: string | undefined;
  heartbeatIntervalMs?: number | undefined;
}

/**
 * Reads the JSON config file (if any), applies the CLI overrides and checks the result. Relative
 * `dataDir` and `keyFile` paths in the file are resolved against the file's folder; those given as
 * flags against the working directory. A `keyFile` flag replaces a `privateKeyHex` of the file.
 *
 * @example
 * const config = loadResourceNodeConfig("rn1.json", { port: 7001 });
 */
export function loadResourceNodeConfig(file: string | undefined, overrides: ConfigOverrides = {}): ResourceNodeConfig {
  let raw: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`config file ${file} is not JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError(`config file ${file} must hold a JSON object`);
    raw = { ...(parsed as Record<string, unknown>) };
    const base = dirname(resolve(file));
    if (typeof raw["dataDir"] === "string") raw["dataDir"] = resolve(base, raw["dataDir"]);
    if (typeof raw["keyFile"] === "string") raw["keyFile"] = resolve(base, raw["keyFile"]);
  }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    raw[k] = k === "dataDir" || k === "keyFile" ? resolve(String(v)) : v;
    if (k === "keyFile") delete raw["privateKeyHex"];
  }
  return parseResourceNodeConfig(raw);
}

/**
 * The node's private key bytes from `privateKeyHex` or `keyFile` (a file holding the hex key,
 * whitespace ignored). Throws ConfigError when the file is missing or malformed.
 *
 * @example
 * const key = nodeKeyFromSeed(readPrivateKey(config));
 */
export function readPrivateKey(config: Pick<ResourceNodeConfig, "privateKeyHex" | "keyFile">): Uint8Array {
  let hex = config.privateKeyHex;
  if (hex === undefined) {
    const file = config.keyFile ?? "";
    try {
      hex = readFileSync(file, "utf8").trim();
    } catch (e) {
      throw new ConfigError(`cannot read key file ${file}: ${(e as Error).message}`);
    }
    if (!HEX_KEY.test(hex)) throw new ConfigError(`key file ${file} must hold a 32- or 64-byte ed25519 key as hex`);
  }
  return Uint8Array.from(Buffer.from(hex, "hex"));
}
