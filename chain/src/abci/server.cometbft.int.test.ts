/**
 * Runs the ABCI server under a real CometBFT v0.38 node: handshake, InitChain, blocks, a tx
 * through mempool and consensus. Needs the binary at .tools/bin/cometbft (or $COMETBFT_BIN).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  ExecTxResult,
  type RequestCheckTx,
  type RequestExtendVote,
  type RequestFinalizeBlock,
  type RequestInfo,
  type RequestPrepareProposal,
  type RequestProcessProposal,
  type ResponseCheckTx,
  ResponseCommit,
  type ResponseExtendVote,
  ResponseFinalizeBlock,
  ResponseInfo,
  type ResponsePrepareProposal,
  type ResponseProcessProposal,
} from "cosmjs-types/tendermint/abci/types";
import { BaseApplication } from "./base-application";
import { silentLogger } from "./logger";
import { AbciServer } from "./server";
import { eventually, freePorts, setTomlKey } from "../../../localnet/lib";

const COMETBFT_BIN = process.env.COMETBFT_BIN ?? path.resolve(__dirname, "../../../.tools/bin/cometbft");
const run = promisify(execFile);

/** appHash = big-endian tx count in the last 8 of 32 bytes. */
function counterHash(count: bigint): Uint8Array {
  const hash = new Uint8Array(32);
  new DataView(hash.buffer).setBigUint64(24, count);
  return hash;
}

/** Minimal stateful app: counts txs; state is "persisted" (in memory) only on Commit. */
class CounterApp extends BaseApplication {
  committedHeight = 0n;
  committedCount = 0n;
  committedHash: Uint8Array = new Uint8Array();
  private pendingHeight = 0n;
  private pendingCount = 0n;
  private pendingHash: Uint8Array = new Uint8Array();
  readonly calls = new Map<string, number>();
  readonly checkedTxs: string[] = [];
  readonly finalizedTxs: string[] = [];
  infoRequest: RequestInfo | undefined;
  active = 0;
  overlaps = 0;

  private track(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (this.active !== 0) this.overlaps++;
  }

  override info(req: RequestInfo): ResponseInfo {
    this.track("info");
    this.infoRequest = req;
    return ResponseInfo.fromPartial({
      data: "counter",
      version: "1.0.0",
      lastBlockHeight: this.committedHeight,
      lastBlockAppHash: this.committedHash,
    });
  }

  override checkTx(req: RequestCheckTx): Promise<ResponseCheckTx> {
    // Async on purpose: exercises the promise path under the real client.
    this.track("checkTx");
    this.active++;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.active--;
        this.checkedTxs.push(Buffer.from(req.tx).toString("hex"));
        resolve(super.checkTx(req) as ResponseCheckTx);
      }),
    );
  }

  override prepareProposal(req: RequestPrepareProposal): ResponsePrepareProposal {
    this.track("prepareProposal");
    return super.prepareProposal(req) as ResponsePrepareProposal;
  }

  override processProposal(req: RequestProcessProposal): ResponseProcessProposal {
    this.track("processProposal");
    return super.processProposal(req) as ResponseProcessProposal;
  }

  override extendVote(req: RequestExtendVote): ResponseExtendVote {
    this.track("extendVote");
    return { voteExtension: Buffer.from(`ext@${req.height}`) };
  }

  override finalizeBlock(req: RequestFinalizeBlock): ResponseFinalizeBlock {
    this.track("finalizeBlock");
    this.pendingHeight = req.height;
    this.pendingCount = this.committedCount + BigInt(req.txs.length);
    this.pendingHash = counterHash(this.pendingCount);
    for (const tx of req.txs) this.finalizedTxs.push(Buffer.from(tx).toString("hex"));
    return ResponseFinalizeBlock.fromPartial({
      txResults: req.txs.map(() => ExecTxResult.fromPartial({ code: 0 })),
      appHash: this.pendingHash,
    });
  }

  override commit(): ResponseCommit {
    this.track("commit");
    this.committedHeight = this.pendingHeight;
    this.committedCount = this.pendingCount;
    this.committedHash = this.pendingHash;
    return ResponseCommit.fromPartial({ retainHeight: 0n });
  }
}

interface RpcEnvelope<T> {
  result?: T;
  error?: { message: string; data?: string };
}

async function rpc<T>(port: number, pathAndQuery: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`);
  const body = (await res.json()) as RpcEnvelope<T>;
  if (body.error || body.result === undefined) {
    throw new Error(`RPC ${pathAndQuery} failed: ${JSON.stringify(body.error)}`);
  }
  return body.result;
}


// `make test` installs CometBFT first; a missing binary is a broken set-up, not a reason to skip.
if (!fs.existsSync(COMETBFT_BIN)) throw new Error(`cometbft binary not found at ${COMETBFT_BIN}; run make install`);
const describeWithCometbft = describe;

describeWithCometbft("AbciServer under a real CometBFT v0.38", () => {
  const app = new CounterApp();
  let server: AbciServer;
  let home: string;
  let node: ChildProcess | undefined;
  let rpcPort: number;
  const nodeLog: string[] = [];
  const handlerErrors: string[] = [];

  beforeAll(async () => {
    server = new AbciServer(app, {
      port: 0,
      logger: silentLogger,
      onHandlerError: (err, method) => handlerErrors.push(`${method}: ${String(err)}`),
    });
    const { port: abciPort } = await server.listen();
    const [rpc, p2pPort] = (await freePorts(3)).filter((p) => p !== abciPort) as [number, number];
    rpcPort = rpc;

    home = fs.mkdtempSync(path.join(os.tmpdir(), "abci-int-"));
    await run(COMETBFT_BIN, ["init", "--home", home]);

    const configPath = path.join(home, "config", "config.toml");
    let toml = fs.readFileSync(configPath, "utf8");
    toml = setTomlKey(toml, undefined, "proxy_app", `"tcp://127.0.0.1:${abciPort}"`);
    toml = setTomlKey(toml, "rpc", "laddr", `"tcp://127.0.0.1:${rpcPort}"`);
    toml = setTomlKey(toml, "p2p", "laddr", `"tcp://127.0.0.1:${p2pPort}"`);
    toml = setTomlKey(toml, "consensus", "timeout_commit", `"200ms"`);
    fs.writeFileSync(configPath, toml);

    // Turn vote extensions on from height 1 so ExtendVote is exercised too.
    const genesisPath = path.join(home, "config", "genesis.json");
    const genesis = JSON.parse(fs.readFileSync(genesisPath, "utf8")) as {
      consensus_params: { abci: { vote_extensions_enable_height: string } };
    };
    genesis.consensus_params.abci.vote_extensions_enable_height = "1";
    fs.writeFileSync(genesisPath, JSON.stringify(genesis, null, 2));

    const child = spawn(COMETBFT_BIN, ["start", "--home", home], { stdio: ["ignore", "pipe", "pipe"] });
    node = child;
    const keep = (chunk: Buffer): void => {
      nodeLog.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      if (nodeLog.length > 400) nodeLog.splice(0, nodeLog.length - 400);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }, 30_000);

  afterAll(async () => {
    const child = node;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  }, 20_000);

  it("handshakes, produces blocks and includes a broadcast tx", async () => {
    try {
      const status = await eventually("height >= 3", async () => {
        const s = await rpc<{ sync_info: { latest_block_height: string } }>(rpcPort, "/status");
        return Number(s.sync_info.latest_block_height) >= 3 ? s : undefined;
      }, 30_000, 100);
      expect(Number(status.sync_info.latest_block_height)).toBeGreaterThanOrEqual(3);

      // Handshake: Info on the query connection with v0.38 versions.
      expect(app.infoRequest?.version).toBe("0.38.25");
      expect(app.infoRequest?.abciVersion).toBe("2.0.0");
      expect(app.infoRequest?.blockVersion).toBe(11n);
      expect(app.infoRequest?.p2pVersion).toBe(8n);

      const broadcast = await rpc<{ code: number; hash: string }>(rpcPort, "/broadcast_tx_sync?tx=0x0102");
      expect(broadcast.code).toBe(0);

      const included = await eventually("tx inclusion", async () => {
        const tx = await rpc<{ height: string; tx_result: { code: number } }>(rpcPort, `/tx?hash=0x${broadcast.hash}`);
        return tx.height ? tx : undefined;
      }, 20_000, 100);
      expect(included.tx_result.code).toBe(0);
      const height = Number(included.height);
      expect(height).toBeGreaterThan(0);

      const block = await rpc<{ block: { data: { txs: string[] } } }>(rpcPort, `/block?height=${height}`);
      expect(block.block.data.txs).toEqual([Buffer.from([1, 2]).toString("base64")]);

      // The app hash after that block reflects the tx count (CometBFT stores it in the next header).
      const info = await eventually("app commit of the tx", async () => {
        const r = await rpc<{ response: { last_block_height: string; last_block_app_hash: string } }>(rpcPort, "/abci_info");
        return Number(r.response.last_block_height) >= height ? r : undefined;
      }, 10_000, 100);
      expect(Buffer.from(info.response.last_block_app_hash, "base64")).toEqual(Buffer.from(counterHash(1n)));
      expect(app.checkedTxs).toContain("0102");
      expect(app.finalizedTxs).toEqual(["0102"]);

      // Four connections (query, snapshot, mempool, consensus), all still open.
      expect(server.totalConnections).toBe(4);
      expect(server.openConnections).toBe(4);
      expect(server.protocolErrors).toBe(0);
      expect(handlerErrors).toEqual([]);
      expect(app.overlaps).toBe(0);
      for (const m of ["info", "checkTx", "prepareProposal", "processProposal", "extendVote", "finalizeBlock", "commit"]) {
        expect(app.calls.get(m) ?? 0).toBeGreaterThan(0);
      }
      expect(node?.exitCode).toBeNull();
    } catch (err) {
      console.error(`CometBFT log tail:\n${nodeLog.slice(-60).join("\n")}`);
      throw err;
    }
  }, 60_000);
});
