/**
 * The real Stratos app behind the real ABCI server, fed mutated frames of real requests of every
 * kind (Info, InitChain, Query, CheckTx with a signed tx, Prepare/ProcessProposal, FinalizeBlock,
 * snapshots, vote extensions), seeded so a failure can be replayed (ABCI_APP_FUZZ_SEED;
 * ABCI_APP_FUZZ_CASES for a longer run). Checked: nothing throws out of the server, every
 * connection is answered or dropped and closed, only a FinalizeBlock or InitChain the app cannot
 * accept is answered with an exception (CometBFT never sends those; the node stops on them), and
 * a fresh connection sees the same height, app hash and balances and still gets a valid tx through
 * CheckTx.
 *
 * A mutated frame that is still a valid Commit is left out: committing a staged block is a
 * legitimate state change, not bad input.
 */
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAllBalancesRequest } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { SimulateRequest } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { CheckTxType, Request, RequestInfo, type Response } from "cosmjs-types/tendermint/abci/types";
import type { AbciMethod } from "../abci/application";
import { FrameDecoder } from "../abci/frame-decoder";
import { silentLogger } from "../abci/logger";
import { decodeRequest } from "../abci/request-router";
import { AbciServer } from "../abci/server";
import { RawAbciClient } from "../abci/test-client";
import { devAppState } from "../../../localnet/lib/genesis";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { mutateFrame, runFrameCase, type FrameCase } from "../../test/helpers/abci-fuzz";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { fuzzCount, fuzzSeed, seededRng } from "../../test/helpers/prng";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import type { StratosApp } from "./app";
import { openUnitApp, UNIT_GENESIS_TIME, type UnitApp } from "../../test/helpers/unit-app";
import { STORE_KEY_QUERY_PATH } from "./store-query";

const SEED = fuzzSeed("ABCI_APP_FUZZ_SEED", 20261123);
const CASES = fuzzCount("ABCI_APP_FUZZ_CASES", 5000);
const BATCH = 40;
const CHAIN_ID = "stratos-abci-fuzz";
/** The only methods allowed to throw on a mutated request: CometBFT never sends those out of order. */
const MAY_THROW: readonly AbciMethod[] = ["finalizeBlock", "initChain"];

let unit: UnitApp;
let app: StratosApp;
let server: AbciServer;
let port: number;
let keys: TestKey[];
const handlerErrors: { method: AbciMethod; message: string }[] = [];

function accountNumber(address: string): bigint {
  const r = app.query({ path: "/cosmos.auth.v1beta1.Query/Account", data: QueryAccountRequest.encode({ address }).finish(), height: 0n, prove: false });
  return BaseAccount.decode(QueryAccountResponse.decode(r.value).account!.value).accountNumber;
}

const appState = () => new TextEncoder().encode(JSON.stringify(devAppState(keys, 1000n)));

beforeAll(async () => {
  unit = openUnitApp({ prefix: "stratos-abci-fuzz-", minGasPriceWei: 1_000_000_000n });
  app = unit.app;
  keys = [randomKey(), randomKey(), randomKey()];
  app.initChain({ time: UNIT_GENESIS_TIME, chainId: CHAIN_ID, validators: [], appStateBytes: appState(), initialHeight: 1n });
  await app.finalizeBlock(finalizeRequest(1n, []));
  app.commit();
  // Block 2 moves coins, so there is history below the tip for height queries.
  const [a, b] = keys as [TestKey, TestKey];
  const first = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: accountNumber(a.address), sequence: 0n, msgs: [msgSend(a.address, b.address, 7n)] });
  expect((await app.finalizeBlock(finalizeRequest(2n, [first]))).txResults[0]?.code).toBe(0);
  app.commit();
  server = new AbciServer(app, { port: 0, logger: silentLogger, onHandlerError: (err, method) => handlerErrors.push({ method, message: (err as Error).message }) });
  port = (await server.listen()).port;
});

afterAll(async () => {
  await server?.close();
  await unit?.close();
});

/** One real, valid request of every kind CometBFT sends (Commit is sent only unmutated, never here). */
function realRequests(): Uint8Array[] {
  const [a, b] = keys as [TestKey, TestKey];
  const tx = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: accountNumber(a.address), sequence: 1n, msgs: [msgSend(a.address, b.address, 5n)] });
  const balances = QueryAllBalancesRequest.encode({ address: a.address, resolveDenom: false }).finish();
  const requests: Request[] = [
    { echo: { message: "fuzz" } },
    { flush: {} },
    { info: RequestInfo.fromPartial({ version: "0.38.25", blockVersion: 11n, p2pVersion: 8n, abciVersion: "2.0.0" }) },
    { initChain: { time: UNIT_GENESIS_TIME, chainId: CHAIN_ID, validators: [], appStateBytes: appState(), initialHeight: 1n } },
    { query: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: balances, height: 0n, prove: false } },
    { query: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: balances, height: 1n, prove: false } },
    { query: { path: STORE_KEY_QUERY_PATH, data: Buffer.from("auth/0"), height: 2n, prove: true } },
    { query: { path: "/cosmos.tx.v1beta1.Service/Simulate", data: SimulateRequest.encode({ txBytes: tx }).finish(), height: 0n, prove: false } },
    { checkTx: { tx, type: CheckTxType.NEW } },
    { checkTx: { tx, type: CheckTxType.RECHECK } },
    { prepareProposal: { maxTxBytes: 1_048_576n, txs: [tx, tx.subarray(3)], localLastCommit: { round: 0, votes: [] }, misbehavior: [], height: 3n, time: { seconds: 1_700_000_003n, nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) } },
    { processProposal: { txs: [tx], proposedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: 3n, time: { seconds: 1_700_000_003n, nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) } },
    { finalizeBlock: finalizeRequest(3n, [tx]) },
    { finalizeBlock: finalizeRequest(9n, [tx]) },
    { listSnapshots: {} },
    { offerSnapshot: { snapshot: { height: 2n, format: 1, chunks: 1, hash: new Uint8Array(32), metadata: new Uint8Array() }, appHash: new Uint8Array(32) } },
    { loadSnapshotChunk: { height: 2n, format: 1, chunk: 0 } },
    { applySnapshotChunk: { index: 0, chunk: new Uint8Array(64), sender: "peer" } },
    { extendVote: { hash: new Uint8Array(32), height: 3n, time: { seconds: 1_700_000_003n, nanos: 0 }, txs: [tx], proposedLastCommit: { round: 0, votes: [] }, misbehavior: [], nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) } },
    { verifyVoteExtension: { hash: new Uint8Array(32), validatorAddress: new Uint8Array(20), height: 3n, voteExtension: new Uint8Array(8) } },
  ];
  return requests.map((r) => Request.encode(r).finish());
}

/** Whether the case's bytes still carry a well-formed Commit (left out: see the file comment). */
function carriesCommit(bytes: Buffer): boolean {
  let frames: Buffer[];
  try {
    frames = new FrameDecoder(1 << 30).feed(bytes);
  } catch {
    return false;
  }
  return frames.some((f) => {
    try {
      return decodeRequest(f).kind === "commit";
    } catch {
      return false;
    }
  });
}

async function infoAndBalances(): Promise<{ height: bigint; appHash: string; balances: string[] }> {
  const c = await RawAbciClient.connect(port);
  try {
    const data = keys.map((k) => QueryAllBalancesRequest.encode({ address: k.address, resolveDenom: false }).finish());
    await c.send({ info: RequestInfo.fromPartial({ version: "0.38.25", abciVersion: "2.0.0" }) }, ...data.map((d) => ({ query: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: d, height: 0n, prove: false } })), { flush: {} });
    const res: Response[] = await c.waitForResponses(2 + data.length);
    const info = res[0]!.info!;
    return {
      height: info.lastBlockHeight,
      appHash: Buffer.from(info.lastBlockAppHash).toString("hex"),
      balances: res.slice(1, 1 + data.length).map((r) => Buffer.from(r.query!.value).toString("hex")),
    };
  } finally {
    c.destroy();
  }
}

describe(`the Stratos app over ABCI under mutated requests (seed ${SEED}, ${CASES} cases; ABCI_APP_FUZZ_SEED replays)`, () => {
  it("never throws out, drops bad connections, refuses the rest, and keeps its state", async () => {
    const before = await infoAndBalances();
    expect(before.height).toBe(2n);
    const rng = seededRng(SEED);
    const bases = realRequests();
    const kinds = new Map<string, number>();
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => {
      uncaught.push(e);
    };
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    const t0 = Date.now();
    let skippedCommits = 0;
    let answered = 0;
    try {
      for (let i = 0; i < CASES; i += BATCH) {
        const batch: FrameCase[] = [];
        while (batch.length < Math.min(BATCH, CASES - i)) {
          const c = mutateFrame(rng, rng.pick(bases), rng.pick(bases));
          if (carriesCommit(c.bytes)) {
            skippedCommits++;
            continue;
          }
          batch.push(c);
        }
        const errorsBefore = handlerErrors.length;
        const results = await Promise.all(batch.map((c, j) => runFrameCase(port, c.bytes, `case ${i + j} (${c.kind}, seed ${SEED}): ${c.bytes.toString("hex").slice(0, 600)}`)));
        for (const [j, c] of batch.entries()) {
          kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
          answered += results[j]!.responses.length;
        }
        const bad = handlerErrors.slice(errorsBefore).filter((e) => !MAY_THROW.includes(e.method));
        if (bad.length > 0) {
          throw new Error(`seed ${SEED}, cases ${i}..${i + batch.length - 1}: ${bad.map((e) => `${e.method} threw: ${e.message}`).join("; ")}\n` + batch.map((c) => c.bytes.toString("hex").slice(0, 600)).join("\n"));
        }
        if (uncaught.length > 0) throw new Error(`seed ${SEED}, cases ${i}..: uncaught ${String(uncaught[0])}`);
      }
    } finally {
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
    }
    for (let i = 0; i < 300 && server.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.openConnections).toBe(0);
    expect(server.protocolErrors).toBeGreaterThan(CASES / 4);

    // Same committed state, seen through a fresh connection.
    const after = await infoAndBalances();
    expect(after).toEqual(before);
    // The app still takes a valid tx (from an account the fuzz never used).
    const [, b, c] = keys as [TestKey, TestKey, TestKey];
    const fresh = await RawAbciClient.connect(port);
    const tx = buildTx({ key: c, chainId: CHAIN_ID, accountNumber: accountNumber(c.address), sequence: 0n, msgs: [msgSend(c.address, b.address, 1n)] });
    await fresh.send({ checkTx: { tx, type: CheckTxType.NEW } }, { flush: {} });
    const [checked] = await fresh.waitForResponses(2);
    expect(checked?.checkTx).toMatchObject({ code: 0 });
    fresh.destroy();

    const thrown = new Map<string, number>();
    for (const e of handlerErrors) thrown.set(`${e.method}: ${e.message.slice(0, 80)}`, (thrown.get(`${e.method}: ${e.message.slice(0, 80)}`) ?? 0) + 1);
    console.log(
      `ABCI app fuzz (seed ${SEED}): ${CASES} mutated requests in ${Date.now() - t0} ms (${skippedCommits} still-valid Commits left out); ` +
        `${server.protocolErrors} connections dropped as malformed, ${answered} responses, ${handlerErrors.length} exceptions (${[...thrown].map(([k, n]) => `${n}x ${k}`).join("; ")}); ` +
        `height ${after.height} and app hash ${after.appHash.slice(0, 16)}… unchanged, balances unchanged, a fresh CheckTx passes; kinds ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
  }, 180_000);
});
