/**
 * The Stratos query routes over REST and gRPC against a real CometBFT + app with the localnet's
 * storage nodes in genesis: one test per route family (register, sds, pot) per transport, plus
 * gRPC server reflection.
 */
import * as grpc from "@grpc/grpc-js";
import { stratos } from "@stratos/proto";
import { freePorts, loadNodeKeys, type LocalnetNodeKey } from "../../../localnet/lib";
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
let nodes: LocalnetNodeKey[];
let meta: LocalnetNodeKey;

beforeAll(async () => {
  nodes = loadNodeKeys();
  meta = nodes.find((n) => n.role === "meta")!;
  net = await startTestnet({ chainId: "stratos-api-stratos-test", stratos: { nodes } });
  const app = rpcQuerier(net.rpcUrl);
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url);
  return { status: res.status, body: await res.json() };
}

const rnCount = () => nodes.filter((n) => n.role === "resource").length;

describe("Stratos REST routes", () => {
  it("register: nodes, counts, deposits, the ozone limit; 404 and 400 with {code, message, details}", async () => {
    const mn = await get(`/stratos/register/v1/meta_node/${meta.networkAddress}`);
    expect(mn.status).toBe(200);
    expect(mn.body.node).toMatchObject({ network_address: meta.networkAddress, status: "BOND_STATUS_BONDED", suspend: false, owner_address: meta.owner.address });
    expect(mn.body.node.pubkey).toMatchObject({ "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(meta.p2pPublicKey, "hex").toString("base64") });
    const rn = nodes.find((n) => n.role === "resource")!;
    const r = await get(`/stratos/register/v1/resource_node/${rn.networkAddress}`);
    expect(r.body.node).toMatchObject({ network_address: rn.networkAddress, node_type: 4, effective_tokens: (1000n * 10n ** 18n).toString() });
    expect((await get("/stratos/register/v1/resource_node_count")).body).toEqual({ number: String(rnCount()) });
    expect((await get("/stratos/register/v1/meta_node_count")).body).toEqual({ number: "1" });
    // St = 10,000 + 5 x 1,000 STOS; Lt = St / 1e6 at genesis.
    const st = (10_000n + 1_000n * BigInt(rnCount())) * 10n ** 18n;
    expect((await get("/stratos/register/v1/remaining_ozone_limit")).body).toEqual({ ozone_limit: (st / 1_000_000n).toString() });
    const total = await get("/stratos/register/v1/deposit_total");
    expect(total.body.total_bonded_deposit).toEqual({ denom: "wei", amount: st.toString() });
    const byNode = await get(`/stratos/register/v1/deposit_by_node/${rn.networkAddress}/2`);
    expect(byNode.body.deposit_info.bonded_deposit).toEqual({ denom: "wei", amount: (1000n * 10n ** 18n).toString() });
    const byOwner = await get(`/stratos/register/v1/deposit_by_owner/${meta.owner.address}`);
    expect(byOwner.body.deposit_infos.map((d: { network_address: string }) => d.network_address)).toEqual([meta.networkAddress]);
    expect((await get("/stratos/register/v1/params")).body.params).toMatchObject({ bond_denom: "wei", max_entries: 16 });
    const missing = await get(`/stratos/register/v1/meta_node/${rn.networkAddress}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 5, details: [] });
    expect(missing.body.message).toMatch(/not found/);
    const bad = await get("/stratos/register/v1/meta_node/st1notanode");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(3);
  });

  it("sds: price, supply, a prepay quote, params, and 404 for an unknown file", async () => {
    const price = await get("/stratos/sds/v1/noz_price");
    expect(price.status).toBe(200);
    // (St + Pt) / Lt = rate at genesis: 1e6 wei per noz.
    expect(price.body.price).toBe("1000000.000000000000000000");
    const supply = await get("/stratos/sds/v1/noz_supply");
    expect(supply.body.remaining).toBe(supply.body.total);
    const quote = await get("/stratos/sds/v1/sim_prepay/1000000000000000000wei");
    const Lt = BigInt(supply.body.remaining);
    const St = Lt * 1_000_000n;
    expect(quote.body).toEqual({ noz: ((Lt * 10n ** 18n) / (St + 10n ** 18n)).toString() });
    expect((await get("/stratos/sds/v1/params")).body).toEqual({ params: { bond_denom: "wei" } });
    const none = await get("/stratos/sds/v1/file_upload/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    expect(none.status).toBe(404);
    expect((await get("/stratos/sds/v1/sim_prepay/lots")).status).toBe(400);
  });

  it("pot: params with the epoch length, mined total, wallet rewards, supply, metrics", async () => {
    const params = (await get("/stratos/pot/v1/params")).body.params;
    expect(params).toMatchObject({ bond_denom: "wei", epoch_length: "10", mature_epoch: "3" });
    expect(params.mining_reward_params).toHaveLength(6);
    expect((await get("/stratos/pot/v1/total_mined_token")).body.total_mined_token).toEqual({ denom: "wei", amount: "0" });
    const rewards = await get(`/stratos/pot/v1/rewards/wallet/${meta.owner.address}`);
    expect(rewards.status).toBe(200);
    expect(rewards.body.rewards).toMatchObject({ wallet_address: meta.owner.address });
    const circ = await get("/stratos/pot/v1/circulation_supply");
    expect(circ.status).toBe(200);
    const metrics = await get("/stratos/pot/v1/metrics");
    expect(metrics.body.metrics.total_mining_supply).toBe((40_000_000n * 10n ** 18n).toString());
    expect((await get("/stratos/pot/v1/volume_report/7")).status).toBe(404);
    expect((await get("/stratos/pot/v1/rewards/wallet/stsds1x/epoch/abc")).status).toBe(400);
  });
});

describe("Stratos gRPC services", () => {
  const identity = (b: Buffer): Buffer => b;
  function unary(client: grpc.Client, path: string, req: Uint8Array): Promise<{ err: grpc.ServiceError | null; value?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(path, identity, identity, Buffer.from(req), (err, value) => resolve({ err, value }));
    });
  }

  it("answers register, sds and pot queries with protobuf bytes and gRPC status codes", async () => {
    const client = new grpc.Client(`127.0.0.1:${grpcServer.port}`, grpc.credentials.createInsecure());
    try {
      const R = stratos.register.v1;
      const mn = await unary(client, "/stratos.register.v1.Query/MetaNode", R.QueryMetaNodeRequest.encode({ networkAddr: meta.networkAddress }).finish());
      expect(mn.err).toBeNull();
      expect(R.QueryMetaNodeResponse.decode(mn.value!).node!.ownerAddress).toBe(meta.owner.address);
      const nf = await unary(client, "/stratos.register.v1.Query/ResourceNode", R.QueryResourceNodeRequest.encode({ networkAddr: meta.networkAddress }).finish());
      expect(nf.err?.code).toBe(grpc.status.NOT_FOUND);
      const S = stratos.sds.v1;
      const sup = await unary(client, "/stratos.sds.v1.Query/NozSupply", S.QueryNozSupplyRequest.encode({}).finish());
      expect(BigInt(S.QueryNozSupplyResponse.decode(sup.value!).total)).toBeGreaterThan(0n);
      const P = stratos.pot.v1;
      const par = await unary(client, "/stratos.pot.v1.Query/Params", P.QueryParamsRequest.encode({}).finish());
      expect(P.QueryParamsResponse.decode(par.value!).params!.epochLength).toBe(10n);
      const bad = await unary(client, "/stratos.sds.v1.Query/SimPrepay", S.QuerySimPrepayRequest.encode({ amount: "lots" }).finish());
      expect(bad.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    } finally {
      client.close();
    }
  });

  it("lists the Stratos services through server reflection", async () => {
    const client = new grpc.Client(`127.0.0.1:${grpcServer.port}`, grpc.credentials.createInsecure());
    try {
      // ServerReflectionRequest{list_services = 7: ""}; response field 6 holds the service list.
      const call = client.makeBidiStreamRequest("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", identity, identity);
      const answer = new Promise<Buffer>((resolve, reject) => {
        call.on("data", (b: Buffer) => resolve(b));
        call.on("error", reject);
      });
      call.write(Buffer.from([0x3a, 0x00]));
      const bytes = await answer;
      call.end();
      const text = bytes.toString("latin1");
      for (const s of ["stratos.register.v1.Query", "stratos.sds.v1.Query", "stratos.pot.v1.Query"]) expect(text).toContain(s);
    } finally {
      client.close();
    }
  });
});
