/**
 * `make localnet-start VALIDATORS=4` and `make localnet-full-node` (the script they run) on a
 * temporary folder and free ports: four validators make blocks with the storage daemons,
 * status reports each, another validator count is refused for the existing net, a full node
 * joins by state sync (`make localnet-full-node STATE_SYNC=1`) and follows the chain, stop
 * stops everything. The validators snapshot every 5 heights here, more often than a joining
 * node takes to pick one, so the one it picks must outlive keep-recent (2). Joining from
 * blocks is the fault tests' (chain/test/faults/validators.int.test.ts).
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePorts, loadNodeKeys, pollUntil, stopChild } from "../lib";
import { rpcHeight } from "../lib/node-process";

jest.setTimeout(240_000);
const run = promisify(execFile);
const SCRIPT = path.join(__dirname, "localnet.ts");

let dir: string;
let env: NodeJS.ProcessEnv;
let rpcs: number[];
let fullRpc: number;

async function localnet(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--require", require.resolve("tsx/cjs"), SCRIPT, ...args], { env, timeout: 200_000 });
  return stdout;
}

const height = (port: number): Promise<bigint | undefined> => rpcHeight(`http://127.0.0.1:${port}`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-localnet4-test-"));
  const resources = loadNodeKeys().filter((k) => k.role === "resource").length;
  // One call, so no port is handed out twice.
  const ports = await freePorts(4 * 5 + 1 + resources + 5);
  const validators = ports.slice(0, 20);
  rpcs = [0, 1, 2, 3].map((i) => validators[5 * i]!);
  const full = ports.slice(21 + resources);
  fullRpc = full[0]!;
  env = {
    ...process.env,
    STRATOS_LOCALNET_DIR: dir,
    STRATOS_LOCALNET_PORTS: validators.join(","),
    STRATOS_LOCALNET_MESH_PORTS: ports.slice(20, 21 + resources).join(","),
    STRATOS_LOCALNET_FULL_NODE_PORTS: full.join(","),
    STRATOS_LOCALNET_SNAPSHOT_INTERVAL: "5",
  };
});

afterAll(async () => {
  await localnet("stop").catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("localnet script with VALIDATORS=4", () => {
  it("starts four validators and the storage daemons, joins a full node, stops", async () => {
    const out = await localnet("start", "--validators", "4");
    expect(out).toMatch(/producing blocks \(4 validators\)/);
    const heights = await Promise.all(rpcs.map(height));
    expect(heights.every((h) => h !== undefined && h >= 2n)).toBe(true);
    // CometBFT sees four validators of equal power (the staking genesis, via InitChain).
    const vals = (await (await fetch(`http://127.0.0.1:${rpcs[0]}/validators`)).json()) as { result: { validators: { voting_power: string }[] } };
    expect(new Set(vals.result.validators.map((v) => v.voting_power)).size).toBe(1);
    expect(vals.result.validators).toHaveLength(4);
    const status = await localnet("status");
    expect(status).toMatch(/running \(pid \d+\), height \d+/);
    expect(status.match(/node\d {2}RPC .* height \d+/g)).toHaveLength(4);
    // Another number of validators for this net is refused, with what to do.
    await expect(localnet("start", "--validators", "2")).rejects.toThrow(/has 4 validator\(s\), not 2; run `make localnet-reset`/);

    // A full node joins by state sync (foreground command) once a snapshot exists, and follows the chain.
    await pollUntil(async () => (((await height(rpcs[0]!)) ?? 0n) >= 7n ? true : undefined), { timeoutMs: 60_000, intervalMs: 250, timeoutMessage: () => "no height 7" });
    const full = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), SCRIPT, "full-node", "--state-sync"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let printed = "";
    full.stdout.on("data", (d: Buffer) => (printed += d.toString()));
    full.stderr.on("data", (d: Buffer) => (printed += d.toString()));
    try {
      await pollUntil(() => (/Full node synced to height \d+/.test(printed) ? true : undefined), { timeoutMs: 90_000, intervalMs: 250, timeoutMessage: () => `the full node did not sync: ${printed}` });
      const tip = (await height(rpcs[0]!))!;
      await pollUntil(async () => (((await height(fullRpc)) ?? 0n) >= tip ? true : undefined), { timeoutMs: 30_000, intervalMs: 250, timeoutMessage: () => "the full node stopped following" });
      expect(printed).toMatch(/state sync: restoring the newest snapshot the peers offer, trusting block \d+/);
      const restored = /restored snapshot at height (\d+)/.exec(readFileSync(path.join(dir, "logs", "full0", "app.log"), "utf8"));
      expect(restored).not.toBeNull();
      expect(Number(restored![1]) % 5).toBe(0);
    } finally {
      await stopChild(full, 15_000);
    }

    expect(await localnet("stop")).toMatch(/localnet stopped/);
    expect(await Promise.all(rpcs.map(height))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
