import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { COMETBFT_BIN } from "./paths";

/** Ports of one node. */
export interface NodePorts {
  readonly rpc: number;
  readonly p2p: number;
  readonly abci: number;
}

/** What goes into a fresh node home. */
export interface NodeHomeOptions {
  readonly home: string;
  readonly chainId: string;
  readonly ports: NodePorts;
  readonly moniker?: string;
  /** CometBFT `timeout_commit`, e.g. "1s"; shorter in tests. */
  readonly timeoutCommit?: string;
  /** Mempool size in txs (CometBFT default 5000). */
  readonly mempoolSize?: number;
  readonly logLevel?: string;
  /**
   * `app_state` of genesis.json, or a function of the node's consensus key (made by
   * `cometbft init`) returning it, so the staking genesis can name the node as its validator.
   */
  readonly appState: Record<string, unknown> | ((node: { readonly consensusPubKey: Uint8Array }) => unknown);
  /**
   * Voting power of the node in genesis.json (`cometbft init` writes 10). Give the power its
   * staking genesis validator has, so genesis.json lists what InitChain returns.
   */
  readonly validatorPower?: bigint;
}

/** The ed25519 consensus key of a node home (`pub_key` of config/priv_validator_key.json), 32 bytes. */
export function readConsensusPubKey(home: string): Uint8Array {
  const file = path.join(home, "config", "priv_validator_key.json");
  const key = (JSON.parse(readFileSync(file, "utf8")) as { pub_key?: { type?: string; value?: string } }).pub_key;
  if (key?.type !== "tendermint/PubKeyEd25519" || !key.value) throw new Error(`${file} holds no ed25519 pub_key`);
  return new Uint8Array(Buffer.from(key.value, "base64"));
}

/** Replaces `key = value` inside `[section]` of a TOML text (CometBFT's flat config). */
export function setTomlKey(toml: string, section: string | undefined, key: string, value: string): string {
  const lines = toml.split("\n");
  let current: string | undefined;
  let done = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    if (current === section && new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*=`).test(line)) {
      lines[i] = `${key} = ${value}`;
      done = true;
      break;
    }
  }
  if (!done) throw new Error(`config key ${section ? section + "." : ""}${key} not found`);
  return lines.join("\n");
}

/** The value of `key` in `[section]` of a TOML text (CometBFT's flat config), or undefined. */
export function getTomlKey(toml: string, section: string | undefined, key: string): string | undefined {
  let current: string | undefined;
  for (const line of toml.split("\n")) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) current = header[1];
    else if (current === section) {
      const m = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
      if (m && m[1] === key) return m[2];
    }
  }
  return undefined;
}

/**
 * Sets keys of a home's `config/config.toml`: `"section.key"` (or `"key"` at the top) to a TOML
 * value, e.g. `{ "consensus.timeout_propose": '"1s"', "rpc.max_request_batch_size": "100" }`.
 */
export function setConfigKeys(home: string, entries: Readonly<Record<string, string>>): void {
  const file = path.join(home, "config", "config.toml");
  let toml = readFileSync(file, "utf8");
  for (const [lhs, value] of Object.entries(entries)) {
    const dot = lhs.lastIndexOf(".");
    toml = setTomlKey(toml, dot < 0 ? undefined : lhs.slice(0, dot), dot < 0 ? lhs : lhs.slice(dot + 1), value);
  }
  writeFileSync(file, toml);
}

/**
 * Creates a CometBFT home (config, keys, genesis) with `cometbft init`, then writes our
 * chain-id, app_state and node settings. Idempotent: an existing home is left as it is.
 * Returns true when it created the home.
 */
export function initNodeHome(opts: NodeHomeOptions): boolean {
  const configFile = path.join(opts.home, "config", "config.toml");
  if (existsSync(configFile)) return false;
  execFileSync(COMETBFT_BIN, ["init", "--home", opts.home], { stdio: "pipe" });
  let toml = readFileSync(configFile, "utf8");
  const q = (s: string) => JSON.stringify(s);
  toml = setTomlKey(toml, undefined, "proxy_app", q(`tcp://127.0.0.1:${opts.ports.abci}`));
  toml = setTomlKey(toml, undefined, "moniker", q(opts.moniker ?? "stratos-node"));
  toml = setTomlKey(toml, undefined, "log_level", q(opts.logLevel ?? "state:info,*:error"));
  toml = setTomlKey(toml, "rpc", "laddr", q(`tcp://127.0.0.1:${opts.ports.rpc}`));
  toml = setTomlKey(toml, "rpc", "cors_allowed_origins", '["*"]');
  toml = setTomlKey(toml, "p2p", "laddr", q(`tcp://127.0.0.1:${opts.ports.p2p}`));
  toml = setTomlKey(toml, "p2p", "addr_book_strict", "false");
  toml = setTomlKey(toml, "p2p", "allow_duplicate_ip", "true");
  toml = setTomlKey(toml, "consensus", "timeout_commit", q(opts.timeoutCommit ?? "1s"));
  toml = setTomlKey(toml, "mempool", "size", String(opts.mempoolSize ?? 5000));
  toml = setTomlKey(toml, "tx_index", "indexer", q("kv"));
  writeFileSync(configFile, toml);

  const genesisFile = path.join(opts.home, "config", "genesis.json");
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8")) as Record<string, unknown>;
  genesis["chain_id"] = opts.chainId;
  genesis["app_state"] = typeof opts.appState === "function" ? opts.appState({ consensusPubKey: readConsensusPubKey(opts.home) }) : opts.appState;
  if (opts.validatorPower !== undefined) {
    for (const v of genesis["validators"] as { power: string }[]) v.power = opts.validatorPower.toString();
  }
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2) + "\n");
  return true;
}
