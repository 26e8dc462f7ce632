import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { OutputTarget } from "./child-process";
import { DEV_SELF_BOND, WEI_PER_STOS, type StakingGenesisValidator } from "./genesis";
import { getTomlKey, initNodeHome, readConsensusPubKey, setConfigKeys, type NodePorts } from "./node-home";
import { LocalNode } from "./node-process";
import { freePorts } from "./ports";
import { fetchJson, pollUntil } from "./wait";

/** Ports of one member of a net: CometBFT's three, and the app's REST/gRPC when it serves them. */
export interface MemberPorts extends NodePorts {
  readonly api?: { readonly rest: number; readonly grpc: number };
}

/** A validator as genesis.json lists it (from its home's `priv_validator_key.json`). */
export interface GenesisValidator {
  readonly name: string;
  /** Consensus address: first 20 bytes of sha256(pubKey), upper-case hex (CometBFT's form). */
  readonly address: string;
  /** 32-byte ed25519 consensus public key. */
  readonly pubKey: Uint8Array;
  readonly power: bigint;
}

/** How to build and run a net of validators on this machine. */
export interface ValidatorNetOptions {
  /** Folder of the member homes: `node0` .. `node<N-1>` for validators, `full0`, ... for full nodes. */
  readonly dir: string;
  readonly chainId: string;
  /** Number of validators, all with the same voting power. */
  readonly validators: number;
  /** Voting power of each in genesis.json; default {@link DEV_VALIDATOR_POWER} (what the staking genesis gives them). */
  readonly power?: bigint;
  /** Ports of validator i at index i (see {@link localnetPorts} and {@link freeMemberPorts}). */
  readonly ports: readonly MemberPorts[];
  /**
   * genesis `app_state`, given the validators (their consensus keys exist only once the homes
   * are initialised). Called again for an existing net to check it was made from the same genesis.
   */
  readonly appState: (validators: readonly GenesisValidator[]) => unknown;
  /** CometBFT `timeout_commit` of every member. Default "1s". */
  readonly timeoutCommit?: string;
  readonly mempoolSize?: number;
  readonly minGasPrices?: string;
  readonly logLevel?: string;
  /** More config.toml keys for every member: `"section.key"` (or `"key"` at the top) to a TOML value. */
  readonly config?: Readonly<Record<string, string>>;
  /** Every member takes a state-sync snapshot every this many heights (default: none). */
  readonly snapshotInterval?: number;
  /** Snapshot chunk size of every member (default the app's, 4 MiB). */
  readonly snapshotChunkBytes?: number;
  /** Where each member's output goes, by member name (`node0`, `full0`, ...). */
  readonly output: (member: string) => OutputTarget;
}

/** One member of a net: its home, ports and the two processes (CometBFT and our app). */
export interface NetMember {
  /** `node<i>` for validators, `full<k>` for full nodes; also the home folder's name. */
  readonly name: string;
  readonly role: "validator" | "full";
  readonly home: string;
  readonly ports: MemberPorts;
  readonly rpcUrl: string;
  /** CometBFT's P2P id (hex of the node key's address). */
  readonly nodeId: string;
  readonly node: LocalNode;
}

/** An existing net whose homes do not match what the options describe. */
export class NetMismatchError extends Error {
  override readonly name = "NetMismatchError";
}

/** Voting power of a dev net's validator: its self-bond in STOS (the staking module's power reduction is 10^18 wei). */
export const DEV_VALIDATOR_POWER = DEV_SELF_BOND / WEI_PER_STOS;

/**
 * The staking genesis of a dev net's validators: validator i is operated and self-bonded
 * (DEV_SELF_BOND each, so the powers match genesis.json's) by `operators[i]`, a dev account.
 */
export function devStakingValidators(validators: readonly GenesisValidator[], operators: readonly { readonly address: string }[]): StakingGenesisValidator[] {
  if (validators.length > operators.length) throw new Error(`${validators.length} validators need as many operator accounts; there are ${operators.length} dev accounts`);
  return validators.map((v, i) => ({ consensusPubKey: v.pubKey, operatorAddress: operators[i]!.address, selfBond: DEV_SELF_BOND }));
}

/**
 * Config of every member on top of initNodeHome's: peers on one machine need not batch. With
 * CometBFT's defaults (100 ms each) a 4-validator net takes about twice as long per block as a
 * single validator, because each consensus step waits for a flush; with 10 ms it is close.
 */
export const LOCAL_PEER_CONFIG: Readonly<Record<string, string>> = {
  "p2p.flush_throttle_timeout": '"10ms"',
  "consensus.peer_gossip_sleep_duration": '"10ms"',
};

/** Port offset between two members of the localnet. */
export const LOCALNET_PORT_STEP = 100;
/** Offset of the first full node's ports from validator 0's. */
export const LOCALNET_FULL_NODE_OFFSET = 1000;

/**
 * Ports of localnet member `index`: validator 0 on the DESIGN.md contract ports (RPC 26657,
 * P2P 26656, ABCI 26658, REST 1317, gRPC 9090), validator i on each + 100·i; full node k
 * (`fullNode: true`) on each + 1000 + 100·k.
 */
export function localnetPorts(index: number, fullNode = false): MemberPorts & { readonly api: { readonly rest: number; readonly grpc: number } } {
  const d = (fullNode ? LOCALNET_FULL_NODE_OFFSET : 0) + LOCALNET_PORT_STEP * index;
  return { rpc: 26657 + d, p2p: 26656 + d, abci: 26658 + d, api: { rest: 1317 + d, grpc: 9090 + d } };
}

/** Free ports for a member that serves no REST/gRPC (tests, benchmarks). */
export async function freeMemberPorts(): Promise<MemberPorts> {
  return (await freeNetPorts(1))[0]!;
}

/** Free ports for `n` members, from one pass over the OS's free ports (so none is handed out twice). */
export async function freeNetPorts(n: number): Promise<MemberPorts[]> {
  const ports = await freePorts(3 * n);
  return Array.from({ length: n }, (_, i) => ({ rpc: ports[3 * i]!, p2p: ports[3 * i + 1]!, abci: ports[3 * i + 2]! }));
}

/** CometBFT's node id of a home: hex(sha256(ed25519 public key)[0:20]) from `config/node_key.json`. */
export function readNodeId(home: string): string {
  const key = JSON.parse(readFileSync(path.join(home, "config", "node_key.json"), "utf8")) as { priv_key: { value: string } };
  // The Go ed25519 private key is seed || public key.
  const pub = Buffer.from(key.priv_key.value, "base64").subarray(32, 64);
  return createHash("sha256").update(pub).digest().subarray(0, 20).toString("hex");
}

/** The validator of a home, from its consensus key (`config/priv_validator_key.json`). */
export function readGenesisValidator(home: string, name: string, power = DEV_VALIDATOR_POWER): GenesisValidator {
  const pubKey = readConsensusPubKey(home);
  return { name, address: createHash("sha256").update(pubKey).digest().subarray(0, 20).toString("hex").toUpperCase(), pubKey, power };
}

/** What a new full node needs to join a running net: its genesis and some peers. */
export interface JoinInfo {
  readonly genesis: Record<string, unknown>;
  /** `id@host:port` of the nodes to dial. */
  readonly peers: readonly string[];
}

/**
 * Reads genesis and peers from a running node's RPC: `genesis`, `status` (the node itself) and
 * `net_info` (the peers it is connected to). What an operator needs to join a full node.
 */
export async function joinInfoFromRpc(rpcUrl: string): Promise<JoinInfo> {
  type Status = { result?: { node_info: { id: string; listen_addr: string } } };
  type NetInfo = { result?: { peers: { node_info: { id: string; listen_addr: string }; remote_ip: string }[] } };
  const genesis = ((await fetchJson(`${rpcUrl}/genesis`, 10_000)) as { result?: { genesis: Record<string, unknown> } } | undefined)?.result?.genesis;
  const status = ((await fetchJson(`${rpcUrl}/status`, 10_000)) as Status | undefined)?.result;
  const netInfo = ((await fetchJson(`${rpcUrl}/net_info`, 10_000)) as NetInfo | undefined)?.result;
  if (!genesis || !status || !netInfo) throw new Error(`${rpcUrl} did not answer genesis/status/net_info; is the net running?`);
  const addr = (listen: string, ip?: string) => {
    const hostPort = listen.replace(/^[a-z]+:\/\//, "");
    // A node listening on all interfaces advertises 0.0.0.0; dial the address we reached it at.
    return hostPort.startsWith("0.0.0.0:") && ip ? `${ip}:${hostPort.split(":")[1]}` : hostPort;
  };
  const peers = [`${status.node_info.id}@${addr(status.node_info.listen_addr, new URL(rpcUrl).hostname)}`, ...netInfo.peers.map((p) => `${p.node_info.id}@${addr(p.node_info.listen_addr, p.remote_ip)}`)];
  return { genesis, peers: [...new Set(peers)] };
}

/** What goes into a full node's home. */
export interface FullNodeHomeOptions {
  readonly home: string;
  readonly ports: MemberPorts;
  readonly join: JoinInfo;
  readonly moniker?: string;
  readonly timeoutCommit?: string;
  readonly mempoolSize?: number;
  readonly logLevel?: string;
  readonly config?: Readonly<Record<string, string>>;
  /** Join by state sync (restore a peer's snapshot, then blocks from there) instead of from height 1. */
  readonly stateSync?: StateSyncTrust;
}

/** What CometBFT's state sync needs: RPC servers for its light client, and one header it trusts. */
export interface StateSyncTrust {
  /** At least two (a primary and a witness); `host:port` or URLs. */
  readonly rpcServers: readonly string[];
  readonly height: bigint;
  /** Hash of the block at `height`, upper-case hex. */
  readonly hash: string;
  /** How long to look for snapshots before choosing one (CometBFT's minimum is 5 s). Default "10s". */
  readonly discoveryTime?: string;
}

/**
 * A trusted header for state sync, as an operator takes it from RPC servers they trust: the
 * block hash at the latest height of the first, and the servers themselves (the first two, or
 * the first twice when only one is given, since CometBFT requires two entries).
 */
export async function stateSyncTrustFromRpc(rpcUrls: readonly string[]): Promise<StateSyncTrust> {
  if (rpcUrls.length === 0) throw new Error("state sync needs at least one RPC server");
  type Commit = { result?: { signed_header: { header: { height: string }; commit: { block_id: { hash: string } } } } };
  const commit = ((await fetchJson(`${rpcUrls[0]}/commit`, 10_000)) as Commit | undefined)?.result?.signed_header;
  if (!commit) throw new Error(`${rpcUrls[0]} did not answer /commit; is the net running?`);
  const servers = rpcUrls.length >= 2 ? rpcUrls.slice(0, 2) : [rpcUrls[0]!, rpcUrls[0]!];
  return { rpcServers: servers, height: BigInt(commit.header.height), hash: commit.commit.block_id.hash };
}

/** The config.toml keys that turn state sync on. */
export function stateSyncConfig(trust: StateSyncTrust): Record<string, string> {
  return {
    "statesync.enable": "true",
    "statesync.rpc_servers": JSON.stringify(trust.rpcServers.join(",")),
    "statesync.trust_height": trust.height.toString(),
    "statesync.trust_hash": JSON.stringify(trust.hash),
    "statesync.trust_period": '"168h0m0s"',
    "statesync.discovery_time": JSON.stringify(trust.discoveryTime ?? "10s"),
  };
}

/**
 * Creates a non-validator home: `cometbft init`, the net's genesis, the peers as
 * `persistent_peers`. It syncs from blocks (CometBFT's blocksync from height 1, then
 * consensus), or with `stateSync` restores the newest snapshot its peers offer and syncs
 * blocks from there. Idempotent like initNodeHome: an existing home is left as it is
 * (returns false).
 */
export function initFullNodeHome(opts: FullNodeHomeOptions): boolean {
  const chainId = opts.join.genesis["chain_id"];
  if (typeof chainId !== "string") throw new Error("the genesis has no chain_id");
  const created = initNodeHome({
    home: opts.home,
    chainId,
    ports: opts.ports,
    moniker: opts.moniker ?? path.basename(opts.home),
    ...(opts.timeoutCommit ? { timeoutCommit: opts.timeoutCommit } : {}),
    ...(opts.mempoolSize ? { mempoolSize: opts.mempoolSize } : {}),
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
    appState: {},
  });
  if (!created) return false;
  writeFileSync(path.join(opts.home, "config", "genesis.json"), JSON.stringify(opts.join.genesis, null, 2) + "\n");
  setConfigKeys(opts.home, {
    ...LOCAL_PEER_CONFIG,
    ...(opts.config ?? {}),
    "p2p.persistent_peers": JSON.stringify(opts.join.peers.join(",")),
    ...(opts.stateSync ? stateSyncConfig(opts.stateSync) : {}),
  });
  return true;
}

/**
 * N validators on this machine, each a CometBFT plus our app with its own home and ports, with
 * one genesis listing all of them at equal power and every validator a persistent peer of the
 * others; full nodes can join later ({@link ValidatorNet.addFullNode}). Used by
 * `make localnet VALIDATORS=4`, the fault tests and the benchmark.
 */
export class ValidatorNet {
  private removedFullNodes = 0;

  private constructor(
    readonly options: ValidatorNetOptions,
    readonly members: NetMember[],
    /** True when {@link ValidatorNet.create} made the homes, false when it found them. */
    readonly created: boolean,
  ) {}

  /**
   * Creates the validator homes (or opens them when they exist: all of them, made from the same
   * genesis, or a NetMismatchError says what differs). Starts nothing.
   */
  static create(options: ValidatorNetOptions): ValidatorNet {
    const n = options.validators;
    if (!Number.isInteger(n) || n < 1) throw new Error(`validators must be a positive whole number, got ${n}`);
    if (options.ports.length < n) throw new Error(`need ports for ${n} validators, got ${options.ports.length}`);
    const homes = Array.from({ length: n }, (_, i) => path.join(options.dir, `node${i}`));
    const exists = homes.map((h) => existsSync(path.join(h, "config", "genesis.json")));
    const created = exists.every((e) => !e);
    if (created) {
      if (existsSync(path.join(options.dir, `node${n}`, "config"))) throw new NetMismatchError(`${options.dir} holds a net of more than ${n} validators`);
      mkdirSync(options.dir, { recursive: true });
      homes.forEach((home, i) => {
        initNodeHome({
          home,
          chainId: options.chainId,
          ports: options.ports[i]!,
          moniker: `node${i}`,
          ...(options.timeoutCommit ? { timeoutCommit: options.timeoutCommit } : {}),
          ...(options.mempoolSize ? { mempoolSize: options.mempoolSize } : {}),
          ...(options.logLevel ? { logLevel: options.logLevel } : {}),
          appState: {},
        });
      });
    } else if (!exists.every((e) => e)) {
      throw new NetMismatchError(`${options.dir} holds ${exists.filter((e) => e).length} of ${n} validator homes (a net with another number of validators, or one whose creation was interrupted)`);
    }
    const validators = homes.map((h, i) => readGenesisValidator(h, `node${i}`, options.power));
    if (created) {
      const genesis = JSON.parse(readFileSync(path.join(homes[0]!, "config", "genesis.json"), "utf8")) as Record<string, unknown>;
      genesis["validators"] = validators.map((v) => ({
        address: v.address,
        pub_key: { type: "tendermint/PubKeyEd25519", value: Buffer.from(v.pubKey).toString("base64") },
        power: v.power.toString(),
        name: v.name,
      }));
      genesis["app_state"] = options.appState(validators);
      const ids = homes.map(readNodeId);
      homes.forEach((home, i) => {
        const peers = ids.flatMap((id, j) => (j === i ? [] : [`${id}@127.0.0.1:${options.ports[j]!.p2p}`]));
        setConfigKeys(home, { ...LOCAL_PEER_CONFIG, ...(options.config ?? {}), "p2p.persistent_peers": JSON.stringify(peers.join(",")) });
        // Written last: a home with this genesis is complete.
        writeFileSync(path.join(home, "config", "genesis.json"), JSON.stringify(genesis, null, 2) + "\n");
      });
    }
    const stored = JSON.parse(readFileSync(path.join(homes[0]!, "config", "genesis.json"), "utf8")) as { validators?: unknown[]; app_state?: unknown };
    if ((stored.validators ?? []).length !== n) throw new NetMismatchError(`${options.dir} holds a net of ${(stored.validators ?? []).length} validators, not ${n}`);
    if (JSON.stringify(stored.app_state) !== JSON.stringify(options.appState(validators))) throw new NetMismatchError(`the chain in ${options.dir} was created from a different genesis`);
    const members = homes.map((home, i) => ValidatorNet.member(options, `node${i}`, "validator", home, options.ports[i]!));
    return new ValidatorNet(options, members, created);
  }

  /** How many validators the genesis in `<dir>/node0` lists (0 when there is no net in `dir`). */
  static validatorsIn(dir: string): number {
    const file = path.join(dir, "node0", "config", "genesis.json");
    if (!existsSync(file)) return 0;
    return ((JSON.parse(readFileSync(file, "utf8")) as { validators?: unknown[] }).validators ?? []).length;
  }

  private static member(options: ValidatorNetOptions, name: string, role: NetMember["role"], home: string, ports: MemberPorts): NetMember {
    const node = new LocalNode({
      home,
      ports,
      ...(options.minGasPrices ? { minGasPrices: options.minGasPrices } : {}),
      ...(ports.api ? { api: ports.api } : {}),
      ...(options.snapshotInterval ? { snapshotInterval: options.snapshotInterval } : {}),
      ...(options.snapshotChunkBytes ? { snapshotChunkBytes: options.snapshotChunkBytes } : {}),
      output: options.output(name),
    });
    return { name, role, home, ports, rpcUrl: node.rpcUrl, nodeId: readNodeId(home), node };
  }

  get validators(): NetMember[] {
    return this.members.filter((m) => m.role === "validator");
  }

  get fullNodes(): NetMember[] {
    return this.members.filter((m) => m.role === "full");
  }

  /** Starts every member (each its app, then its CometBFT), and waits until each has block 1. */
  async start(timeoutMs = 120_000): Promise<void> {
    await Promise.all(this.members.map((m) => m.node.start()));
    await this.waitAllAtLeast(1n, timeoutMs);
  }

  /** Stops every member (CometBFT, then the app). */
  async stop(graceMs = 10_000): Promise<void> {
    await Promise.all(this.members.map((m) => m.node.stop(graceMs)));
  }

  /**
   * Brings a member back after a fault: stops whatever of it still runs (CometBFT stops
   * itself when its app dies), then starts the app and CometBFT again.
   */
  async restart(member: NetMember): Promise<void> {
    await member.node.stop(5_000);
    await member.node.start();
  }

  /** The height of each of `members` (default all; undefined while its RPC does not answer), in that order. */
  heights(members: readonly NetMember[] = this.members): Promise<(bigint | undefined)[]> {
    return Promise.all(members.map((m) => m.node.height()));
  }

  /** Resolves once every member in `members` (default all) has reached `height`. */
  async waitAllAtLeast(height: bigint, timeoutMs = 60_000, members: readonly NetMember[] = this.members): Promise<void> {
    await Promise.all(members.map((m) => m.node.waitForHeight(height, timeoutMs)));
  }

  /**
   * Joins a new full node (no voting power), dialing the validators given by a running member's
   * RPC (genesis from `genesis`, peers from `status` and `net_info`, as an operator would), and
   * starts it. It syncs from blocks, or with `stateSync` restores a snapshot first (trusting
   * the latest header of two live members); it does not wait for that.
   */
  async addFullNode(opts: { readonly ports?: MemberPorts; readonly stateSync?: boolean; readonly discoveryTime?: string } = {}): Promise<NetMember> {
    const { ports } = opts;
    // Not reused after remove(): a new node gets a new home (an existing one is continued, for a net opened again).
    const name = `full${this.fullNodes.length + this.removedFullNodes}`;
    const home = path.join(this.options.dir, name);
    const from = await this.firstLive();
    const exists = existsSync(path.join(home, "config"));
    const memberPorts = exists ? readPorts(home) : (ports ?? (await freeMemberPorts()));
    initFullNodeHome({
      home,
      ports: memberPorts,
      join: await joinInfoFromRpc(from.rpcUrl),
      ...(this.options.timeoutCommit ? { timeoutCommit: this.options.timeoutCommit } : {}),
      ...(this.options.mempoolSize ? { mempoolSize: this.options.mempoolSize } : {}),
      ...(this.options.logLevel ? { logLevel: this.options.logLevel } : {}),
      ...(this.options.config ? { config: this.options.config } : {}),
      ...(opts.stateSync && !exists ? { stateSync: { ...(await stateSyncTrustFromRpc(await this.liveRpcUrls(2))), ...(opts.discoveryTime ? { discoveryTime: opts.discoveryTime } : {}) } } : {}),
    });
    const member = ValidatorNet.member(this.options, name, "full", home, memberPorts);
    this.members.push(member);
    await member.node.start();
    return member;
  }

  /** Stops a member and drops it from the net (its home stays). */
  async remove(member: NetMember): Promise<void> {
    await member.node.stop();
    const i = this.members.indexOf(member);
    if (i < 0) return;
    this.members.splice(i, 1);
    if (member.role === "full") this.removedFullNodes++;
  }

  /** RPC URLs of up to `n` members whose RPC answers. */
  private async liveRpcUrls(n: number): Promise<string[]> {
    const heights = await this.heights();
    return this.members.filter((_, i) => heights[i] !== undefined).slice(0, n).map((m) => m.rpcUrl);
  }

  /** The first member whose RPC answers. */
  private async firstLive(): Promise<NetMember> {
    return pollUntil(
      async () => {
        for (const m of this.members) if ((await m.node.height()) !== undefined) return m;
        return undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, timeoutMessage: () => "no member of the net answers RPC" },
    );
  }
}

/** The RPC/P2P/ABCI ports a home was configured with. */
function readPorts(home: string): MemberPorts {
  const toml = readFileSync(path.join(home, "config", "config.toml"), "utf8");
  const port = (section: string | undefined, key: string) => {
    const m = /:(\d+)"$/.exec(getTomlKey(toml, section, key) ?? "");
    if (!m) throw new Error(`${home}: no port in ${section ? section + "." : ""}${key}`);
    return Number(m[1]);
  };
  return { rpc: port("rpc", "laddr"), p2p: port("p2p", "laddr"), abci: port(undefined, "proxy_app") };
}
