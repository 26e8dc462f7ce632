/**
 * REST and gRPC servers against a real CometBFT + app (separate process), querying the app
 * through CometBFT's abci_query (rpc-querier.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { QueryAccountRequest } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { freePorts, STRATOS_HD_PATH } from "../../../localnet/lib";
import { keyFromMnemonic, randomKey, type TestKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { startTestnet, type Testnet } from "../../test/helpers/testnet";
import { startGrpcServer } from "./grpc-server";
import { QUERY_PATHS } from "./query-client";
import { startRestServer, type RunningServer } from "./rest-server";
import { rpcQuerier } from "./rpc-querier";

jest.setTimeout(120_000);

let net: Testnet;
let rest: RunningServer;
let grpcServer: RunningServer;
let base: string;
let alice: TestKey;

beforeAll(async () => {
  net = await startTestnet({ chainId: "stratos-api-test" });
  alice = await keyFromMnemonic(net.accounts[0]!.mnemonic, STRATOS_HD_PATH);
  const app = rpcQuerier(net.rpcUrl);
  // Free ports from the OS (never 1317/9090/26656-26658).
  const [restPort, grpcPort] = await freePorts(2);
  rest = await startRestServer({ app, rpcUrl: net.rpcUrl, host: "127.0.0.1", port: restPort! });
  grpcServer = await startGrpcServer({ app, paths: QUERY_PATHS, host: "127.0.0.1", port: grpcPort! });
  base = `http://127.0.0.1:${rest.port}`;
});

afterAll(async () => {
  await rest?.close();
  await grpcServer?.close();
  await net?.stop();
});

async function get(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + url);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("REST against a testnet", () => {
  it("serves accounts (and 404 for unknown ones), balances and supply", async () => {
    const acc = await get(`/cosmos/auth/v1beta1/accounts/${alice.address}`);
    expect(acc.status).toBe(200);
    expect(acc.body.account).toMatchObject({ "@type": "/cosmos.auth.v1beta1.BaseAccount", address: alice.address });
    expect(acc.body.account.account_number).toMatch(/^\d+$/);
    expect(Number(acc.headers.get("x-cosmos-block-height"))).toBeGreaterThan(0);

    const missing = await get(`/cosmos/auth/v1beta1/accounts/${randomKey().address}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 5, message: expect.stringContaining("not found"), details: [] });

    const bal = await get(`/cosmos/bank/v1beta1/balances/${alice.address}`);
    expect(bal.body.balances).toEqual([{ denom: "wei", amount: expect.stringMatching(/^\d+$/) }]);
    const supply = await get("/cosmos/bank/v1beta1/supply");
    expect(supply.body.supply).toEqual(expect.arrayContaining([{ denom: "wei", amount: expect.stringMatching(/^\d+$/) }]));
  });

  it("simulates, broadcasts and then finds a tx", async () => {
    const acc = (await get(`/cosmos/auth/v1beta1/accounts/${alice.address}`)).body.account;
    const bob = randomKey();
    const tx = buildTx({ key: alice, chainId: net.chainId, accountNumber: BigInt(acc.account_number), sequence: BigInt(acc.sequence), msgs: [msgSend(alice.address, bob.address, 1234n)] });
    const txB64 = Buffer.from(tx).toString("base64");

    const sim = await post("/cosmos/tx/v1beta1/simulate", { tx_bytes: txB64 });
    expect(sim.status).toBe(200);
    expect(BigInt(sim.body.gas_info.gas_used)).toBeGreaterThan(0n);

    const sent = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: txB64, mode: "BROADCAST_MODE_SYNC" });
    expect(sent.status).toBe(200);
    expect(sent.body.tx_response).toMatchObject({ height: "0", code: 0, logs: [], gas_wanted: "0", tx: null, timestamp: "", events: [] });
    const hash: string = sent.body.tx_response.txhash;
    expect(hash).toMatch(/^[0-9A-F]{64}$/);

    let found: { status: number; body: any } | undefined;
    for (let i = 0; i < 100; i++) {
      found = await get(`/cosmos/tx/v1beta1/txs/${hash}`);
      if (found.status === 200) break;
      expect(found.status).toBe(404);
      await sleep(200);
    }
    expect(found!.status).toBe(200);
    const r = found!.body;
    if (process.env["API_DUMP"]) console.log(JSON.stringify(r, null, 1));
    expect(r.tx.body.messages[0]).toMatchObject({ "@type": "/cosmos.bank.v1beta1.MsgSend", from_address: alice.address, to_address: bob.address, amount: [{ denom: "wei", amount: "1234" }] });
    expect(r.tx.auth_info.signer_infos[0].mode_info.single.mode).toBe("SIGN_MODE_DIRECT");
    expect(r.tx_response).toMatchObject({ txhash: hash, code: 0, codespace: "", tx: { "@type": "/cosmos.tx.v1beta1.Tx" } });
    expect(BigInt(r.tx_response.height)).toBeGreaterThan(0n);
    expect(BigInt(r.tx_response.gas_used)).toBeGreaterThan(0n);
    expect(r.tx_response.data).toMatch(/^[0-9A-F]+$/);
    expect(r.tx_response.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(r.tx_response.events.some((e: any) => e.type === "transfer")).toBe(true);
    expect(r.tx_response.events[0].attributes[0]).toEqual({ key: expect.any(String), value: expect.any(String), index: expect.any(Boolean) });

    // The same tx again: CometBFT's cache refuses it; the SDK reports code 19.
    const again = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: txB64, mode: "BROADCAST_MODE_SYNC" });
    expect(again.status).toBe(200);
    expect(again.body.tx_response.code).not.toBe(0);

    const unknown = await get(`/cosmos/tx/v1beta1/txs/${"AB".repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 5, details: [] });
  });

  it("serves node_info and the latest block", async () => {
    const info = await get("/cosmos/base/tendermint/v1beta1/node_info");
    expect(info.status).toBe(200);
    expect(info.body.default_node_info.network).toBe(net.chainId);
    expect(info.body.application_version).toMatchObject({ name: "stratos", app_name: "stratos-chain", version: expect.any(String) });
    const latest = await get("/cosmos/base/tendermint/v1beta1/blocks/latest");
    expect(latest.status).toBe(200);
    expect(BigInt(latest.body.block.header.height)).toBeGreaterThan(0n);
    expect(latest.body.block.header.chain_id).toBe(net.chainId);
    expect(Buffer.from(latest.body.block_id.hash, "base64").length).toBe(32);
    expect(latest.body.sdk_block.header.proposer_address).toMatch(/^stvalcons1/);
  });

  it("answers malformed POST bodies with 400", async () => {
    for (const body of ["{", "null", JSON.stringify({ tx_bytes: "%%%" }), JSON.stringify({ tx_bytes: "AAAA", mode: "BROADCAST_MODE_BLOCK" })]) {
      const r = await post("/cosmos/tx/v1beta1/txs", body);
      expect({ body, status: r.status, code: r.body.code }).toEqual({ body, status: 400, code: 3 });
    }
  });
});

describe("gRPC against a testnet", () => {
  const identity = (b: Buffer): Buffer => b;
  const Client = grpc.makeGenericClientConstructor(
    {
      Balance: { path: "/cosmos.bank.v1beta1.Query/Balance", requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
      Account: { path: "/cosmos.auth.v1beta1.Query/Account", requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
    },
    "Query",
  );

  function call(client: grpc.Client, method: string, req: Uint8Array): Promise<{ err: grpc.ServiceError | null; value?: Buffer; height?: string }> {
    return new Promise((resolve) => {
      let height: string | undefined;
      const c = (client as unknown as Record<string, Function>)[method]!.call(client, Buffer.from(req), (err: grpc.ServiceError | null, value?: Buffer) => resolve({ err, value, height }));
      (c as grpc.ClientUnaryCall).on("metadata", (md: grpc.Metadata) => {
        height = md.get("x-cosmos-block-height")[0]?.toString();
      });
    });
  }

  it("answers Balance and maps a missing Account to NOT_FOUND", async () => {
    const client = new Client(`127.0.0.1:${grpcServer.port}`, grpc.credentials.createInsecure());
    try {
      const bal = await call(client, "Balance", QueryBalanceRequest.encode({ address: alice.address, denom: "wei" }).finish());
      expect(bal.err).toBeNull();
      expect(QueryBalanceResponse.decode(bal.value!).balance).toMatchObject({ denom: "wei" });
      expect(Number(bal.height)).toBeGreaterThan(0);

      const acc = await call(client, "Account", QueryAccountRequest.encode({ address: randomKey().address }).finish());
      expect(acc.err?.code).toBe(grpc.status.NOT_FOUND);
      expect(acc.err?.details).toMatch(/not found/);
    } finally {
      client.close();
    }
  });
});
