/**
 * The Stratos REST routes against an in-memory AppQuerier: each URL sends the right ABCI path
 * and request bytes and renders the response as grpc-gateway JSON; bad input is 400; chain
 * errors map as for the Cosmos routes. Also checks the route table against the descriptors.
 */
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { ACCOUNT_PREFIX, encodeAccAddress, SDS_PREFIX } from "../types/address";
import { FieldType, methodByPath, stratosDescriptors, WireReader, WireType } from "./proto-descriptors";
import { okAnswer, startRecordingRestServer, type RecordedQuery, type RecordingRestServer } from "../../test/helpers/recording-rest";
import { STRATOS_QUERY_PATHS, type QueryResult } from "./query-client";
import { fastifyUrl, STRATOS_QUERY_ROUTES, type StratosRoute } from "./stratos-routes";

const SDS = encodeAccAddress(new Uint8Array(20).fill(7), SDS_PREFIX);
const ACC = encodeAccAddress(new Uint8Array(20).fill(9), ACCOUNT_PREFIX);
const PUBKEY = new Uint8Array(32).fill(5);
const B64_PUBKEY = Buffer.from(PUBKEY).toString("base64");
const coin = (amount: string, denom = "wei"): { denom: string; amount: string } => ({ denom, amount });
const EMPTY_DESCRIPTION = { moniker: "", identity: "", website: "", security_contact: "", details: "" };

// ---------------------------------------------------------------- in-memory app

let rest: RecordingRestServer;
let calls: RecordedQuery[];

function ok(value: Uint8Array, height = 12n): QueryResult {
  return okAnswer(value, height);
}

beforeAll(async () => {
  rest = await startRecordingRestServer(() => ok(new Uint8Array()));
  calls = rest.calls;
});

afterAll(async () => {
  await rest?.close();
});

beforeEach(() => rest.reset());

const get = (url: string, headers: Record<string, string> = {}) => rest.get(url, headers);

function routeOf(path: string): StratosRoute {
  const r = STRATOS_QUERY_ROUTES.find((x) => x.path === path);
  if (!r) throw new Error(`no route for ${path}`);
  return r;
}

// ---------------------------------------------------------------- the table

interface Case {
  readonly path: string;
  readonly url: string;
  /** ts-proto partial of the request the URL must produce. */
  readonly request: object;
  /** ts-proto partial of the response the app answers. */
  readonly response: object;
  readonly json: unknown;
}

const CASES: Case[] = [
  {
    path: "/stratos.register.v1.Query/ResourceNode",
    url: `/stratos/register/v1/resource_node/${SDS}`,
    request: { networkAddr: SDS },
    response: {
      node: {
        networkAddress: SDS,
        pubkey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Ed25519PubKey.encode({ key: PUBKEY }).finish() },
        suspend: true,
        status: 3,
        tokens: "1000",
        ownerAddress: ACC,
        description: { moniker: "rn1", website: "https://x" },
        creationTime: { seconds: 1_700_000_000n, nanos: 500_000_000 },
        nodeType: 4,
        effectiveTokens: "900",
        beneficiaryAddress: ACC,
      },
    },
    json: {
      node: {
        network_address: SDS,
        pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: B64_PUBKEY },
        suspend: true,
        status: "BOND_STATUS_BONDED",
        tokens: "1000",
        owner_address: ACC,
        description: { ...EMPTY_DESCRIPTION, moniker: "rn1", website: "https://x" },
        creation_time: "2023-11-14T22:13:20.500Z",
        node_type: 4,
        effective_tokens: "900",
        beneficiary_address: ACC,
      },
    },
  },
  {
    path: "/stratos.register.v1.Query/MetaNode",
    url: `/stratos/register/v1/meta_node/${SDS}`,
    request: { networkAddr: SDS },
    response: { node: { networkAddress: SDS, status: 1, creationTime: { seconds: 0n, nanos: 0 } } },
    json: {
      node: {
        network_address: SDS,
        pubkey: null,
        suspend: false,
        status: "BOND_STATUS_UNBONDED",
        tokens: "",
        owner_address: "",
        description: null,
        creation_time: "1970-01-01T00:00:00Z",
        beneficiary_address: "",
      },
    },
  },
  {
    path: "/stratos.register.v1.Query/Params",
    url: "/stratos/register/v1/params",
    request: {},
    response: {
      params: {
        bondDenom: "wei",
        unbondingThreasholdTime: { seconds: 15_552_000n, nanos: 0 },
        unbondingCompletionTime: { seconds: 1_209_600n, nanos: 500_000_000 },
        maxEntries: 16,
        resourceNodeRegEnabled: true,
        resourceNodeMinDeposit: coin("1000000000000000000"),
      },
    },
    json: {
      params: {
        bond_denom: "wei",
        unbonding_threashold_time: "15552000s",
        unbonding_completion_time: "1209600.500s",
        max_entries: 16,
        resource_node_reg_enabled: true,
        resource_node_min_deposit: coin("1000000000000000000"),
        voting_period: null,
      },
    },
  },
  {
    path: "/stratos.register.v1.Query/DepositByNode",
    url: `/stratos/register/v1/deposit_by_node/${SDS}/2`,
    request: { networkAddr: SDS, queryType: 2 },
    response: { depositInfo: { networkAddress: SDS, status: 2, tokens: "5", nodeType: 1, unBondingDeposit: coin("5") } },
    json: {
      deposit_info: {
        network_address: SDS,
        pubkey: null,
        suspend: false,
        status: "BOND_STATUS_UNBONDING",
        tokens: "5",
        owner_address: "",
        description: null,
        creation_time: null,
        node_type: 1,
        bonded_deposit: null,
        un_bonding_deposit: coin("5"),
        un_bonded_deposit: null,
      },
    },
  },
  {
    path: "/stratos.register.v1.Query/DepositByOwner",
    url: `/stratos/register/v1/deposit_by_owner/${ACC}?pagination.key=AQ%3D%3D&pagination.limit=2&pagination.reverse=true`,
    request: { ownerAddr: ACC, pagination: { key: new Uint8Array([1]), limit: 2n, reverse: true } },
    response: { depositInfos: [{ networkAddress: SDS, bondedDeposit: coin("7") }], pagination: { nextKey: new Uint8Array([2]), total: 5n } },
    json: {
      deposit_infos: [
        {
          network_address: SDS,
          pubkey: null,
          suspend: false,
          status: "BOND_STATUS_UNSPECIFIED",
          tokens: "",
          owner_address: "",
          description: null,
          creation_time: null,
          node_type: 0,
          bonded_deposit: coin("7"),
          un_bonding_deposit: null,
          un_bonded_deposit: null,
        },
      ],
      pagination: { next_key: "Ag==", total: "5" },
    },
  },
  {
    path: "/stratos.register.v1.Query/DepositTotal",
    url: "/stratos/register/v1/deposit_total",
    request: {},
    response: { resourceNodesTotalDeposit: coin("1"), metaNodesTotalDeposit: coin("2"), totalBondedDeposit: coin("3"), totalUnbondedDeposit: coin("0") },
    json: {
      resource_nodes_total_deposit: coin("1"),
      meta_nodes_total_deposit: coin("2"),
      total_bonded_deposit: coin("3"),
      total_unbonded_deposit: coin("0"),
      total_unbonding_deposit: null,
    },
  },
  {
    path: "/stratos.register.v1.Query/BondedResourceNodeCount",
    url: "/stratos/register/v1/resource_node_count",
    request: {},
    response: { number: 7n },
    json: { number: "7" },
  },
  {
    path: "/stratos.register.v1.Query/BondedMetaNodeCount",
    url: "/stratos/register/v1/meta_node_count",
    request: {},
    response: {},
    json: { number: "0" },
  },
  {
    path: "/stratos.register.v1.Query/RemainingOzoneLimit",
    url: "/stratos/register/v1/remaining_ozone_limit",
    request: {},
    response: { ozoneLimit: "123456789012345678901234567890" },
    json: { ozone_limit: "123456789012345678901234567890" },
  },
  {
    path: "/stratos.sds.v1.Query/Fileupload",
    url: "/stratos/sds/v1/file_upload/bafkreiabc",
    request: { fileHash: "bafkreiabc" },
    response: {
      fileInfo: {
        height: "10",
        reporters: new Uint8Array([1, 2, 3]),
        uploader: ACC,
        cid: "bafkreiabc",
        owner: ACC,
        size: 18_446_744_073_709_551_615n,
        merkleRoot: new Uint8Array([255]),
        chunkSize: 1024n,
        sliceCount: 2,
        replicas: 3,
        holders: [{ sliceIndex: 0, sdsAddresses: [SDS] }, { sliceIndex: 1 }],
      },
    },
    json: {
      file_info: {
        height: "10",
        reporters: "AQID",
        uploader: ACC,
        cid: "bafkreiabc",
        owner: ACC,
        size: "18446744073709551615",
        merkle_root: "/w==",
        chunk_size: "1024",
        slice_count: 2,
        replicas: 3,
        holders: [
          { slice_index: 0, sds_addresses: [SDS] },
          { slice_index: 1, sds_addresses: [] },
        ],
      },
    },
  },
  {
    path: "/stratos.sds.v1.Query/SimPrepay",
    url: "/stratos/sds/v1/sim_prepay/1000000000000000000wei",
    request: { amount: "1000000000000000000wei" },
    response: { noz: "42" },
    json: { noz: "42" },
  },
  {
    path: "/stratos.sds.v1.Query/NozPrice",
    url: "/stratos/sds/v1/noz_price",
    request: {},
    response: { price: "1.500000000000000000" },
    json: { price: "1.500000000000000000" },
  },
  {
    path: "/stratos.sds.v1.Query/NozSupply",
    url: "/stratos/sds/v1/noz_supply",
    request: {},
    response: { remaining: "10", total: "20" },
    json: { remaining: "10", total: "20" },
  },
  {
    path: "/stratos.sds.v1.Query/Params",
    url: "/stratos/sds/v1/params",
    request: {},
    response: { params: { bondDenom: "wei" } },
    json: { params: { bond_denom: "wei" } },
  },
  {
    path: "/stratos.pot.v1.Query/VolumeReport",
    url: "/stratos/pot/v1/volume_report/0",
    request: { epoch: 0n },
    response: { reportInfo: { epoch: 5n, reference: "ref", txHash: "ABCD", reporter: SDS } },
    json: { report_info: { epoch: "5", reference: "ref", tx_hash: "ABCD", reporter: SDS } },
  },
  {
    path: "/stratos.pot.v1.Query/RewardsByEpoch",
    url: "/stratos/pot/v1/rewards/epoch/3?pagination.count_total=true&pagination.offset=4",
    request: { epoch: 3n, pagination: { countTotal: true, offset: 4n } },
    response: { rewards: [{ walletAddress: ACC, rewardFromMiningPool: [coin("8")] }] },
    json: { rewards: [{ wallet_address: ACC, reward_from_mining_pool: [coin("8")], reward_from_traffic_pool: [] }], pagination: null },
  },
  {
    path: "/stratos.pot.v1.Query/RewardsByWallet",
    url: `/stratos/pot/v1/rewards/wallet/${ACC}`,
    request: { walletAddress: ACC },
    response: { rewards: { walletAddress: ACC, matureTotalReward: [coin("1"), coin("2", "ustos")] } },
    json: { rewards: { wallet_address: ACC, mature_total_reward: [coin("1"), coin("2", "ustos")], immature_total_reward: [] } },
  },
  {
    path: "/stratos.pot.v1.Query/RewardsByWalletAndEpoch",
    url: `/stratos/pot/v1/rewards/wallet/${ACC}/epoch/9`,
    request: { walletAddress: ACC, epoch: 9n },
    response: { rewards: [], pagination: { total: 0n } },
    json: { rewards: [], pagination: { next_key: "", total: "0" } },
  },
  {
    path: "/stratos.pot.v1.Query/SlashingByOwner",
    url: `/stratos/pot/v1/slashing/${ACC}`,
    request: { walletAddress: ACC },
    response: { slashing: "0" },
    json: { slashing: "0" },
  },
  {
    path: "/stratos.pot.v1.Query/Params",
    url: "/stratos/pot/v1/params",
    request: {},
    response: {
      params: {
        bondDenom: "wei",
        rewardDenom: "wei",
        matureEpoch: 2016n,
        miningRewardParams: [
          {
            totalMinedValveStart: coin("0"),
            totalMinedValveEnd: coin("100"),
            miningReward: coin("80"),
            blockChainPercentageInBp: "2000",
            resourceNodePercentageInBp: "6000",
            metaNodePercentageInBp: "2000",
          },
        ],
        communityTax: "0.010000000000000000",
        initialTotalSupply: coin("100000000"),
        epochLength: 10n,
      },
    },
    json: {
      params: {
        bond_denom: "wei",
        reward_denom: "wei",
        mature_epoch: "2016",
        mining_reward_params: [
          {
            total_mined_valve_start: coin("0"),
            total_mined_valve_end: coin("100"),
            mining_reward: coin("80"),
            block_chain_percentage_in_bp: "2000",
            resource_node_percentage_in_bp: "6000",
            meta_node_percentage_in_bp: "2000",
          },
        ],
        community_tax: "0.010000000000000000",
        initial_total_supply: coin("100000000"),
        epoch_length: "10",
      },
    },
  },
  {
    path: "/stratos.pot.v1.Query/TotalMinedToken",
    url: "/stratos/pot/v1/total_mined_token",
    request: {},
    response: { totalMinedToken: coin("99") },
    json: { total_mined_token: coin("99") },
  },
  {
    path: "/stratos.pot.v1.Query/CirculationSupply",
    url: "/stratos/pot/v1/circulation_supply",
    request: {},
    response: { circulationSupply: [coin("5")] },
    json: { circulation_supply: [coin("5")] },
  },
  {
    path: "/stratos.pot.v1.Query/TotalRewardByEpoch",
    url: "/stratos/pot/v1/total_reward/4",
    request: { epoch: 4n },
    response: { totalReward: { miningReward: [coin("80")] }, isLegacy: true },
    json: { total_reward: { mining_reward: [coin("80")], traffic_reward: [] }, is_legacy: true },
  },
  {
    path: "/stratos.pot.v1.Query/Metrics",
    url: "/stratos/pot/v1/metrics",
    request: {},
    response: { metrics: { totalSupply: "1", unissuedPrepay: "15" } },
    json: {
      metrics: {
        total_supply: "1",
        total_mining_supply: "",
        total_mined_tokens: "",
        total_resource_nodes_deposit: "",
        total_bonded_delegation: "",
        total_unbonded_delegation: "",
        total_unbonding_delegation: "",
        circulation_supply: "",
        total_mining_reward: "",
        chain_mining_reward: "",
        resource_mining_reward: "",
        meta_mining_reward: "",
        resource_node_deposit: "",
        meta_node_deposit: "",
        unissued_prepay: "15",
      },
    },
  },
];

// ---------------------------------------------------------------- tests

describe("the Stratos route table", () => {
  const reg = stratosDescriptors();
  const services = ["stratos.register.v1.Query", "stratos.sds.v1.Query", "stratos.pot.v1.Query"];
  const descriptorPaths = services.flatMap((s) => reg.services.get(s)!.methods.map((m) => `/${s}/${m.name}`));

  it("has one route per RPC of the three query services, and STRATOS_QUERY_PATHS lists them", () => {
    expect(descriptorPaths).toHaveLength(24);
    expect(STRATOS_QUERY_ROUTES.map((r) => r.path).sort()).toEqual([...descriptorPaths].sort());
    expect([...STRATOS_QUERY_PATHS].sort()).toEqual([...descriptorPaths].sort());
    expect(CASES.map((c) => c.path).sort()).toEqual([...descriptorPaths].sort());
  });

  it("uses the routes of the google.api.http options", () => {
    // MethodDescriptorProto.options (4) -> google.api.http (72295728) -> HttpRule.get (2).
    const httpGet = new Map<string, string>();
    const fields = (bytes: Uint8Array, fn: (f: number, r: WireReader) => void): void => {
      const r = new WireReader(bytes);
      while (!r.done) {
        const { field, wire } = r.tag();
        if (wire === WireType.LEN) fn(field, new WireReader(r.bytes()));
        else r.skip(wire, field);
      }
    };
    for (const file of reg.files) {
      let pkg = "";
      fields(file.bytes, (f, r) => {
        if (f === 2) pkg = Buffer.from(r.buf).toString();
        if (f !== 6) return;
        let svc = "";
        fields(r.buf, (sf, sr) => {
          if (sf === 1) svc = Buffer.from(sr.buf).toString();
          if (sf !== 2) return;
          let method = "";
          fields(sr.buf, (mf, mr) => {
            if (mf === 1) method = Buffer.from(mr.buf).toString();
            if (mf === 4) fields(mr.buf, (of, or) => of === 72295728 && fields(or.buf, (hf, hr) => hf === 2 && httpGet.set(`/${pkg}.${svc}/${method}`, Buffer.from(hr.buf).toString())));
          });
        });
      });
    }
    for (const r of STRATOS_QUERY_ROUTES) {
      expect({ path: r.path, http: r.http }).toEqual({ path: r.path, http: httpGet.get(r.path) });
      expect(r.url).toBe(fastifyUrl(r.http));
    }
    // fastifyUrl itself, on a literal (the loop above compares it with itself).
    expect(fastifyUrl("/stratos/pot/v1/rewards/wallet/{wallet_address}/epoch/{epoch}")).toBe("/stratos/pot/v1/rewards/wallet/:wallet_address/epoch/:epoch");
    expect(routeOf("/stratos.register.v1.Query/DepositByNode").url).toBe("/stratos/register/v1/deposit_by_node/:network_addr/:query_type");
  });

  it("names codecs whose fields are those of the method's input and output types", () => {
    const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    for (const r of STRATOS_QUERY_ROUTES) {
      const m = methodByPath(reg, r.path)!;
      const input = reg.messages.get(m.inputType)!.fields.map((f) => camel(f.name)).sort();
      const output = reg.messages.get(m.outputType)!.fields.map((f) => camel(f.name)).sort();
      expect({ path: r.path, request: Object.keys(r.request.fromPartial({}) as object).sort() }).toEqual({ path: r.path, request: input });
      expect({ path: r.path, response: Object.keys(r.response.fromPartial({}) as object).sort() }).toEqual({ path: r.path, response: output });
      expect(r.paginated).toBe(input.includes("pagination"));
    }
  });
});

describe("Stratos REST routes (in-memory app)", () => {
  it.each(CASES)("$url -> $path", async (c) => {
    const route = routeOf(c.path);
    rest.answer = () => ok(route.response.encode(route.response.fromPartial(c.response)).finish());
    const r = await get(c.url);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-cosmos-block-height")).toBe("12");
    expect(r.body).toEqual(c.json);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(c.path);
    expect(Buffer.from(calls[0]!.data).toString("hex")).toBe(Buffer.from(route.request.encode(route.request.fromPartial(c.request)).finish()).toString("hex"));
  });

  it("emits every field of an empty response with its default", async () => {
    const reg = stratosDescriptors();
    for (const c of CASES) {
      const r = await get(c.url);
      expect(r.status).toBe(200);
      const out = reg.messages.get(methodByPath(reg, c.path)!.outputType)!;
      const expected: Record<string, unknown> = {};
      for (const f of out.fields) {
        expected[f.name] = f.repeated
          ? []
          : f.type === FieldType.MESSAGE
            ? null
            : f.type === FieldType.BOOL
              ? false
              : [FieldType.INT64, FieldType.UINT64].includes(f.type as 3 | 4)
                ? "0"
                : f.type === FieldType.STRING
                  ? ""
                  : 0;
      }
      expect({ url: c.url, body: r.body }).toEqual({ url: c.url, body: expected });
    }
  });

  it("passes the height header through", async () => {
    await get("/stratos/sds/v1/noz_price", { "x-cosmos-block-height": "5" });
    expect(calls[0]!.height).toBe(5n);
    expect((await get("/stratos/sds/v1/noz_price", { "x-cosmos-block-height": "x" })).status).toBe(400);
  });

  it("answers bad path and query parameters with 400 without querying the app", async () => {
    const bad = [
      "/stratos/register/v1/resource_node/notanaddress",
      `/stratos/register/v1/resource_node/${ACC}`, // an account address where a node address belongs
      `/stratos/register/v1/meta_node/${SDS.slice(0, -1)}x`, // bad checksum
      `/stratos/register/v1/deposit_by_node/${SDS}/x`,
      `/stratos/register/v1/deposit_by_node/${SDS}/-1`,
      `/stratos/register/v1/deposit_by_node/${SDS}/4294967296`,
      `/stratos/register/v1/deposit_by_owner/${SDS}`,
      `/stratos/register/v1/deposit_by_owner/${ACC}?pagination.limit=abc`,
      `/stratos/register/v1/deposit_by_owner/${ACC}?pagination.key=%21%21`,
      "/stratos/sds/v1/sim_prepay/abc",
      "/stratos/sds/v1/sim_prepay/100",
      "/stratos/sds/v1/sim_prepay/-5wei",
      "/stratos/sds/v1/sim_prepay/1.5wei",
      "/stratos/pot/v1/volume_report/abc",
      "/stratos/pot/v1/volume_report/1.5",
      "/stratos/pot/v1/volume_report/9223372036854775808",
      "/stratos/pot/v1/rewards/epoch/x",
      "/stratos/pot/v1/rewards/epoch/1?pagination.count_total=maybe",
      "/stratos/pot/v1/rewards/wallet/st1bad",
      `/stratos/pot/v1/rewards/wallet/${ACC}/epoch/e`,
      `/stratos/pot/v1/rewards/wallet/${SDS}/epoch/1`,
      "/stratos/pot/v1/slashing/xyz",
      "/stratos/pot/v1/total_reward/ten",
    ];
    for (const url of bad) {
      const r = await get(url);
      expect({ url, status: r.status, code: r.body.code, details: r.body.details, message: typeof r.body.message }).toEqual({ url, status: 400, code: 3, details: [], message: "string" });
    }
    expect(calls).toEqual([]);
  });

  it("accepts int64 extremes and a negative epoch (the module decides)", async () => {
    expect((await get("/stratos/pot/v1/volume_report/9223372036854775807")).status).toBe(200);
    expect((await get("/stratos/pot/v1/total_reward/-9223372036854775808")).status).toBe(200);
    const route = routeOf("/stratos.pot.v1.Query/TotalRewardByEpoch");
    expect(route.request.decode(calls[1]!.data)).toEqual({ epoch: -9223372036854775808n });
  });

  it("maps chain errors through queryStatus", async () => {
    rest.answer = () => ({ code: 22, codespace: "sdk", log: `rpc error: code = NotFound desc = resource node ${SDS} not found: key not found`, value: new Uint8Array(), height: 3n });
    const nf = await get(`/stratos/register/v1/resource_node/${SDS}`);
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ code: 5, message: `rpc error: code = NotFound desc = resource node ${SDS} not found`, details: [] });
    expect(nf.headers.get("x-cosmos-block-height")).toBe("3");

    rest.answer = (path) => ({ code: 6, codespace: "sdk", log: `unknown query path ${path}: unknown request`, value: new Uint8Array(), height: 3n });
    const unrouted = await get("/stratos/pot/v1/metrics");
    expect(unrouted.status).toBe(501);
    expect(unrouted.body).toMatchObject({ code: 12, details: [] });

    rest.answer = () => ({ code: 8, codespace: "sds", log: "no file found", value: new Uint8Array(), height: 3n });
    const moduleError = await get("/stratos/sds/v1/file_upload/bafy");
    expect(moduleError.status).toBe(500);
    expect(moduleError.body).toEqual({ code: 2, message: "no file found", details: [] });

    rest.answer = () => ({ code: 18, codespace: "sdk", log: "rpc error: code = InvalidArgument desc = epoch must be positive: invalid request", value: new Uint8Array(), height: 3n });
    const invalid = await get("/stratos/pot/v1/rewards/epoch/0");
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ code: 3, message: "rpc error: code = InvalidArgument desc = epoch must be positive", details: [] });
  });

  it("answers an undecodable app response with 500", async () => {
    rest.answer = () => ok(new Uint8Array([0x0a, 0x05, 0x01]));
    const r = await get("/stratos/sds/v1/noz_price");
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 13, details: [] });
  });
});
