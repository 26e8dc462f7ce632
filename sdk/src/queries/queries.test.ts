import type { QueryClient } from "@cosmjs/stargate";
import { stratos } from "@stratos/proto";
import { DepositQueryType, setupRegisterExtension } from "./register";
import { setupSdsExtension } from "./sds";
import { setupPotExtension } from "./pot";

// The extensions against a fake QueryClient: each friendly method sends the right ABCI path and
// request, and unwraps the response. (Against a real node: the SDK's *.int.test.ts.)

interface Codec {
  encode(m: never): { finish(): Uint8Array };
  decode(b: Uint8Array): unknown;
  fromPartial(o: object): unknown;
}

type Handler = { req: Codec; res: Codec; response: object } | { error: string };

function fakeClient(handlers: Record<string, Handler>) {
  const calls: { path: string; request: unknown }[] = [];
  const base = {
    async queryAbci(path: string, data: Uint8Array) {
      const h = handlers[path];
      if (!h) throw new Error(`unexpected path ${path}`);
      if ("error" in h) throw new Error(h.error);
      calls.push({ path, request: h.req.decode(data) });
      return { value: h.res.encode(h.res.fromPartial(h.response) as never).finish(), height: 5 };
    },
  } as unknown as QueryClient;
  return { base, calls };
}

const r = stratos.register.v1;
const s = stratos.sds.v1;
const p = stratos.pot.v1;
const pubkey = { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: new Uint8Array([10, 1, 7]) };

describe("register extension", () => {
  const node = { networkAddress: "stsds1rn", pubkey, tokens: "100", ownerAddress: "st1o", nodeType: 4 };
  const { base, calls } = fakeClient({
    "/stratos.register.v1.Query/ResourceNode": { req: r.QueryResourceNodeRequest, res: r.QueryResourceNodeResponse, response: { node } },
    "/stratos.register.v1.Query/MetaNode": { error: "Query failed with (22): rpc error: code = NotFound desc = meta node stsds1x not found" },
    "/stratos.register.v1.Query/Params": { req: r.QueryParamsRequest, res: r.QueryParamsResponse, response: { params: { bondDenom: "wei", maxEntries: 16 } } },
    "/stratos.register.v1.Query/DepositByNode": { req: r.QueryDepositByNodeRequest, res: r.QueryDepositByNodeResponse, response: { depositInfo: { networkAddress: "stsds1rn", bondedDeposit: { denom: "wei", amount: "100" } } } },
    "/stratos.register.v1.Query/DepositByOwner": { req: r.QueryDepositByOwnerRequest, res: r.QueryDepositByOwnerResponse, response: { depositInfos: [{ networkAddress: "stsds1rn" }], pagination: { nextKey: new Uint8Array([1]), total: 2n } } },
    "/stratos.register.v1.Query/DepositTotal": { req: r.QueryDepositTotalRequest, res: r.QueryDepositTotalResponse, response: { totalBondedDeposit: { denom: "wei", amount: "9" } } },
    "/stratos.register.v1.Query/BondedResourceNodeCount": { req: r.QueryBondedResourceNodeCountRequest, res: r.QueryBondedResourceNodeCountResponse, response: { number: 3n } },
    "/stratos.register.v1.Query/BondedMetaNodeCount": { req: r.QueryBondedMetaNodeCountRequest, res: r.QueryBondedMetaNodeCountResponse, response: { number: 4n } },
    "/stratos.register.v1.Query/RemainingOzoneLimit": { req: r.QueryRemainingOzoneLimitRequest, res: r.QueryRemainingOzoneLimitResponse, response: { ozoneLimit: "123456789012345678901234567890" } },
  });
  const { register } = setupRegisterExtension(base);

  test("every RPC", async () => {
    expect(await register.resourceNode("stsds1rn")).toEqual(r.ResourceNode.fromPartial(node));
    expect(await register.metaNode("stsds1x")).toBeNull();
    expect((await register.params()).maxEntries).toBe(16);
    expect((await register.depositByNode("stsds1rn", DepositQueryType.ResourceNode))?.bondedDeposit).toEqual({ denom: "wei", amount: "100" });
    const byOwner = await register.depositByOwner("st1o", { limit: 10n });
    expect(byOwner.depositInfos).toHaveLength(1);
    expect(byOwner.pagination?.total).toBe(2n);
    expect((await register.depositTotal()).totalBondedDeposit).toEqual({ denom: "wei", amount: "9" });
    expect(await register.bondedResourceNodeCount()).toBe(3n);
    expect(await register.bondedMetaNodeCount()).toBe(4n);
    expect(await register.remainingOzoneLimit()).toBe(123456789012345678901234567890n);
    expect(calls.map((c) => c.request)).toEqual([
      r.QueryResourceNodeRequest.fromPartial({ networkAddr: "stsds1rn" }),
      r.QueryParamsRequest.fromPartial({}),
      r.QueryDepositByNodeRequest.fromPartial({ networkAddr: "stsds1rn", queryType: 2 }),
      r.QueryDepositByOwnerRequest.fromPartial({ ownerAddr: "st1o", pagination: { limit: 10n } }),
      r.QueryDepositTotalRequest.fromPartial({}),
      r.QueryBondedResourceNodeCountRequest.fromPartial({}),
      r.QueryBondedMetaNodeCountRequest.fromPartial({}),
      r.QueryRemainingOzoneLimitRequest.fromPartial({}),
    ]);
  });

  test("other errors propagate", async () => {
    const { base: failing } = fakeClient({ "/stratos.register.v1.Query/ResourceNode": { error: "Query failed with (18): invalid address" } });
    await expect(setupRegisterExtension(failing).register.resourceNode("bad")).rejects.toThrow(/invalid address/);
  });
});

describe("sds extension", () => {
  const { base, calls } = fakeClient({
    "/stratos.sds.v1.Query/Fileupload": { req: s.QueryFileUploadRequest, res: s.QueryFileUploadResponse, response: { fileInfo: { height: "10", cid: "bafk", size: 5n } } },
    "/stratos.sds.v1.Query/SimPrepay": { req: s.QuerySimPrepayRequest, res: s.QuerySimPrepayResponse, response: { noz: "9990" } },
    "/stratos.sds.v1.Query/NozPrice": { req: s.QueryNozPriceRequest, res: s.QueryNozPriceResponse, response: { price: "1000000.000000000000000000" } },
    "/stratos.sds.v1.Query/NozSupply": { req: s.QueryNozSupplyRequest, res: s.QueryNozSupplyResponse, response: { remaining: "7", total: "10" } },
    "/stratos.sds.v1.Query/Params": { req: s.QueryParamsRequest, res: s.QueryParamsResponse, response: { params: { bondDenom: "wei" } } },
  });
  const { sds } = setupSdsExtension(base);

  test("every RPC; simPrepay sends the coin string <amount>wei", async () => {
    expect(await sds.fileUpload("bafk")).toMatchObject({ height: "10", cid: "bafk", size: 5n });
    expect(await sds.simPrepay(10n ** 18n)).toBe(9990n);
    expect(await sds.nozPrice()).toBe("1000000.000000000000000000");
    expect(await sds.nozSupply()).toEqual({ remaining: 7n, total: 10n });
    expect(await sds.params()).toEqual({ bondDenom: "wei" });
    expect(calls.map((c) => c.request)).toEqual([{ fileHash: "bafk" }, { amount: "1000000000000000000wei" }, {}, {}, {}]);
  });
});

describe("pot extension", () => {
  const page = { key: new Uint8Array([7]), offset: 0n, limit: 5n, countTotal: false, reverse: false };
  const { base, calls } = fakeClient({
    "/stratos.pot.v1.Query/VolumeReport": { req: p.QueryVolumeReportRequest, res: p.QueryVolumeReportResponse, response: { reportInfo: { epoch: 3n, reference: "r3", txHash: "AB", reporter: "stsds1m" } } },
    "/stratos.pot.v1.Query/RewardsByEpoch": { req: p.QueryRewardsByEpochRequest, res: p.QueryRewardsByEpochResponse, response: { rewards: [{ walletAddress: "st1a" }] } },
    "/stratos.pot.v1.Query/RewardsByWallet": { req: p.QueryRewardsByWalletRequest, res: p.QueryRewardsByWalletResponse, response: { rewards: { walletAddress: "st1a", matureTotalReward: [{ denom: "wei", amount: "5" }] } } },
    "/stratos.pot.v1.Query/RewardsByWalletAndEpoch": { req: p.QueryRewardsByWalletAndEpochRequest, res: p.QueryRewardsByWalletAndEpochResponse, response: { rewards: [] } },
    "/stratos.pot.v1.Query/SlashingByOwner": { req: p.QuerySlashingByOwnerRequest, res: p.QuerySlashingByOwnerResponse, response: { slashing: "42" } },
    "/stratos.pot.v1.Query/Params": { req: p.QueryParamsRequest, res: p.QueryParamsResponse, response: { params: { matureEpoch: 2016n } } },
    "/stratos.pot.v1.Query/TotalMinedToken": { req: p.QueryTotalMinedTokenRequest, res: p.QueryTotalMinedTokenResponse, response: { totalMinedToken: { denom: "wei", amount: "80" } } },
    "/stratos.pot.v1.Query/CirculationSupply": { req: p.QueryCirculationSupplyRequest, res: p.QueryCirculationSupplyResponse, response: { circulationSupply: [{ denom: "wei", amount: "1" }] } },
    "/stratos.pot.v1.Query/TotalRewardByEpoch": { req: p.QueryTotalRewardByEpochRequest, res: p.QueryTotalRewardByEpochResponse, response: { totalReward: { miningReward: [{ denom: "wei", amount: "80" }] } } },
    "/stratos.pot.v1.Query/Metrics": { req: p.QueryMetricsRequest, res: p.QueryMetricsResponse, response: { metrics: { totalSupply: "100" } } },
  });
  const { pot } = setupPotExtension(base);

  test("every RPC", async () => {
    expect(await pot.volumeReport(3n)).toEqual({ epoch: 3n, reference: "r3", txHash: "AB", reporter: "stsds1m" });
    expect((await pot.rewardsByEpoch(3n, { key: page.key, limit: 5n })).rewards).toHaveLength(1);
    expect((await pot.rewardsByWallet("st1a")).matureTotalReward).toEqual([{ denom: "wei", amount: "5" }]);
    expect((await pot.rewardsByWalletAndEpoch("st1a", 3n)).rewards).toEqual([]);
    expect(await pot.slashingByOwner("st1a")).toBe(42n);
    expect((await pot.params()).matureEpoch).toBe(2016n);
    expect(await pot.totalMinedToken()).toEqual({ denom: "wei", amount: "80" });
    expect(await pot.circulationSupply()).toEqual([{ denom: "wei", amount: "1" }]);
    expect((await pot.totalRewardByEpoch(3n)).totalReward?.miningReward).toEqual([{ denom: "wei", amount: "80" }]);
    expect((await pot.metrics()).totalSupply).toBe("100");
    expect(calls.map((c) => c.path.split("/").pop())).toEqual([
      "VolumeReport", "RewardsByEpoch", "RewardsByWallet", "RewardsByWalletAndEpoch", "SlashingByOwner", "Params", "TotalMinedToken", "CirculationSupply", "TotalRewardByEpoch", "Metrics",
    ]);
    expect(calls[0]!.request).toEqual({ epoch: 3n });
    expect(calls[1]!.request).toEqual({ epoch: 3n, pagination: page });
    expect(calls[3]!.request).toEqual({ walletAddress: "st1a", epoch: 3n, pagination: undefined });
  });

  test("volumeReport() defaults to epoch 0 (the last distributed one)", async () => {
    await pot.volumeReport();
    expect(calls.at(-1)!.request).toEqual({ epoch: 0n });
  });
});

test("the extensions cover every RPC of the three Query services", () => {
  const rpcs = (impl: { prototype: object }) => Object.getOwnPropertyNames(impl.prototype).filter((n) => n !== "constructor").length;
  expect(Object.keys(setupRegisterExtension(fakeClient({}).base).register)).toHaveLength(rpcs(r.QueryClientImpl));
  expect(Object.keys(setupSdsExtension(fakeClient({}).base).sds)).toHaveLength(rpcs(s.QueryClientImpl));
  expect(Object.keys(setupPotExtension(fakeClient({}).base).pot)).toHaveLength(rpcs(p.QueryClientImpl));
});
