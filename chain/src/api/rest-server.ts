/**
 * The REST (grpc-gateway JSON) server: the SDK's `/cosmos/...` routes and the Stratos modules'
 * `/stratos/.../v1/...` routes (stratos-routes.ts), answered by the app's query services
 * in-process, and CometBFT RPC for what the app does not hold (broadcast, tx lookup, node
 * info, blocks). See README.md for the routes and conventions.
 */
import { createHash } from "node:crypto";
import { toBech32 } from "@cosmjs/encoding";
import * as authQuery from "cosmjs-types/cosmos/auth/v1beta1/query";
import * as bankQuery from "cosmjs-types/cosmos/bank/v1beta1/query";
import * as S from "cosmjs-types/cosmos/staking/v1beta1/query";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { VALCONS_PREFIX } from "../types/address";
import { refuseConnect, restClientErrorHandler } from "./client-errors";
import { CometRpc, CometRpcError, type CometAbciInfo, type CometBlock, type CometBlockId, type CometStatus, type CometTxResult } from "./comet-rpc";
import { gatewayTime, hexToBase64, toGatewayJson, type Json } from "./gateway-json";
import { ApiError, Code, HEIGHT_HEADER, httpStatusFromCode, queryStatus, type AppQuerier } from "./query-client";
import { all, badRequest, decodeBase64, first, int64Param, pageRequest, parseBool, parseUint, requestHeight, type Params, type QueryString } from "./rest-params";
import { STAKING_RENDERERS } from "./staking-json";
import { stratosResponseRenderer, STRATOS_QUERY_ROUTES } from "./stratos-routes";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface RestServerOptions {
  readonly app: AppQuerier;
  /** CometBFT RPC, e.g. http://127.0.0.1:26657. */
  readonly rpcUrl: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** `application_version.name` / `app_name` in node_info. */
  readonly appName?: string;
  readonly appDisplayName?: string;
}

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

interface Decoder {
  decode(bytes: Uint8Array): unknown;
}

/** A GET route answered by one app query. */
interface QueryRoute {
  readonly url: string;
  readonly path: string;
  request(params: Params, query: QueryString): Uint8Array;
  readonly response: Decoder;
  /** Renders the response; default `toGatewayJson(response.decode(value))`. */
  readonly render?: (value: Uint8Array) => Json;
}

// ---------------------------------------------------------------- app query routes

const p = (params: Params, name: string): string => params[name] ?? "";

/** An int64 path parameter (grpc-gateway's ParseInt); 400 otherwise. */
/** A staking route: the request from path and query parameters, the SDK's JSON (staking-json.ts). */
function stakingRoute(url: string, method: string, response: Decoder, request: (ps: Params, q: QueryString) => Uint8Array): QueryRoute {
  const path = `/cosmos.staking.v1beta1.Query/${method}`;
  const render = STAKING_RENDERERS[path];
  if (!render) throw new Error(`no staking renderer for ${path}`);
  return { url: `/cosmos/staking/v1beta1${url}`, path, request, response, render };
}

export const QUERY_ROUTES: readonly QueryRoute[] = [
  {
    url: "/cosmos/auth/v1beta1/accounts",
    path: "/cosmos.auth.v1beta1.Query/Accounts",
    request: (_p, q) => authQuery.QueryAccountsRequest.encode({ pagination: pageRequest(q) }).finish(),
    response: authQuery.QueryAccountsResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/accounts/:address",
    path: "/cosmos.auth.v1beta1.Query/Account",
    request: (ps) => authQuery.QueryAccountRequest.encode({ address: p(ps, "address") }).finish(),
    response: authQuery.QueryAccountResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/account_info/:address",
    path: "/cosmos.auth.v1beta1.Query/AccountInfo",
    request: (ps) => authQuery.QueryAccountInfoRequest.encode({ address: p(ps, "address") }).finish(),
    response: authQuery.QueryAccountInfoResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/params",
    path: "/cosmos.auth.v1beta1.Query/Params",
    request: () => new Uint8Array(),
    response: authQuery.QueryParamsResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/module_accounts",
    path: "/cosmos.auth.v1beta1.Query/ModuleAccounts",
    request: () => new Uint8Array(),
    response: authQuery.QueryModuleAccountsResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/module_accounts/:name",
    path: "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
    request: (ps) => authQuery.QueryModuleAccountByNameRequest.encode({ name: p(ps, "name") }).finish(),
    response: authQuery.QueryModuleAccountByNameResponse,
  },
  {
    url: "/cosmos/auth/v1beta1/bech32",
    path: "/cosmos.auth.v1beta1.Query/Bech32Prefix",
    request: () => new Uint8Array(),
    response: authQuery.Bech32PrefixResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/balances/:address",
    path: "/cosmos.bank.v1beta1.Query/AllBalances",
    request: (ps, q) =>
      bankQuery.QueryAllBalancesRequest.encode({ address: p(ps, "address"), pagination: pageRequest(q), resolveDenom: parseBool(first(q, "resolve_denom"), "resolve_denom") ?? false }).finish(),
    response: bankQuery.QueryAllBalancesResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/balances/:address/by_denom",
    path: "/cosmos.bank.v1beta1.Query/Balance",
    request: (ps, q) => bankQuery.QueryBalanceRequest.encode({ address: p(ps, "address"), denom: first(q, "denom") ?? "" }).finish(),
    response: bankQuery.QueryBalanceResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/spendable_balances/:address",
    path: "/cosmos.bank.v1beta1.Query/SpendableBalances",
    request: (ps, q) => bankQuery.QuerySpendableBalancesRequest.encode({ address: p(ps, "address"), pagination: pageRequest(q) }).finish(),
    response: bankQuery.QuerySpendableBalancesResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/spendable_balances/:address/by_denom",
    path: "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom",
    request: (ps, q) => bankQuery.QuerySpendableBalanceByDenomRequest.encode({ address: p(ps, "address"), denom: first(q, "denom") ?? "" }).finish(),
    response: bankQuery.QuerySpendableBalanceByDenomResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/supply",
    path: "/cosmos.bank.v1beta1.Query/TotalSupply",
    request: (_p, q) => bankQuery.QueryTotalSupplyRequest.encode({ pagination: pageRequest(q) }).finish(),
    response: bankQuery.QueryTotalSupplyResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/supply/by_denom",
    path: "/cosmos.bank.v1beta1.Query/SupplyOf",
    request: (_p, q) => bankQuery.QuerySupplyOfRequest.encode({ denom: first(q, "denom") ?? "" }).finish(),
    response: bankQuery.QuerySupplyOfResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/params",
    path: "/cosmos.bank.v1beta1.Query/Params",
    request: () => new Uint8Array(),
    response: bankQuery.QueryParamsResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/denoms_metadata",
    path: "/cosmos.bank.v1beta1.Query/DenomsMetadata",
    request: (_p, q) => bankQuery.QueryDenomsMetadataRequest.encode({ pagination: pageRequest(q) }).finish(),
    response: bankQuery.QueryDenomsMetadataResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/denoms_metadata/:denom",
    path: "/cosmos.bank.v1beta1.Query/DenomMetadata",
    request: (ps) => bankQuery.QueryDenomMetadataRequest.encode({ denom: p(ps, "denom") }).finish(),
    response: bankQuery.QueryDenomMetadataResponse,
  },
  {
    url: "/cosmos/bank/v1beta1/send_enabled",
    path: "/cosmos.bank.v1beta1.Query/SendEnabled",
    request: (_p, q) => bankQuery.QuerySendEnabledRequest.encode({ denoms: all(q, "denoms"), pagination: pageRequest(q) }).finish(),
    response: bankQuery.QuerySendEnabledResponse,
  },
  stakingRoute("/validators", "Validators", S.QueryValidatorsResponse, (_ps, q) => S.QueryValidatorsRequest.encode({ status: first(q, "status") ?? "", pagination: pageRequest(q) }).finish()),
  stakingRoute("/validators/:validator_addr", "Validator", S.QueryValidatorResponse, (ps) => S.QueryValidatorRequest.encode({ validatorAddr: p(ps, "validator_addr") }).finish()),
  stakingRoute("/validators/:validator_addr/delegations", "ValidatorDelegations", S.QueryValidatorDelegationsResponse, (ps, q) =>
    S.QueryValidatorDelegationsRequest.encode({ validatorAddr: p(ps, "validator_addr"), pagination: pageRequest(q) }).finish(),
  ),
  stakingRoute("/validators/:validator_addr/delegations/:delegator_addr", "Delegation", S.QueryDelegationResponse, (ps) =>
    S.QueryDelegationRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), validatorAddr: p(ps, "validator_addr") }).finish(),
  ),
  stakingRoute("/validators/:validator_addr/delegations/:delegator_addr/unbonding_delegation", "UnbondingDelegation", S.QueryUnbondingDelegationResponse, (ps) =>
    S.QueryUnbondingDelegationRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), validatorAddr: p(ps, "validator_addr") }).finish(),
  ),
  stakingRoute("/validators/:validator_addr/unbonding_delegations", "ValidatorUnbondingDelegations", S.QueryValidatorUnbondingDelegationsResponse, (ps, q) =>
    S.QueryValidatorUnbondingDelegationsRequest.encode({ validatorAddr: p(ps, "validator_addr"), pagination: pageRequest(q) }).finish(),
  ),
  stakingRoute("/delegations/:delegator_addr", "DelegatorDelegations", S.QueryDelegatorDelegationsResponse, (ps, q) =>
    S.QueryDelegatorDelegationsRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), pagination: pageRequest(q) }).finish(),
  ),
  stakingRoute("/delegators/:delegator_addr/unbonding_delegations", "DelegatorUnbondingDelegations", S.QueryDelegatorUnbondingDelegationsResponse, (ps, q) =>
    S.QueryDelegatorUnbondingDelegationsRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), pagination: pageRequest(q) }).finish(),
  ),
  stakingRoute("/delegators/:delegator_addr/redelegations", "Redelegations", S.QueryRedelegationsResponse, (ps, q) =>
    S.QueryRedelegationsRequest.encode({
      delegatorAddr: p(ps, "delegator_addr"),
      srcValidatorAddr: first(q, "src_validator_addr") ?? "",
      dstValidatorAddr: first(q, "dst_validator_addr") ?? "",
      pagination: pageRequest(q),
    }).finish(),
  ),
  stakingRoute("/delegators/:delegator_addr/validators", "DelegatorValidators", S.QueryDelegatorValidatorsResponse, (ps, q) =>
    S.QueryDelegatorValidatorsRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), pagination: pageRequest(q) }).finish(),
  ),
  stakingRoute("/delegators/:delegator_addr/validators/:validator_addr", "DelegatorValidator", S.QueryDelegatorValidatorResponse, (ps) =>
    S.QueryDelegatorValidatorRequest.encode({ delegatorAddr: p(ps, "delegator_addr"), validatorAddr: p(ps, "validator_addr") }).finish(),
  ),
  stakingRoute("/historical_info/:height", "HistoricalInfo", S.QueryHistoricalInfoResponse, (ps) => S.QueryHistoricalInfoRequest.encode({ height: int64Param(ps, "height") }).finish()),
  stakingRoute("/pool", "Pool", S.QueryPoolResponse, () => new Uint8Array()),
  stakingRoute("/params", "Params", S.QueryParamsResponse, () => new Uint8Array()),
];

// ---------------------------------------------------------------- CometBFT-backed rendering

const BLOCK_ID_FLAGS = ["BLOCK_ID_FLAG_UNKNOWN", "BLOCK_ID_FLAG_ABSENT", "BLOCK_ID_FLAG_COMMIT", "BLOCK_ID_FLAG_NIL"];

function blockIdJson(id: CometBlockId | undefined): Json {
  return { hash: hexToBase64(id?.hash), part_set_header: { total: id?.parts.total ?? 0, hash: hexToBase64(id?.parts.hash) } };
}

/** `GetLatestBlockResponse` JSON from CometBFT's `block` result. */
export function renderBlock(r: CometBlock): Json {
  const h = r.block.header;
  const header = (proposer: string): Json => ({
    version: { block: h.version.block, app: h.version.app ?? "0" },
    chain_id: h.chain_id,
    height: h.height,
    time: gatewayTime(h.time),
    last_block_id: blockIdJson(h.last_block_id),
    last_commit_hash: hexToBase64(h.last_commit_hash),
    data_hash: hexToBase64(h.data_hash),
    validators_hash: hexToBase64(h.validators_hash),
    next_validators_hash: hexToBase64(h.next_validators_hash),
    consensus_hash: hexToBase64(h.consensus_hash),
    app_hash: hexToBase64(h.app_hash),
    last_results_hash: hexToBase64(h.last_results_hash),
    evidence_hash: hexToBase64(h.evidence_hash),
    proposer_address: proposer,
  });
  const lc = r.block.last_commit;
  const lastCommit: Json = {
    height: lc?.height ?? "0",
    round: lc?.round ?? 0,
    block_id: blockIdJson(lc?.block_id),
    signatures: (lc?.signatures ?? []).map((s) => ({
      block_id_flag: BLOCK_ID_FLAGS[s.block_id_flag] ?? "BLOCK_ID_FLAG_UNKNOWN",
      validator_address: hexToBase64(s.validator_address),
      timestamp: gatewayTime(s.timestamp),
      signature: s.signature ?? "",
    })),
  };
  const data: Json = { txs: r.block.data.txs ?? [] };
  const evidence: Json = { evidence: [] };
  const proposerBytes = Buffer.from(h.proposer_address, "hex");
  return {
    block_id: blockIdJson(r.block_id),
    block: { header: header(proposerBytes.toString("base64")), data, evidence, last_commit: lastCommit },
    sdk_block: { header: header(proposerBytes.length ? toBech32(VALCONS_PREFIX, proposerBytes) : ""), data, evidence, last_commit: lastCommit },
  };
}

/** `GetNodeInfoResponse` JSON from CometBFT's `status` and `abci_info`. */
export function renderNodeInfo(status: CometStatus, info: CometAbciInfo, names: { name: string; appName: string }): Json {
  const n = status.node_info;
  return {
    default_node_info: {
      protocol_version: { p2p: n.protocol_version.p2p, block: n.protocol_version.block, app: n.protocol_version.app },
      default_node_id: n.id,
      listen_addr: n.listen_addr,
      network: n.network,
      version: n.version,
      channels: hexToBase64(n.channels),
      moniker: n.moniker,
      other: { tx_index: n.other.tx_index, rpc_address: n.other.rpc_address },
    },
    application_version: {
      name: names.name,
      app_name: names.appName,
      version: info.response.version ?? "",
      git_commit: "",
      build_tags: "",
      go_version: "",
      build_deps: [],
      cosmos_sdk_version: "",
    },
  };
}

function upperHexOfBase64(b64: string | null | undefined): string {
  return b64 ? Buffer.from(b64, "base64").toString("hex").toUpperCase() : "";
}

/** `GetTxResponse` JSON from CometBFT's `tx` result and the block time. */
export function renderGetTx(r: CometTxResult, blockTime: string): Json {
  const txBytes = new Uint8Array(Buffer.from(r.tx, "base64"));
  let tx: Json = null;
  try {
    tx = toGatewayJson(Tx.decode(txBytes));
  } catch {
    tx = null;
  }
  const res = r.tx_result;
  const txResponse: Json = {
    height: r.height,
    txhash: r.hash.toUpperCase(),
    codespace: res.codespace ?? "",
    code: res.code ?? 0,
    data: upperHexOfBase64(res.data),
    raw_log: res.log ?? "",
    logs: [],
    info: res.info ?? "",
    gas_wanted: res.gas_wanted ?? "0",
    gas_used: res.gas_used ?? "0",
    tx: tx === null ? null : { "@type": "/cosmos.tx.v1beta1.Tx", ...(tx as { [k: string]: Json }) },
    timestamp: gatewayTime(blockTime),
    events: (res.events ?? []).map((e) => ({
      type: e.type,
      attributes: (e.attributes ?? []).map((a) => ({ key: a.key, value: a.value, index: a.index ?? false })),
    })),
  };
  return { tx, tx_response: txResponse };
}

/** sdk error codes CometBFT's mempool errors map to in a broadcast tx_response. */
const MEMPOOL_ERRORS: [RegExp, number, string][] = [
  [/tx already exists in cache/, 19, "tx already in mempool"],
  [/mempool is full/, 20, "mempool is full"],
  [/tx too large/, 21, "tx too large"],
];

function broadcastResponse(fields: { txhash: string; code: number; codespace: string; data: string; rawLog: string }): Json {
  return {
    tx_response: {
      height: "0",
      txhash: fields.txhash,
      codespace: fields.codespace,
      code: fields.code,
      data: fields.data,
      raw_log: fields.rawLog,
      logs: [],
      info: "",
      gas_wanted: "0",
      gas_used: "0",
      tx: null,
      timestamp: "",
      events: [],
    },
  };
}

// ---------------------------------------------------------------- server

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest("request body must be a JSON object");
  return body as Record<string, unknown>;
}

function txBytesOf(body: Record<string, unknown>): Uint8Array {
  const v = body["tx_bytes"] ?? body["txBytes"];
  if (v === undefined || v === null) return new Uint8Array();
  if (typeof v !== "string") throw badRequest("tx_bytes must be a base64 string");
  return decodeBase64(v, "tx_bytes");
}

const BROADCAST_MODES: Record<string, number> = {
  BROADCAST_MODE_UNSPECIFIED: 0,
  BROADCAST_MODE_BLOCK: 1,
  BROADCAST_MODE_SYNC: 2,
  BROADCAST_MODE_ASYNC: 3,
};

function broadcastMode(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const m = BROADCAST_MODES[v];
    if (m !== undefined) return m;
    if (/^\d+$/.test(v)) return Number(v);
  }
  throw badRequest(`invalid broadcast mode ${JSON.stringify(v)}`);
}

/** fetch() failures (connection refused, timeout). Duck-typed: fetch's errors may come from another realm. */
function isTransportError(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  return name === "TimeoutError" || name === "AbortError" || (name === "TypeError" && typeof message === "string" && /fetch failed/.test(message));
}

function sendError(reply: FastifyReply, code: number, message: string): FastifyReply {
  return reply.code(httpStatusFromCode(code)).header("content-type", "application/json").send({ code, message, details: [] });
}

/** Starts the REST server; resolves once it listens. */
export async function startRestServer(opts: RestServerOptions): Promise<RunningServer> {
  const rpc = new CometRpc(opts.rpcUrl);
  const names = { name: opts.appName ?? "stratos", appName: opts.appDisplayName ?? "stratos-chain" };
  const server: FastifyInstance = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, clientErrorHandler: restClientErrorHandler });
  refuseConnect(server.server);

  // Lenient about the content type (curl -d sends form encoding): every body is JSON.
  server.addContentTypeParser("*", { parseAs: "string", bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => {
    try {
      done(null, body === "" ? undefined : JSON.parse(body as string));
    } catch (e) {
      done(badRequest(`malformed JSON body: ${(e as Error).message}`) as unknown as FastifyError, undefined);
    }
  });

  server.setErrorHandler((err: FastifyError | ApiError | Error, _req, reply) => {
    if (err instanceof ApiError) return sendError(reply, err.code, err.message);
    if (err instanceof CometRpcError) return sendError(reply, Code.Internal, err.message);
    if (isTransportError(err)) return sendError(reply, Code.Unavailable, `CometBFT RPC unavailable: ${err.message}`);
    const status = (err as FastifyError).statusCode;
    // Fastify's own client errors: malformed JSON, body too large, bad content type...
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, Code.InvalidArgument, err.message);
    return sendError(reply, Code.Internal, err.message);
  });

  server.setNotFoundHandler((req, reply) => sendError(reply, Code.Unimplemented, `Not Implemented: ${req.method} ${req.url.split("?")[0]}`));

  async function query(req: FastifyRequest, reply: FastifyReply, path: string, data: Uint8Array, render: (value: Uint8Array) => Json): Promise<Json> {
    const height = requestHeight(req.headers[HEIGHT_HEADER]);
    const res = await opts.app.query(path, data, height);
    reply.header(HEIGHT_HEADER, res.height.toString());
    if (res.code !== 0) {
      const st = queryStatus(res);
      throw new ApiError(st.code, st.message);
    }
    return render(res.value);
  }

  /** Builds the request from path and query parameters; any failure there is the client's (400). */
  function requestOf(build: (params: Params, query: QueryString) => Uint8Array, req: FastifyRequest): Uint8Array {
    try {
      return build(req.params as Params, req.query as QueryString);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw badRequest((e as Error).message);
    }
  }

  for (const route of QUERY_ROUTES) {
    const render = route.render ?? ((value: Uint8Array): Json => toGatewayJson(route.response.decode(value)));
    server.get(route.url, async (req, reply) => query(req, reply, route.path, requestOf(route.request, req), render));
  }

  for (const route of STRATOS_QUERY_ROUTES) {
    const render = stratosResponseRenderer(route.path);
    server.get(route.url, async (req, reply) => query(req, reply, route.path, requestOf(route.encodeRequest, req), render));
  }

  server.post("/cosmos/tx/v1beta1/simulate", async (req, reply) => {
    const body = bodyObject(req.body);
    const data = SimulateRequest.encode(SimulateRequest.fromPartial({ txBytes: txBytesOf(body) })).finish();
    return query(req, reply, "/cosmos.tx.v1beta1.Service/Simulate", data, (value) => toGatewayJson(SimulateResponse.decode(value)));
  });

  server.post("/cosmos/tx/v1beta1/txs", async (req) => {
    const body = bodyObject(req.body);
    const txBytes = txBytesOf(body);
    if (txBytes.length === 0) throw badRequest("invalid empty tx");
    const mode = broadcastMode(body["mode"]);
    if (mode === 1) throw badRequest("BROADCAST_MODE_BLOCK is not supported (removed in Cosmos SDK 0.47); use BROADCAST_MODE_SYNC");
    if (mode !== 2 && mode !== 3) throw badRequest(`unsupported broadcast mode ${JSON.stringify(body["mode"] ?? "BROADCAST_MODE_UNSPECIFIED")}; supported: BROADCAST_MODE_SYNC, BROADCAST_MODE_ASYNC`);
    const txhash = createHash("sha256").update(txBytes).digest("hex").toUpperCase();
    try {
      const r = await rpc.call<{ code: number; data?: string; log?: string; codespace?: string; hash: string }>(mode === 2 ? "broadcast_tx_sync" : "broadcast_tx_async", {
        tx: Buffer.from(txBytes).toString("base64"),
      });
      return broadcastResponse({ txhash: r.hash.toUpperCase(), code: r.code ?? 0, codespace: r.codespace ?? "", data: (r.data ?? "").toUpperCase(), rawLog: r.log ?? "" });
    } catch (e) {
      if (e instanceof CometRpcError) {
        for (const [re, code, log] of MEMPOOL_ERRORS) if (re.test(e.data)) return broadcastResponse({ txhash, code, codespace: "sdk", data: "", rawLog: log });
      }
      throw e;
    }
  });

  server.get("/cosmos/tx/v1beta1/txs/:hash", async (req) => {
    const hash = (req.params as Params)["hash"] ?? "";
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw badRequest(`invalid tx hash ${JSON.stringify(hash)}: expected 64 hex characters`);
    let r: CometTxResult;
    try {
      r = await rpc.call<CometTxResult>("tx", { hash: Buffer.from(hash, "hex").toString("base64"), prove: false });
    } catch (e) {
      if (e instanceof CometRpcError && /not found/.test(e.data)) throw new ApiError(Code.NotFound, `tx not found: ${hash.toUpperCase()}`);
      throw e;
    }
    const header = await rpc.call<{ header: { time: string } }>("header", { height: r.height });
    return renderGetTx(r, header.header.time);
  });

  server.get("/cosmos/base/tendermint/v1beta1/node_info", async () => {
    const [status, info] = await Promise.all([rpc.call<CometStatus>("status"), rpc.call<CometAbciInfo>("abci_info")]);
    return renderNodeInfo(status, info, names);
  });

  server.get("/cosmos/base/tendermint/v1beta1/blocks/latest", async () => renderBlock(await rpc.call<CometBlock>("block")));

  server.get("/cosmos/base/tendermint/v1beta1/blocks/:height", async (req) => {
    const h = parseUint((req.params as Params)["height"], "height");
    if (h === undefined || h === 0n) throw badRequest("height must be a positive integer");
    try {
      return renderBlock(await rpc.call<CometBlock>("block", { height: h.toString() }));
    } catch (e) {
      if (e instanceof CometRpcError && /must be less than or equal to the current blockchain height|height .* is not available|lowest height/.test(e.data)) {
        throw badRequest(`requested block height is bigger then the chain length: ${e.data}`);
      }
      throw e;
    }
  });

  await server.listen({ host: opts.host ?? "127.0.0.1", port: opts.port });
  const addr = server.server.address();
  const port = addr && typeof addr === "object" ? addr.port : opts.port;
  return { port, close: () => server.close() };
}
