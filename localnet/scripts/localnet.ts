/**
 * The localnet: one validator (CometBFT v0.38.25 + our app) with the contract of DESIGN.md
 * section 5: chain-id stratos-localnet, RPC 26657, P2P 26656, ABCI 26658, state under
 * .localnet/. Commands: run (foreground), start (background), stop, reset, status.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { devAppState, initNodeHome, LocalMesh, LocalNode, loadDevAccounts, loadNodeKeys, healthyResourceNodes, pollUntil, REPO_ROOT } from "../lib";

const CHAIN_ID = "stratos-localnet";
// The contract is .localnet/ and ports 26656-26658; the two variables exist so the test of
// this script can run it on a temporary folder and free ports while a real localnet is up.
const ROOT = path.resolve(process.env["STRATOS_LOCALNET_DIR"] ?? path.join(REPO_ROOT, ".localnet"));
const HOME = path.join(ROOT, "node0");
const LOG_DIR = path.join(ROOT, "logs");
const PID_FILE = path.join(ROOT, "localnet.pid");
const PORTS = portsFromEnv(process.env["STRATOS_LOCALNET_PORTS"]) ?? { rpc: 26657, p2p: 26656, abci: 26658, rest: 1317, grpc: 9090 };

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

function portsFromEnv(value: string | undefined): { rpc: number; p2p: number; abci: number; rest: number; grpc: number } | undefined {
  if (!value) return undefined;
  const [rpc, p2p, abci, rest, grpc] = value.split(",").map(Number);
  if (![rpc, p2p, abci, rest, grpc].every((p) => Number.isInteger(p) && p! > 0 && p! < 65536)) throw new Error(`STRATOS_LOCALNET_PORTS must be rpc,p2p,abci,rest,grpc; got ${value}`);
  return { rpc: rpc!, p2p: p2p!, abci: abci!, rest: rest!, grpc: grpc! };
}
const MIN_GAS_PRICES = "1000000000wei";

/** The genesis app state this code produces for the localnet. */
function localnetAppState(): Record<string, unknown> {
  return devAppState(loadDevAccounts(), undefined, { nodes: NODE_KEYS });
}

/**
 * A chain created by another version of this repository (a different genesis) cannot be
 * continued by this code: its state lacks what this genesis would have put there.
 */
function refuseStaleHome(appState: Record<string, unknown>): void {
  const genesisFile = path.join(HOME, "config", "genesis.json");
  if (!existsSync(genesisFile)) return;
  const stored = (JSON.parse(readFileSync(genesisFile, "utf8")) as { app_state?: unknown }).app_state;
  if (JSON.stringify(stored) !== JSON.stringify(appState)) {
    throw new Error(`the chain in ${path.relative(REPO_ROOT, HOME)} was created from a different genesis (an older version of this repository?); run \`make localnet-reset\` to start a fresh one`);
  }
}

function ensureHome(): void {
  const appState = localnetAppState();
  refuseStaleHome(appState);
  const created = initNodeHome({
    home: HOME,
    chainId: CHAIN_ID,
    ports: PORTS,
    moniker: "localnet-validator",
    timeoutCommit: "1s",
    mempoolSize: 20_000,
    appState,
  });
  console.log(created ? `created ${path.relative(REPO_ROOT, HOME)} (chain-id ${CHAIN_ID})` : `continuing the chain in ${path.relative(REPO_ROOT, HOME)}`);
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

function banner(): void {
  console.log(`
Stratos localnet is producing blocks.
  chain-id   ${CHAIN_ID}
  RPC        http://127.0.0.1:${PORTS.rpc}
  REST       http://127.0.0.1:${PORTS.rest}
  gRPC       127.0.0.1:${PORTS.grpc}
  ABCI       tcp://127.0.0.1:${PORTS.abci}
  state      ${path.relative(REPO_ROOT, ROOT)}/
  accounts   ${loadDevAccounts().map((a) => a.name).join(", ")} (localnet/dev-accounts.json)
  meta node  http://127.0.0.1:${MESH_PORTS.meta} (${NODE_KEYS.find((k) => k.role === "meta")!.name})
  resources  ${MESH_PORTS.resources.map((p) => `http://127.0.0.1:${p}`).join(", ")}
  CLI        npx stratos --help (STRATOS_MNEMONIC or --mnemonic-file for the wallet)
`);
}

async function run(logDir: string | undefined): Promise<void> {
  ensureHome();
  const node = new LocalNode({ home: HOME, ports: PORTS, minGasPrices: MIN_GAS_PRICES, api: { rest: PORTS.rest, grpc: PORTS.grpc }, output: logDir ? { logDir } : "inherit" });
  const mesh = new LocalMesh({ dir: path.join(ROOT, "mesh"), chainId: CHAIN_ID, rpcUrl: node.rpcUrl, nodes: NODE_KEYS, ports: MESH_PORTS, output: logDir ? { logDir } : "inherit" });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("stopping the storage daemons, CometBFT, then the app ...");
    await mesh.stop();
    await node.stop();
    if (existsSync(PID_FILE) && Number(readFileSync(PID_FILE, "utf8")) === process.pid) unlinkSync(PID_FILE);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  await node.start();
  for (const [name, child] of [["app", node.app], ["cometbft", node.comet]] as const) {
    child?.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`${name} exited unexpectedly (${code ?? signal}); stopping the localnet`);
      void shutdown(1);
    });
  }
  try {
    await node.waitForHeight(1n, 60_000);
    await mesh.start(120_000);
  } catch (e) {
    // Nothing is left running when start-up fails (the daemons and the node are stopped).
    console.error(`localnet: ${(e as Error).message}`);
    await shutdown(1);
    return;
  }
  for (const d of [mesh.meta, ...mesh.resources]) {
    d.child?.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`${d.options.name} exited (${code ?? signal}); the rest keeps running`);
    });
  }
  banner();
}

async function start(): Promise<void> {
  const pid = runningPid();
  if (pid) {
    console.log(`localnet already running (pid ${pid})`);
    return;
  }
  refuseStaleHome(localnetAppState());
  mkdirSync(LOG_DIR, { recursive: true });
  const out = openSync(path.join(LOG_DIR, "localnet.log"), "a");
  const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), __filename, "run", "--log-dir", LOG_DIR], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  writeFileSync(PID_FILE, String(child.pid));
  child.unref();
  const node = new LocalNode({ home: HOME, ports: PORTS, output: "ignore" });
  const logs = path.relative(REPO_ROOT, LOG_DIR);
  const alive = (): void => {
    if (child.exitCode !== null) throw new Error(`localnet exited during start-up; see ${logs}/`);
  };
  const deadline = Date.now() + 120_000;
  await pollUntil(
    async () => {
      alive();
      const h = await node.height();
      return h !== undefined && h >= 2n ? h : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250, timeoutMessage: () => `no blocks after 120 s; see ${logs}/` },
  );
  // The storage daemons come up after the first block; wait until the meta node sees them all.
  await pollUntil(
    async () => {
      alive();
      return ((await healthyResourceNodes(`http://127.0.0.1:${MESH_PORTS.meta}`)) ?? -1) >= RESOURCE_COUNT ? true : undefined;
    },
    { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 250, timeoutMessage: () => `the storage daemons did not come up within 120 s; see ${logs}/` },
  );
  banner();
  console.log(`running in the background (pid ${child.pid}); logs in ${path.relative(REPO_ROOT, LOG_DIR)}/; stop with make localnet-stop`);
}

async function stop(): Promise<void> {
  const pid = runningPid();
  if (!pid) {
    console.log("localnet is not running");
    return;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
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
  console.log("localnet did not stop within 30 s; killed");
}

async function reset(): Promise<void> {
  await stop();
  rmSync(ROOT, { recursive: true, force: true });
  console.log(`removed ${path.relative(REPO_ROOT, ROOT)}/`);
}

async function status(): Promise<void> {
  const pid = runningPid();
  const h = await new LocalNode({ home: HOME, ports: PORTS, output: "ignore" }).height();
  console.log(pid ? `running (pid ${pid}), height ${h ?? "unknown"}` : h !== undefined ? `RPC answers at height ${h} (started in the foreground)` : "not running");
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  const logDirIdx = rest.indexOf("--log-dir");
  const logDir = logDirIdx >= 0 ? rest[logDirIdx + 1] : undefined;
  switch (cmd) {
    case "run":
      return run(logDir);
    case "start":
      return start();
    case "stop":
      return stop();
    case "reset":
      return reset();
    case "status":
      return status();
    default:
      console.error("usage: localnet.ts run|start|stop|reset|status");
      process.exit(2);
  }
}

main().catch((e: unknown) => {
  console.error(`localnet: ${(e as Error).message}`);
  process.exit(1);
});
