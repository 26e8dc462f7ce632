/**
 * The Cosmos REST route table (`QUERY_ROUTES`) against an in-memory AppQuerier: each URL sends
 * the right ABCI path and request bytes, and an empty app answer renders as grpc-gateway JSON.
 * Plus the CometBFT-backed renderers on fixed CometBFT results (no node needed).
 */
import * as authQuery from "cosmjs-types/cosmos/auth/v1beta1/query";
import * as bankQuery from "cosmjs-types/cosmos/bank/v1beta1/query";
import * as stakingQuery from "cosmjs-types/cosmos/staking/v1beta1/query";
import { ACCOUNT_PREFIX, encodeAccAddress, VALOPER_PREFIX } from "../types/address";
import type { CometAbciInfo, CometBlock, CometStatus } from "./comet-rpc";
import { okAnswer, startRecordingRestServer, type RecordedQuery, type RecordingRestServer } from "../../test/helpers/recording-rest";
import { COSMOS_QUERY_PATHS } from "./query-client";
import { QUERY_ROUTES, renderBlock, renderNodeInfo } from "./rest-server";

const ACC = encodeAccAddress(new Uint8Array(20).fill(9), ACCOUNT_PREFIX);
const VAL = encodeAccAddress(new Uint8Array(20).fill(7), VALOPER_PREFIX);
/** An all-default Validator as the SDK's gateway writes it: Dec fields with 18 places, times RFC 3339, status by name. */
const EMPTY_VALIDATOR = {
  operator_address: "",
  consensus_pubkey: null,
  jailed: false,
  status: "BOND_STATUS_UNSPECIFIED",
  tokens: "",
  delegator_shares: "0.000000000000000000",
  description: { moniker: "", identity: "", website: "", security_contact: "", details: "" },
  unbonding_height: "0",
  unbonding_time: "1970-01-01T00:00:00Z",
  commission: { commission_rates: { rate: "0.000000000000000000", max_rate: "0.000000000000000000", max_change_rate: "0.000000000000000000" }, update_time: "1970-01-01T00:00:00Z" },
  min_self_delegation: "",
  unbonding_on_hold_ref_count: "0",
  unbonding_ids: [],
};

let rest: RecordingRestServer;
let calls: RecordedQuery[];

beforeAll(async () => {
  rest = await startRecordingRestServer(() => okAnswer(new Uint8Array(), 8n));
  calls = rest.calls;
});

afterAll(async () => {
  await rest?.close();
});

beforeEach(() => rest.reset());

const get = (url: string) => rest.get(url);

interface Case {
  readonly url: string;
  readonly path: string;
  /** The request bytes the URL must produce. */
  readonly request: Uint8Array;
  /** The JSON of an empty (all-default) response. */
  readonly json: unknown;
}

const NO_PAGE = { balances: [], pagination: null };

const CASES: Case[] = [
  {
    url: "/cosmos/auth/v1beta1/accounts?pagination.limit=3",
    path: "/cosmos.auth.v1beta1.Query/Accounts",
    request: authQuery.QueryAccountsRequest.encode({ pagination: { key: new Uint8Array(), offset: 0n, limit: 3n, countTotal: false, reverse: false } }).finish(),
    json: { accounts: [], pagination: null },
  },
  {
    url: `/cosmos/auth/v1beta1/accounts/${ACC}`,
    path: "/cosmos.auth.v1beta1.Query/Account",
    request: authQuery.QueryAccountRequest.encode({ address: ACC }).finish(),
    json: { account: null },
  },
  {
    url: `/cosmos/auth/v1beta1/account_info/${ACC}`,
    path: "/cosmos.auth.v1beta1.Query/AccountInfo",
    request: authQuery.QueryAccountInfoRequest.encode({ address: ACC }).finish(),
    json: { info: null },
  },
  {
    url: "/cosmos/auth/v1beta1/params",
    path: "/cosmos.auth.v1beta1.Query/Params",
    request: new Uint8Array(),
    json: { params: { max_memo_characters: "0", tx_sig_limit: "0", tx_size_cost_per_byte: "0", sig_verify_cost_ed25519: "0", sig_verify_cost_secp256k1: "0" } },
  },
  {
    url: "/cosmos/auth/v1beta1/module_accounts",
    path: "/cosmos.auth.v1beta1.Query/ModuleAccounts",
    request: new Uint8Array(),
    json: { accounts: [] },
  },
  {
    url: "/cosmos/auth/v1beta1/module_accounts/fee_collector",
    path: "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
    request: authQuery.QueryModuleAccountByNameRequest.encode({ name: "fee_collector" }).finish(),
    json: { account: null },
  },
  {
    url: "/cosmos/auth/v1beta1/bech32",
    path: "/cosmos.auth.v1beta1.Query/Bech32Prefix",
    request: new Uint8Array(),
    json: { bech32_prefix: "" },
  },
  {
    url: `/cosmos/bank/v1beta1/balances/${ACC}?resolve_denom=true`,
    path: "/cosmos.bank.v1beta1.Query/AllBalances",
    request: bankQuery.QueryAllBalancesRequest.encode({ address: ACC, resolveDenom: true }).finish(),
    json: NO_PAGE,
  },
  {
    url: `/cosmos/bank/v1beta1/balances/${ACC}/by_denom?denom=wei`,
    path: "/cosmos.bank.v1beta1.Query/Balance",
    request: bankQuery.QueryBalanceRequest.encode({ address: ACC, denom: "wei" }).finish(),
    json: { balance: null },
  },
  {
    url: `/cosmos/bank/v1beta1/spendable_balances/${ACC}`,
    path: "/cosmos.bank.v1beta1.Query/SpendableBalances",
    request: bankQuery.QuerySpendableBalancesRequest.encode({ address: ACC }).finish(),
    json: NO_PAGE,
  },
  {
    url: `/cosmos/bank/v1beta1/spendable_balances/${ACC}/by_denom?denom=wei`,
    path: "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom",
    request: bankQuery.QuerySpendableBalanceByDenomRequest.encode({ address: ACC, denom: "wei" }).finish(),
    json: { balance: null },
  },
  {
    url: "/cosmos/bank/v1beta1/supply?pagination.offset=2&pagination.count_total=true",
    path: "/cosmos.bank.v1beta1.Query/TotalSupply",
    request: bankQuery.QueryTotalSupplyRequest.encode({ pagination: { key: new Uint8Array(), offset: 2n, limit: 0n, countTotal: true, reverse: false } }).finish(),
    json: { supply: [], pagination: null },
  },
  {
    url: "/cosmos/bank/v1beta1/supply/by_denom?denom=wei",
    path: "/cosmos.bank.v1beta1.Query/SupplyOf",
    request: bankQuery.QuerySupplyOfRequest.encode({ denom: "wei" }).finish(),
    json: { amount: { denom: "", amount: "" } },
  },
  {
    url: "/cosmos/bank/v1beta1/params",
    path: "/cosmos.bank.v1beta1.Query/Params",
    request: new Uint8Array(),
    json: { params: { send_enabled: [], default_send_enabled: false } },
  },
  {
    url: "/cosmos/bank/v1beta1/denoms_metadata",
    path: "/cosmos.bank.v1beta1.Query/DenomsMetadata",
    request: new Uint8Array(),
    json: { metadatas: [], pagination: null },
  },
  {
    url: "/cosmos/bank/v1beta1/denoms_metadata/wei",
    path: "/cosmos.bank.v1beta1.Query/DenomMetadata",
    request: bankQuery.QueryDenomMetadataRequest.encode({ denom: "wei" }).finish(),
    json: { metadata: { description: "", denom_units: [], base: "", display: "", name: "", symbol: "", uri: "", uri_hash: "" } },
  },
  {
    url: "/cosmos/bank/v1beta1/send_enabled?denoms=wei&denoms=ustos",
    path: "/cosmos.bank.v1beta1.Query/SendEnabled",
    request: bankQuery.QuerySendEnabledRequest.encode({ denoms: ["wei", "ustos"] }).finish(),
    json: { send_enabled: [], pagination: null },
  },
  {
    url: "/cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED&pagination.limit=2",
    path: "/cosmos.staking.v1beta1.Query/Validators",
    request: stakingQuery.QueryValidatorsRequest.encode({ status: "BOND_STATUS_BONDED", pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: false, reverse: false } }).finish(),
    json: { validators: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/validators/${VAL}`,
    path: "/cosmos.staking.v1beta1.Query/Validator",
    request: stakingQuery.QueryValidatorRequest.encode({ validatorAddr: VAL }).finish(),
    json: { validator: EMPTY_VALIDATOR },
  },
  {
    url: `/cosmos/staking/v1beta1/validators/${VAL}/delegations`,
    path: "/cosmos.staking.v1beta1.Query/ValidatorDelegations",
    request: stakingQuery.QueryValidatorDelegationsRequest.encode({ validatorAddr: VAL }).finish(),
    json: { delegation_responses: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/validators/${VAL}/delegations/${ACC}`,
    path: "/cosmos.staking.v1beta1.Query/Delegation",
    request: stakingQuery.QueryDelegationRequest.encode({ delegatorAddr: ACC, validatorAddr: VAL }).finish(),
    json: { delegation_response: null },
  },
  {
    url: `/cosmos/staking/v1beta1/validators/${VAL}/delegations/${ACC}/unbonding_delegation`,
    path: "/cosmos.staking.v1beta1.Query/UnbondingDelegation",
    request: stakingQuery.QueryUnbondingDelegationRequest.encode({ delegatorAddr: ACC, validatorAddr: VAL }).finish(),
    json: { unbond: { delegator_address: "", validator_address: "", entries: [] } },
  },
  {
    url: `/cosmos/staking/v1beta1/validators/${VAL}/unbonding_delegations`,
    path: "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations",
    request: stakingQuery.QueryValidatorUnbondingDelegationsRequest.encode({ validatorAddr: VAL }).finish(),
    json: { unbonding_responses: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/delegations/${ACC}`,
    path: "/cosmos.staking.v1beta1.Query/DelegatorDelegations",
    request: stakingQuery.QueryDelegatorDelegationsRequest.encode({ delegatorAddr: ACC }).finish(),
    json: { delegation_responses: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/delegators/${ACC}/unbonding_delegations`,
    path: "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations",
    request: stakingQuery.QueryDelegatorUnbondingDelegationsRequest.encode({ delegatorAddr: ACC }).finish(),
    json: { unbonding_responses: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/delegators/${ACC}/redelegations?src_validator_addr=${VAL}`,
    path: "/cosmos.staking.v1beta1.Query/Redelegations",
    request: stakingQuery.QueryRedelegationsRequest.encode({ delegatorAddr: ACC, srcValidatorAddr: VAL, dstValidatorAddr: "" }).finish(),
    json: { redelegation_responses: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/delegators/${ACC}/validators`,
    path: "/cosmos.staking.v1beta1.Query/DelegatorValidators",
    request: stakingQuery.QueryDelegatorValidatorsRequest.encode({ delegatorAddr: ACC }).finish(),
    json: { validators: [], pagination: null },
  },
  {
    url: `/cosmos/staking/v1beta1/delegators/${ACC}/validators/${VAL}`,
    path: "/cosmos.staking.v1beta1.Query/DelegatorValidator",
    request: stakingQuery.QueryDelegatorValidatorRequest.encode({ delegatorAddr: ACC, validatorAddr: VAL }).finish(),
    json: { validator: EMPTY_VALIDATOR },
  },
  {
    url: "/cosmos/staking/v1beta1/historical_info/12",
    path: "/cosmos.staking.v1beta1.Query/HistoricalInfo",
    request: stakingQuery.QueryHistoricalInfoRequest.encode({ height: 12n }).finish(),
    json: { hist: null },
  },
  {
    url: "/cosmos/staking/v1beta1/pool",
    path: "/cosmos.staking.v1beta1.Query/Pool",
    request: new Uint8Array(),
    json: { pool: { not_bonded_tokens: "", bonded_tokens: "" } },
  },
  {
    url: "/cosmos/staking/v1beta1/params",
    path: "/cosmos.staking.v1beta1.Query/Params",
    request: new Uint8Array(),
    json: { params: { unbonding_time: "0s", max_validators: 0, max_entries: 0, historical_entries: 0, bond_denom: "", min_commission_rate: "0.000000000000000000" } },
  },
];

describe("the Cosmos REST route table", () => {
  it("has one case per route, each on a query path the gRPC server lists", () => {
    expect(CASES.map((c) => c.path).sort()).toEqual(QUERY_ROUTES.map((r) => r.path).sort());
    for (const r of QUERY_ROUTES) expect({ path: r.path, listed: COSMOS_QUERY_PATHS.includes(r.path) }).toEqual({ path: r.path, listed: true });
  });

  it.each(CASES)("$url -> $path", async (c) => {
    const r = await get(c.url);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-cosmos-block-height")).toBe("8");
    expect(r.body).toEqual(c.json);
    expect(calls.map((x) => x.path)).toEqual([c.path]);
    expect(Buffer.from(calls[0]!.data).toString("hex")).toBe(Buffer.from(c.request).toString("hex"));
  });

  it("refuses a staking historical_info height that is not an int64 before querying", async () => {
    const r = await get("/cosmos/staking/v1beta1/historical_info/x");
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 400, code: 3 });
    expect(calls).toEqual([]);
  });

  it("refuses a bad block height before calling CometBFT", async () => {
    for (const h of ["0", "x", "-1"]) {
      const r = await get(`/cosmos/base/tendermint/v1beta1/blocks/${h}`);
      expect({ h, status: r.status, code: r.body.code }).toEqual({ h, status: 400, code: 3 });
    }
  });
});

describe("CometBFT-backed renderers", () => {
  const id = (hash: string) => ({ hash, parts: { total: 1, hash: "0A0B" } });
  const block: CometBlock = {
    block_id: id("AABB"),
    block: {
      header: {
        version: { block: "11" },
        chain_id: "c",
        height: "5",
        time: "2024-01-02T03:04:05.1Z",
        last_block_id: id("CC"),
        last_commit_hash: "01",
        data_hash: "",
        validators_hash: "02",
        next_validators_hash: "03",
        consensus_hash: "04",
        app_hash: "05",
        last_results_hash: "06",
        evidence_hash: "07",
        proposer_address: "0909090909090909090909090909090909090909",
      },
      data: { txs: ["AQI="] },
      last_commit: {
        height: "4",
        round: 0,
        block_id: id("CC"),
        signatures: [{ block_id_flag: 2, validator_address: "08", timestamp: "2024-01-02T03:04:04Z", signature: "c2ln" }],
      },
    },
  };

  it("renders a block as GetLatestBlockResponse, with a stvalcons proposer in sdk_block", () => {
    const json = renderBlock(block) as any;
    const blockId = (hash: string) => ({ hash, part_set_header: { total: 1, hash: "Cgs=" } });
    expect(json.block_id).toEqual(blockId("qrs="));
    expect(json.block.header).toEqual({
      version: { block: "11", app: "0" },
      chain_id: "c",
      height: "5",
      time: "2024-01-02T03:04:05.100Z",
      last_block_id: blockId("zA=="),
      last_commit_hash: "AQ==",
      data_hash: "",
      validators_hash: "Ag==",
      next_validators_hash: "Aw==",
      consensus_hash: "BA==",
      app_hash: "BQ==",
      last_results_hash: "Bg==",
      evidence_hash: "Bw==",
      proposer_address: "CQkJCQkJCQkJCQkJCQkJCQkJCQk=",
    });
    expect(json.block.data).toEqual({ txs: ["AQI="] });
    expect(json.block.evidence).toEqual({ evidence: [] });
    expect(json.block.last_commit).toEqual({
      height: "4",
      round: 0,
      block_id: blockId("zA=="),
      signatures: [{ block_id_flag: "BLOCK_ID_FLAG_COMMIT", validator_address: "CA==", timestamp: "2024-01-02T03:04:04Z", signature: "c2ln" }],
    });
    expect(json.sdk_block.header).toEqual({ ...json.block.header, proposer_address: expect.stringMatching(/^stvalcons1/) });
    expect(json.sdk_block.last_commit).toEqual(json.block.last_commit);
  });

  it("renders node info from status and abci_info", () => {
    const status: CometStatus = {
      node_info: {
        protocol_version: { p2p: "8", block: "11", app: "0" },
        id: "abc",
        listen_addr: "tcp://0.0.0.0:26656",
        network: "c",
        version: "0.38.0",
        channels: "4020",
        moniker: "m",
        other: { tx_index: "on", rpc_address: "tcp://127.0.0.1:26657" },
      },
      sync_info: { latest_block_height: "5", catching_up: false },
    };
    const info: CometAbciInfo = { response: { version: "1.2.3" } };
    expect(renderNodeInfo(status, info, { name: "stratos", appName: "stratos-chain" })).toEqual({
      default_node_info: {
        protocol_version: { p2p: "8", block: "11", app: "0" },
        default_node_id: "abc",
        listen_addr: "tcp://0.0.0.0:26656",
        network: "c",
        version: "0.38.0",
        channels: "QCA=",
        moniker: "m",
        other: { tx_index: "on", rpc_address: "tcp://127.0.0.1:26657" },
      },
      application_version: { name: "stratos", app_name: "stratos-chain", version: "1.2.3", git_commit: "", build_tags: "", go_version: "", build_deps: [], cosmos_sdk_version: "" },
    });
  });
});
