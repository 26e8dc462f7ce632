/**
 * The REST server under bad input at volume, listening on a port over an in-process app and a
 * stand-in CometBFT RPC (answering broadcasts with the app's CheckTx and lookups as CometBFT does
 * for unknown txs and future heights): seeded random requests over every route (HTTP_FUZZ_SEED
 * replays, HTTP_FUZZ_CASES for a longer run) and malformed framing over raw sockets, including a
 * body past the 1 MiB limit. Every answer is below 500 and a 4xx says why; afterwards the app's
 * height, app hash and balances are as before, and good requests are still served.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { fuzzRequests, framingCases, runFramingCases, type AllowedAnswer, type RouteTemplate } from "../../test/helpers/http-fuzz";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { fuzzCount, fuzzSeed, seededRng } from "../../test/helpers/prng";
import { initUnitChain, openUnitApp, type UnitApp } from "../../test/helpers/unit-app";
import type { StratosApp } from "../app/app";
import { appQuerier } from "./query-client";
import { MAX_BODY_BYTES, QUERY_ROUTES, startRestServer, type RunningServer } from "./rest-server";
import { STRATOS_QUERY_ROUTES } from "./stratos-routes";

const SEED = fuzzSeed("HTTP_FUZZ_SEED", 0x5eed03);
const CASES = fuzzCount("HTTP_FUZZ_CASES", 3000);
const CHAIN_ID = "stratos-rest-fuzz";

let unit: UnitApp;
let app: StratosApp;
let rpc: http.Server;
let server: RunningServer;
let keys: TestKey[];

/** Answers the CometBFT RPC methods the REST server calls for client-supplied input. */
function fakeCometRpc(): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const { id, method, params } = JSON.parse(Buffer.concat(chunks).toString()) as { id: number; method: string; params: Record<string, string> };
      const error = (data: string) => ({ jsonrpc: "2.0", id, error: { code: -32603, message: "Internal error", data } });
      let body: unknown;
      if (method === "broadcast_tx_sync" || method === "broadcast_tx_async") {
        const tx = Buffer.from(params["tx"] ?? "", "base64");
        const r = app.checkTx({ tx, type: CheckTxType.NEW });
        body = { jsonrpc: "2.0", id, result: { code: r.code, data: "", log: r.log, codespace: r.codespace, hash: createHash("sha256").update(tx).digest("hex").toUpperCase() } };
      } else if (method === "tx") {
        body = error(`tx (${Buffer.from(params["hash"] ?? "", "base64").toString("hex").toUpperCase()}) not found`);
      } else if ((method === "block" || method === "header") && params["height"] !== undefined) {
        body = error(`height ${params["height"]} must be less than or equal to the current blockchain height 2`);
      } else {
        body = error(`method ${method} is not served by this test`);
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(body));
    });
  });
}

beforeAll(async () => {
  unit = openUnitApp({ prefix: "stratos-rest-fuzz-", minGasPriceWei: 1_000_000_000n });
  app = unit.app;
  keys = [randomKey(), randomKey()];
  initUnitChain(app, { chainId: CHAIN_ID, accounts: keys });
  await app.finalizeBlock(finalizeRequest(1n, []));
  app.commit();
  rpc = fakeCometRpc();
  await new Promise<void>((r) => rpc.listen(0, "127.0.0.1", r));
  const rpcPort = (rpc.address() as { port: number }).port;
  server = await startRestServer({ app: appQuerier(app), rpcUrl: `http://127.0.0.1:${rpcPort}`, host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await server?.close();
  await new Promise((r) => rpc?.close(r));
  await unit?.close();
});

/** Every route that takes client input (block and node info without parameters are left out). */
function routes(): RouteTemplate[] {
  return [
    ...QUERY_ROUTES.map((r) => ({ method: "GET", path: r.url })),
    ...STRATOS_QUERY_ROUTES.map((r) => ({ method: "GET", path: r.url })),
    { method: "POST", path: "/cosmos/tx/v1beta1/simulate" },
    { method: "POST", path: "/cosmos/tx/v1beta1/txs" },
    { method: "GET", path: "/cosmos/tx/v1beta1/txs/:hash" },
    { method: "GET", path: "/cosmos/base/tendermint/v1beta1/blocks/:height" },
  ];
}

/**
 * The 5xx answers the gateway gives on purpose, as the Cosmos SDK's grpc-gateway does (README
 * "Errors"): 501 `{code: 12}` for a route it does not have (wallets probe features by it), and 500
 * `{code: 2}` (Unknown) for a tx that fails in simulation.
 */
const sdkCompatible: AllowedAnswer = (res, req) => {
  const body = res.body.toString();
  if (res.status === 501) return req.method === "HEAD" || /^\{"code":12,"message":"Not Implemented: /.test(body);
  return res.status === 500 && req.path.startsWith("/cosmos/tx/v1beta1/simulate") && /^\{"code":2,"message":".+"/.test(body);
};

async function appState(): Promise<{ info: unknown; balances: unknown[] }> {
  const info = app.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" });
  const balances = await Promise.all(keys.map(async (k) => (await fetch(`http://127.0.0.1:${server.port}/cosmos/bank/v1beta1/balances/${k.address}`)).json()));
  return { info: { height: info.lastBlockHeight, hash: Buffer.from(info.lastBlockAppHash).toString("hex") }, balances };
}

describe(`REST server under bad input (seed ${SEED}, ${CASES} random requests; HTTP_FUZZ_SEED replays)`, () => {
  it("answers every bad request with a 4xx and a reason, changes nothing, and still serves", async () => {
    const before = await appState();
    const t0 = Date.now();
    const all = routes();
    const counts = await fuzzRequests(server.port, seededRng(SEED), CASES, all, [keys[0]!.address, "1", "wei", "0".repeat(64)], { allowed: sdkCompatible });
    const framing = await runFramingCases(server.port, [...framingCases("/cosmos/tx/v1beta1/txs", MAX_BODY_BYTES), ...framingCases("/cosmos/tx/v1beta1/simulate", MAX_BODY_BYTES)], sdkCompatible);
    const after = await appState();
    expect(after).toEqual(before);
    const account = await fetch(`http://127.0.0.1:${server.port}/cosmos/auth/v1beta1/accounts/${keys[0]!.address}`);
    expect(account.status).toBe(200);
    console.log(
      `REST HTTP fuzz (seed ${SEED}): ${CASES} random requests over ${all.length} routes in ${Date.now() - t0} ms -> statuses ${JSON.stringify(Object.fromEntries(counts))}; ` +
        `framing ${JSON.stringify(Object.fromEntries(framing))}; height, app hash and balances unchanged; an account query is still served`,
    );
  }, 240_000);
});
