/**
 * The localnet: one validator (CometBFT v0.38.25 + our app), or VALIDATORS of them on this
 * machine, with the contract of DESIGN.md section 5: chain-id stratos-localnet, validator 0 on
 * RPC 26657, P2P 26656, ABCI 26658, REST 1317, gRPC 9090 (validator i on each + 100·i), state
 * under .localnet/. Commands: run (foreground), start (background), stop, reset, status, and
 * full-node [--state-sync] (joins a full node to the running net, in the foreground). Every
 * validator takes a state-sync snapshot every 100 heights.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  devAppState,
  devStakingValidators,
  healthyResourceNodes,
  initFullNodeHome,
  isRunning,
  joinInfoFromRpc,
  LocalMesh,
  LocalNode,
  localnetPorts,
  loadDevAccounts,
  loadNodeKeys,
  NetMismatchError,
  pollUntil,
  REPO_ROOT,
  stateSyncTrustFromRpc,
  ValidatorNet,
  type MemberPorts,
  type OutputTarget,
  type StateSyncTrust,
} from "../lib";
import { rpcHeight } from "../lib/node-process";

const CHAIN_ID = "stratos-localnet";
// The contract is .localnet/ and validator 0 on ports 26656-26658, 1317, 9090; the variables
// exist so the test of this script can run it on a temporary folder and free ports while a
// real localnet is up.
const ROOT = path.resolve(process.env["STRATOS_LOCALNET_DIR"] ?? path.join(REPO_ROOT, ".localnet"));
const LOG_DIR = path.join(ROOT, "logs");
const PID_FILE = path.join(ROOT, "localnet.pid");
const FULL_NODE_HOME = path.join(ROOT, "full0");
/** Each dev account operates one validator. */
const MAX_VALIDATORS = loadDevAccounts().length;

const NODE_KEYS = loadNodeKeys();
const RESOURCE_COUNT = NODE_KEYS.filter((k) => k.role === "resource").length;
// Storage daemons: the meta node on 18100, resource nodes on 18201, 18202, ...
const MESH_PORTS = meshPortsFromEnv(process.env["STRATOS_LOCALNET_MESH_PORTS"]) ?? { meta: 18100, resources: Array.from({ length: RESOURCE_COUNT }, (_, i) => 18201 + i) };

function meshPortsFromEnv(value: string | undefined): { meta: number; resources: number[] } | undefined {
  if (!value) return undefined;
  const ports = value.split(",").map(Number);
  if (ports.length < 1 + RESOURCE_COUNT || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
    throw new Error(`STRATOS_LOCALNET_MESH_PORTS must be meta,resource1,...,resource${RESOURCE_COUNT}; got ${value}`);
  }
  return { meta: ports[0]!, resources: ports.slice(1) };
}

/** `rpc,p2p,abci,rest,grpc` repeated once per node, from an environment variable. */
function portsFromEnv(name: string): MemberPorts[] | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  const ports = value.split(",").map(Number);
  if (ports.length === 0 || ports.length % 5 !== 0 || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) throw new Error(`${name} must be rpc,p2p,abci,rest,grpc (repeated per node); got ${value}`);
  return Array.from({ length: ports.length / 5 }, (_, i) => {
    const [rpc, p2p, abci, rest, grpc] = ports.slice(5 * i, 5 * i + 5) as [number, number, number, number, number];
    return { rpc, p2p, abci, api: { rest, grpc } };
  });
}
const ENV_PORTS = portsFromEnv("STRATOS_LOCALNET_PORTS");
const FULL_NODE_PORTS = portsFromEnv("STRATOS_LOCALNET_FULL_NODE_PORTS")?.[0] ?? localnetPorts(0, true);

/** Ports of validator i. */
function validatorPorts(i: number): MemberPorts {
  if (!ENV_PORTS) return localnetPorts(i);
  const p = ENV_PORTS[i];
  if (!p) throw new Error(`STRATOS_LOCALNET_PORTS lists ports for ${ENV_PORTS.length} validator(s); validator ${i} has none`);
  return p;
}

const MIN_GAS_PRICES = "1000000000wei";
/** Every validator takes a state-sync snapshot at heights divisible by this (STRATOS_LOCALNET_SNAPSHOT_INTERVAL; 0: none). */
const SNAPSHOT_INTERVAL = snapshotIntervalFromEnv(process.env["STRATOS_LOCALNET_SNAPSHOT_INTERVAL"]);

function snapshotIntervalFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return 100;
  if (!/^[0-9]{1,9}$/.test(value)) throw new Error(`STRATOS_LOCALNET_SNAPSHOT_INTERVAL must be a whole number of heights; got ${value}`);
  return Number(value);
}

/** `--validators N` (the Makefile's VALIDATORS), or undefined when not given. */
function askedValidators(args: readonly string[]): number | undefined {
  const i = args.indexOf("--validators");
  const raw = i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_VALIDATORS) throw new Error(`VALIDATORS must be 1 to ${MAX_VALIDATORS} (one per dev account); got ${raw}`);
  return n;
}

/**
 * How many validators the net has: what `.localnet/` holds, else what was asked (default 1).
 * Asking for another number than an existing net has is refused (reset it first).
 */
function validatorCount(asked: number | undefined): number {
  const existing = ValidatorNet.validatorsIn(ROOT);
  if (existing > 0 && asked !== undefined && asked !== existing) {
    throw new Error(`the chain in ${path.relative(REPO_ROOT, ROOT)}/ has ${existing} validator(s), not ${asked}; run \`make localnet-reset\` first, or leave VALIDATORS out to continue it`);
  }
  return existing > 0 ? existing : (asked ?? 1);
}

/**
 * The net in .localnet/ (created when absent): validator i operated and self-bonded by dev
 * account i. A chain created by another version of this repository (a different genesis)
 * cannot be continued by this code: its state lacks what this genesis would have put there.
 */
function openNet(validators: number, output: (member: string) => OutputTarget): ValidatorNet {
  const accounts = loadDevAccounts();
  try {
    return ValidatorNet.create({
      dir: ROOT,
      chainId: CHAIN_ID,
      validators,
      ports: Array.from({ length: validators }, (_, i) => validatorPorts(i)),
      timeoutCommit: "1s",
      mempoolSize: 20_000,
      minGasPrices: MIN_GAS_PRICES,
      snapshotInterval: SNAPSHOT_INTERVAL,
      appState: (vals) => devAppState(accounts, undefined, { nodes: NODE_KEYS, validators: devStakingValidators(vals, accounts) }),
      output,
    });
  } catch (e) {
    if (e instanceof NetMismatchError) throw new Error(`${e.message} (an older version of this repository?); run \`make localnet-reset\` to start a fresh one`);
    throw e;
  }
}

function runningPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    unlinkSync(PID_FILE);
    return undefined;
  }
}

function banner(validators: number): void {
  const p0 = validatorPorts(0);
  const others = Array.from({ length: validators - 1 }, (_, k) => {
    const p = validatorPorts(k + 1);
    return `  node${k + 1}      RPC http://127.0.0.1:${p.rpc}, P2P ${p.p2p}, ABCI ${p.abci}, REST ${p.api?.rest}, gRPC ${p.api?.grpc}`;
  });
  console.log(`
Stratos localnet is producing blocks${validators > 1 ? ` (${validators} validators)` : ""}.
  chain-id   ${CHAIN_ID}
  RPC        http://127.0.0.1:${p0.rpc}
  REST       http://127.0.0.1:${p0.api?.rest}
  gRPC       127.0.0.1:${p0.api?.grpc}
  ABCI       tcp://127.0.0.1:${p0.abci}
${others.length > 0 ? `${others.join("\n")}\n` : ""}  state      ${path.relative(REPO_ROOT, ROOT)}/
  accounts   ${loadDevAccounts().map((a) => a.name).join(", ")} (localnet/dev-accounts.json)
  meta node  http://127.0.0.1:${MESH_PORTS.meta} (${NODE_KEYS.find((k) => k.role === "meta")!.name})
  resources  ${MESH_PORTS.resources.map((p) => `http://127.0.0.1:${p}`).join(", ")}
  CLI        npx stratos --help (STRATOS_MNEMONIC or --mnemonic-file for the wallet)
`);
}

async function run(logDir: string | undefined, asked: number | undefined): Promise<void> {
  const n = validatorCount(asked);
  // Validator 0 prints to the terminal (or .localnet/logs/); the others log to .localnet/logs/node<i>/.
  const output = (member: string): OutputTarget => (member === "node0" ? (logDir ? { logDir } : "inherit") : { logDir: path.join(LOG_DIR, member) });
  const net = openNet(n, output);
  console.log(net.created ? `created ${path.relative(REPO_ROOT, ROOT)}/ (chain-id ${CHAIN_ID}, ${n} validator${n > 1 ? "s" : ""})` : `continuing the chain in ${path.relative(REPO_ROOT, ROOT)}/ (${n} validator${n > 1 ? "s" : ""})`);
  if (n > 1) console.log(`logs of node1..node${n - 1} in ${path.relative(REPO_ROOT, LOG_DIR)}/node<i>/`);
  const v0 = net.validators[0]!;
  const mesh = new LocalMesh({ dir: path.join(ROOT, "mesh"), chainId: CHAIN_ID, rpcUrl: v0.rpcUrl, nodes: NODE_KEYS, ports: MESH_PORTS, output: logDir ? { logDir } : "inherit" });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("stopping the storage daemons, CometBFT, then the app ...");
    await mesh.stop();
    await net.stop();
    if (existsSync(PID_FILE) && Number(readFileSync(PID_FILE, "utf8")) === process.pid) unlinkSync(PID_FILE);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  let up = false;
  await Promise.all(net.members.map((m) => m.node.start()));
  for (const m of net.members) {
    for (const [name, child] of [["app", m.node.app], ["cometbft", m.node.comet]] as const) {
      child?.once("exit", (code, signal) => {
        if (stopping) return;
        // One of several validators may go (the others keep a 2/3 majority); a lone one may not,
        // nor any during start-up.
        if (n > 1 && up) {
          console.error(`${m.name}: ${name} exited (${code ?? signal}); the other validators keep running (make localnet-stop stops all)`);
          return;
        }
        console.error(`${n > 1 ? `${m.name}: ` : ""}${name} exited unexpectedly (${code ?? signal}); stopping the localnet`);
        void shutdown(1);
      });
    }
  }
  try {
    await net.waitAllAtLeast(1n, 60_000);
    await mesh.start(120_000);
  } catch (e) {
    // Nothing is left running when start-up fails (the daemons and the nodes are stopped).
    console.error(`localnet: ${(e as Error).message}`);
    await shutdown(1);
    return;
  }
  up = true;
  for (const d of [mesh.meta, ...mesh.resources]) {
    d.child?.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`${d.options.name} exited (${code ?? signal}); the rest keeps running`);
    });
  }
  banner(n);
}

async function start(asked: number | undefined): Promise<void> {
  const n = validatorCount(asked);
  const pid = runningPid();
  if (pid) {
    console.log(`localnet already running (pid ${pid})`);
    return;
  }
  if (ValidatorNet.validatorsIn(ROOT) > 0) openNet(n, () => "ignore"); // refuses a stale or different net now, not in the background
  mkdirSync(LOG_DIR, { recursive: true });
  const out = openSync(path.join(LOG_DIR, "localnet.log"), "a");
  const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), __filename, "run", "--log-dir", LOG_DIR, "--validators", String(n)], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  writeFileSync(PID_FILE, String(child.pid));
  child.unref();
  const rpcUrls = Array.from({ length: n }, (_, i) => `http://127.0.0.1:${validatorPorts(i).rpc}`);
  const logs = path.relative(REPO_ROOT, LOG_DIR);
  const alive = (): void => {
    if (child.exitCode !== null) throw new Error(`localnet exited during start-up; see ${logs}/`);
  };
  const deadline = Date.now() + 180_000;
  await pollUntil(
    async () => {
      alive();
      const hs = await Promise.all(rpcUrls.map(rpcHeight));
      return hs.every((h) => h !== undefined && h >= 2n) ? true : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 250, timeoutMessage: () => `no blocks after 180 s; see ${logs}/` },
  );
  // The storage daemons come up after the first block; wait until the meta node sees them all.
  await pollUntil(
    async () => {
      alive();
      return ((await healthyResourceNodes(`http://127.0.0.1:${MESH_PORTS.meta}`)) ?? -1) >= RESOURCE_COUNT ? true : undefined;
    },
    { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 250, timeoutMessage: () => `the storage daemons did not come up within 180 s; see ${logs}/` },
  );
  banner(n);
  console.log(`running in the background (pid ${child.pid}); logs in ${path.relative(REPO_ROOT, LOG_DIR)}/; stop with make localnet-stop`);
}

async function stop(): Promise<void> {
  const pid = runningPid();
  if (!pid) {
    console.log("localnet is not running");
    return;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      if (existsSync(PID_FILE)) unlinkSync(PID_FILE);
      console.log("localnet stopped");
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(-pid, "SIGKILL");
  if (existsSync(PID_FILE)) unlinkSync(PID_FILE);
  console.log("localnet did not stop within 60 s; killed");
}

async function reset(): Promise<void> {
  await stop();
  rmSync(ROOT, { recursive: true, force: true });
  console.log(`removed ${path.relative(REPO_ROOT, ROOT)}/`);
}

async function status(): Promise<void> {
  const pid = runningPid();
  const n = Math.max(1, ValidatorNet.validatorsIn(ROOT));
  const heights = await Promise.all(Array.from({ length: n }, (_, i) => rpcHeight(`http://127.0.0.1:${validatorPorts(i).rpc}`)));
  const h = heights[0];
  console.log(pid ? `running (pid ${pid}), height ${h ?? "unknown"}` : h !== undefined ? `RPC answers at height ${h} (started in the foreground)` : "not running");
  if (n > 1) heights.forEach((hi, i) => console.log(`  node${i}  RPC http://127.0.0.1:${validatorPorts(i).rpc}  ${hi === undefined ? "not answering" : `height ${hi}`}`));
}

/**
 * Joins a full node (no voting power) to the running net, as an operator would: genesis and
 * peers from validator 0's RPC; state from blocks, or with `stateSync` from the newest snapshot
 * the validators offer (trusting the latest header of validators 0 and 1). Runs in the
 * foreground in .localnet/full0/ (Ctrl-C stops it; running it again continues).
 */
async function fullNode(stateSync: boolean): Promise<void> {
  const v0 = validatorPorts(0);
  const rpcUrl = `http://127.0.0.1:${v0.rpc}`;
  const ports = FULL_NODE_PORTS;
  let trust: StateSyncTrust | undefined;
  if (stateSync && !existsSync(FULL_NODE_HOME)) {
    const servers = Array.from({ length: Math.min(2, Math.max(1, ValidatorNet.validatorsIn(ROOT))) }, (_, i) => `http://127.0.0.1:${validatorPorts(i).rpc}`);
    trust = await stateSyncTrustFromRpc(servers);
  }
  const created = initFullNodeHome({ home: FULL_NODE_HOME, ports, join: await joinInfoFromRpc(rpcUrl), timeoutCommit: "1s", mempoolSize: 20_000, ...(trust ? { stateSync: trust } : {}) });
  console.log(`${created ? "created" : "continuing"} the full node in ${path.relative(REPO_ROOT, FULL_NODE_HOME)}/ (peers and genesis from ${rpcUrl})`);
  if (trust) console.log(`state sync: restoring the newest snapshot the peers offer, trusting block ${trust.height} (${trust.hash}) from ${trust.rpcServers.join(" and ")}`);
  else if (stateSync) console.log("state sync: the full node exists already, so it continues from its own state");
  const node = new LocalNode({ home: FULL_NODE_HOME, ports, minGasPrices: MIN_GAS_PRICES, ...(ports.api ? { api: ports.api } : {}), output: { logDir: path.join(LOG_DIR, "full0") } });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await node.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  await node.start();
  for (const [name, child] of [["app", node.app], ["cometbft", node.comet]] as const) {
    child?.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`full node: ${name} exited (${code ?? signal}); stopping it`);
      void shutdown(1);
    });
  }
  const t0 = Date.now();
  await pollUntil(
    async () => {
      if (!isRunning(node.comet)) return undefined;
      const [own, tip] = await Promise.all([node.height(), rpcHeight(rpcUrl)]);
      return own !== undefined && tip !== undefined && own >= tip ? own : undefined;
    },
    { timeoutMs: 24 * 3_600_000, intervalMs: 500, timeoutMessage: () => "the full node did not catch up" },
  ).then((h) => {
    console.log(`
Full node synced to height ${h} in ${((Date.now() - t0) / 1000).toFixed(1)} s and follows the chain.
  RPC   http://127.0.0.1:${ports.rpc}
  P2P   ${ports.p2p}, ABCI ${ports.abci}${ports.api ? `, REST ${ports.api.rest}, gRPC ${ports.api.grpc}` : ""}
  logs  ${path.relative(REPO_ROOT, path.join(LOG_DIR, "full0"))}/
Ctrl-C stops it.`);
  });
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  const logDirIdx = rest.indexOf("--log-dir");
  const logDir = logDirIdx >= 0 ? rest[logDirIdx + 1] : undefined;
  const asked = askedValidators(rest);
  switch (cmd) {
    case "run":
      return run(logDir, asked);
    case "start":
      return start(asked);
    case "stop":
      return stop();
    case "reset":
      return reset();
    case "status":
      return status();
    case "full-node":
      return fullNode(rest.includes("--state-sync"));
    default:
      console.error("usage: localnet.ts run|start|stop|reset|status|full-node [--state-sync] [--validators N]");
      process.exit(2);
  }
}

main().catch((e: unknown) => {
  console.error(`localnet: ${(e as Error).message}`);
  process.exit(1);
});
