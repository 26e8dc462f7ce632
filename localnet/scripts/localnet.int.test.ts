/**
 * The localnet commands themselves (what `make localnet-start/-stop/-reset` run), on a
 * temporary folder and free ports: start returns once blocks are made, stop stops both
 * processes, a second start continues the same chain, reset wipes the state.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePorts, loadNodeKeys } from "../lib";
import { rpcHeight } from "../lib/node-process";

jest.setTimeout(180_000);
const run = promisify(execFile);

let dir: string;
let env: NodeJS.ProcessEnv;
let rpc: number;
let rest: number;
let meta: number;

async function localnet(cmd: string): Promise<string> {
  const { stdout } = await run(process.execPath, ["--require", require.resolve("tsx/cjs"), path.join(__dirname, "localnet.ts"), cmd], { env, timeout: 150_000 });
  return stdout;
}

const height = (): Promise<bigint | undefined> => rpcHeight(`http://127.0.0.1:${rpc}`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stratos-localnet-test-"));
  // One call, so no port is handed out twice.
  const all = await freePorts(5 + 1 + loadNodeKeys().filter((k) => k.role === "resource").length);
  const ports = all.slice(0, 5);
  const meshPorts = all.slice(5);
  rpc = ports[0]!;
  rest = ports[3]!;
  meta = meshPorts[0]!;
  env = { ...process.env, STRATOS_LOCALNET_DIR: dir, STRATOS_LOCALNET_PORTS: ports.join(","), STRATOS_LOCALNET_MESH_PORTS: meshPorts.join(",") };
});

afterAll(async () => {
  await localnet("stop").catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("localnet script", () => {
  it("start, stop, start again continues the chain, reset wipes it", async () => {
    const out = await localnet("start");
    expect(out).toMatch(/producing blocks/);
    expect(out).toMatch(/chain-id\s+stratos-localnet/);
    const h1 = await height();
    expect(h1).toBeGreaterThanOrEqual(2n);
    const genesis = JSON.parse(readFileSync(path.join(dir, "node0", "config", "genesis.json"), "utf8")) as { chain_id: string; app_state: { bank: { balances: unknown[] } } };
    expect(genesis.chain_id).toBe("stratos-localnet");
    expect(genesis.app_state.bank.balances.length).toBeGreaterThanOrEqual(3);
    expect(await localnet("status")).toMatch(/running \(pid \d+\), height \d+/);
    // REST comes up with the node.
    const info = (await (await fetch(`http://127.0.0.1:${rest}/cosmos/base/tendermint/v1beta1/node_info`)).json()) as { default_node_info: { network: string } };
    expect(info.default_node_info.network).toBe("stratos-localnet");
    // The storage daemons run too: the meta node sees every resource node healthy.
    const mesh = (await (await fetch(`http://127.0.0.1:${meta}/v1/status`)).json()) as { nodes: { healthy: boolean }[] };
    expect(mesh.nodes.filter((n) => n.healthy)).toHaveLength(loadNodeKeys().filter((k) => k.role === "resource").length);

    expect(await localnet("stop")).toMatch(/localnet stopped/);
    expect(await height()).toBeUndefined();
    expect(existsSync(path.join(dir, "localnet.pid"))).toBe(false);

    await localnet("start");
    const h2 = await height();
    expect(h2).toBeGreaterThan(h1!); // the same chain, not a new one
    expect(readFileSync(path.join(dir, "logs", "localnet.log"), "utf8")).toMatch(/continuing the chain/);
    await localnet("stop");

    expect(await localnet("reset")).toMatch(/removed/);
    expect(existsSync(path.join(dir, "node0"))).toBe(false);
  });
});
