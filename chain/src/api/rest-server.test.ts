/** The REST server over an in-process StratosApp (no CometBFT: the RPC-backed routes are in api.int.test.ts). */
import { freePort } from "../../../localnet/lib/ports";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { initUnitChain, openUnitApp, type UnitApp } from "../../test/helpers/unit-app";
import { appQuerier } from "./query-client";
import { decodeBase64, pageRequest, requestHeight } from "./rest-params";
import { startRestServer, type RunningServer } from "./rest-server";

const CHAIN_ID = "stratos-unit";
let unit: UnitApp;
let server: RunningServer;
let base: string;
let keys: TestKey[];

beforeAll(async () => {
  unit = openUnitApp({ prefix: "stratos-rest-" });
  const { app } = unit;
  keys = [randomKey(), randomKey()];
  initUnitChain(app, { chainId: CHAIN_ID, accounts: keys });
  await app.finalizeBlock(finalizeRequest(1n, []));
  app.commit();
  // Nothing listens on rpcUrl: only the app-backed routes are exercised here.
  server = await startRestServer({ app: appQuerier(app), rpcUrl: `http://127.0.0.1:${await freePort()}`, host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await unit?.close();
});

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + url, { headers });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function post(url: string, body: string, contentType = "application/json"): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, body: await res.json() };
}

describe("REST server (in-process app)", () => {
  it("serves an account as a BaseAccount with @type and the height header", async () => {
    const r = await get(`/cosmos/auth/v1beta1/accounts/${keys[0]!.address}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-cosmos-block-height")).toBe("1");
    expect(r.body.account).toMatchObject({ "@type": "/cosmos.auth.v1beta1.BaseAccount", address: keys[0]!.address, pub_key: null, sequence: "0" });
    expect(r.body.account.account_number).toMatch(/^\d+$/);
  });

  it("answers an unknown account with the gateway's 404 body", async () => {
    const r = await get(`/cosmos/auth/v1beta1/accounts/${randomKey().address}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 5, message: expect.stringMatching(/^rpc error: code = NotFound desc = account st1\w+ not found: key not found$/), details: [] });
  });

  it("answers a bad address with 400 InvalidArgument", async () => {
    const r = await get("/cosmos/bank/v1beta1/spendable_balances/test");
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 3, details: [] });
  });

  it("serves balances, by_denom, supply and params", async () => {
    const all = await get(`/cosmos/bank/v1beta1/balances/${keys[0]!.address}?pagination.limit=10&pagination.count_total=true`);
    expect(all.status).toBe(200);
    expect(all.body.balances).toEqual([{ denom: "wei", amount: expect.stringMatching(/^\d+$/) }]);
    expect(all.body.pagination).toMatchObject({ total: expect.any(String) });
    const one = await get(`/cosmos/bank/v1beta1/balances/${keys[0]!.address}/by_denom?denom=wei`);
    expect(one.body).toEqual({ balance: all.body.balances[0] });
    const supply = await get("/cosmos/bank/v1beta1/supply");
    expect(supply.body.supply[0]).toMatchObject({ denom: "wei" });
    const bankParams = await get("/cosmos/bank/v1beta1/params");
    expect(bankParams.body.params).toMatchObject({ default_send_enabled: true, send_enabled: [] });
    const authParams = await get("/cosmos/auth/v1beta1/params");
    expect(authParams.body.params.sig_verify_cost_secp256k1).toMatch(/^\d+$/);
    const meta = await get("/cosmos/bank/v1beta1/denoms_metadata");
    expect(meta.status).toBe(200);
    expect(Array.isArray(meta.body.metadatas)).toBe(true);
  });

  it("honours the height header and refuses a bad or future one", async () => {
    const ok = await get("/cosmos/bank/v1beta1/supply", { "x-cosmos-block-height": "1" });
    expect(ok.status).toBe(200);
    expect((await get("/cosmos/bank/v1beta1/supply", { "x-cosmos-block-height": "abc" })).status).toBe(400);
    const future = await get("/cosmos/bank/v1beta1/supply", { "x-cosmos-block-height": "99" });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe(3);
  });

  it("simulates a tx", async () => {
    const tx = buildTx({ key: keys[0]!, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(keys[0]!.address, keys[1]!.address, 1n)] });
    const r = await post("/cosmos/tx/v1beta1/simulate", JSON.stringify({ tx_bytes: Buffer.from(tx).toString("base64") }));
    expect(r.status).toBe(200);
    expect(BigInt(r.body.gas_info.gas_used)).toBeGreaterThan(0n);
    expect(r.body.result).toMatchObject({ log: "", msg_responses: [{ "@type": "/cosmos.bank.v1beta1.MsgSendResponse" }] });
    expect(Array.isArray(r.body.result.events)).toBe(true);
  });

  it("answers bad input with 400 and unknown routes with 501, and keeps serving", async () => {
    const cases: [string, string, string?][] = [
      ["/cosmos/tx/v1beta1/simulate", "{not json"],
      ["/cosmos/tx/v1beta1/simulate", "{not json", "text/plain"],
      ["/cosmos/tx/v1beta1/simulate", JSON.stringify({ tx_bytes: "!!!" })],
      ["/cosmos/tx/v1beta1/simulate", JSON.stringify({ tx_bytes: 5 })],
      ["/cosmos/tx/v1beta1/simulate", "[1]"],
      ["/cosmos/tx/v1beta1/simulate", JSON.stringify({})],
      ["/cosmos/tx/v1beta1/txs", JSON.stringify({ tx_bytes: "AAAA", mode: "BROADCAST_MODE_BLOCK" })],
      ["/cosmos/tx/v1beta1/txs", JSON.stringify({ tx_bytes: "AAAA", mode: "NOPE" })],
      ["/cosmos/tx/v1beta1/txs", JSON.stringify({ mode: "BROADCAST_MODE_SYNC" })],
      ["/cosmos/tx/v1beta1/txs", JSON.stringify({ tx_bytes: "A".repeat(2 * 1024 * 1024), mode: "BROADCAST_MODE_SYNC" })],
    ];
    for (const [url, body, ct] of cases) {
      const r = await post(url, body, ct);
      expect({ body, status: r.status, code: r.body.code, details: r.body.details }).toEqual({ body, status: 400, code: 3, details: [] });
      expect(typeof r.body.message).toBe("string");
    }
    // An undecodable tx fails in the simulation, as in the SDK: Unknown (500).
    const junk = await post("/cosmos/tx/v1beta1/simulate", JSON.stringify({ tx_bytes: "AAAA" }));
    expect(junk).toMatchObject({ status: 500, body: { code: 2, details: [] } });
    const bad = await get("/cosmos/tx/v1beta1/txs/nothex");
    expect(bad.status).toBe(400);
    const unknown = await get("/ibc/apps/transfer/v1/params");
    expect(unknown.status).toBe(501);
    expect(unknown.body).toMatchObject({ code: 12, details: [] });
    expect((await get("/cosmos/bank/v1beta1/params")).status).toBe(200);
  });

  it("answers 503 when CometBFT is unreachable", async () => {
    const r = await get("/cosmos/base/tendermint/v1beta1/node_info");
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 14, details: [] });
  });
});

describe("REST input helpers", () => {
  it("parses base64, pagination and the height header strictly", () => {
    expect(decodeBase64("AQL/", "x")).toEqual(new Uint8Array([1, 2, 255]));
    expect(decodeBase64("AQL_", "x")).toEqual(new Uint8Array([1, 2, 255]));
    expect(decodeBase64("AQ", "x")).toEqual(new Uint8Array([1]));
    expect(() => decodeBase64("A", "x")).toThrow(/illegal base64/);
    expect(() => decodeBase64("AQ==AQ==", "x")).toThrow(/illegal base64/);
    expect(pageRequest({})).toBeUndefined();
    expect(pageRequest({ "pagination.limit": "5", "pagination.key": "AQ==" })).toMatchObject({ limit: 5n, key: new Uint8Array([1]), offset: 0n });
    expect(() => pageRequest({ "pagination.limit": "-1" })).toThrow(/pagination.limit/);
    expect(requestHeight(undefined)).toBeUndefined();
    expect(requestHeight("12")).toBe(12n);
    expect(() => requestHeight("-3")).toThrow(/invalid height/);
  });
});
