/**
 * The REST routes of the Stratos query services (register, sds, pot): one entry per RPC of
 * proto/stratos/{register,sds,pot}/v1/query.proto, with the route as in its `google.api.http`
 * option, the ts-proto request and response codecs, and how path and query parameters fill
 * the request. Responses are rendered from the committed descriptors (proto-json.ts), so the
 * JSON has the proto field names and emits defaults, as grpc-gateway does.
 *
 * Path parameters are checked before the query is sent: addresses must be bech32 with the
 * right prefix (`stsds` for node network addresses, `st` for owners and wallets), numbers must
 * parse as their proto type, and `amount` must be a coin string; anything else is 400.
 */
import { stratos } from "@stratos/proto";
import { AddressError, ACCOUNT_PREFIX, decodeAccAddress, SDS_PREFIX } from "../types/address";
import { parseCoin } from "../types/coin";
import type { Json } from "./gateway-json";
import { methodByPath, stratosDescriptors } from "./proto-descriptors";
import { ProtoJsonRenderer } from "./proto-json";
import { badRequest, int64Param, pageRequest, type Params, type QueryString } from "./rest-params";

/** The part of a ts-proto message codec the routes use. */
export interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: Partial<T>): T;
}

export interface StratosRoute {
  /** The ABCI query path and gRPC method, e.g. `/stratos.sds.v1.Query/SimPrepay`. */
  readonly path: string;
  /** The route as in the proto's http option, e.g. `/stratos/sds/v1/sim_prepay/{amount}`. */
  readonly http: string;
  /** The same route in fastify's syntax (`:amount`). */
  readonly url: string;
  readonly request: Codec<unknown>;
  readonly response: Codec<unknown>;
  /** The request has a `pagination` field, filled from `pagination.*` query parameters. */
  readonly paginated: boolean;
  /** Path parameters and query string -> encoded request; throws ApiError InvalidArgument on bad input. */
  encodeRequest(params: Params, query: QueryString): Uint8Array;
}

// ---------------------------------------------------------------- parameter parsers

function param(ps: Params, name: string): string {
  const v = ps[name];
  if (v === undefined || v === "") throw badRequest(`missing parameter ${name}`);
  return v;
}

function address(ps: Params, name: string, prefix: string): string {
  const v = param(ps, name);
  try {
    decodeAccAddress(v, prefix);
  } catch (e) {
    if (e instanceof AddressError) throw badRequest(`invalid ${name} ${JSON.stringify(v)}: ${e.message}`);
    throw e;
  }
  return v;
}

/** A node's network address (`stsds1…`). */
const sdsAddress = (ps: Params, name: string): string => address(ps, name, SDS_PREFIX);
/** An account address (`st1…`). */
const accAddress = (ps: Params, name: string): string => address(ps, name, ACCOUNT_PREFIX);

/** A uint32 in decimal, as grpc-gateway's `strconv.ParseUint(s, 10, 32)`. */
function uint32(ps: Params, name: string): number {
  const v = param(ps, name);
  if (!/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff) throw badRequest(`type mismatch, parameter: ${name}, error: invalid uint32 ${JSON.stringify(v)}`);
  return Number(v);
}

/** A coin string such as `1000000000000000000wei`, passed on as given. */
function coin(ps: Params, name: string): string {
  const v = param(ps, name);
  try {
    parseCoin(v);
  } catch (e) {
    throw badRequest(`invalid ${name}: ${(e as Error).message}`);
  }
  return v;
}

// ---------------------------------------------------------------- the table

/** `/a/{b}/c/{d}` -> `/a/:b/c/:d` */
export function fastifyUrl(http: string): string {
  return http.replace(/\{(\w+)\}/g, ":$1");
}

function route<Req, Res>(def: {
  path: string;
  http: string;
  request: Codec<Req>;
  response: Codec<Res>;
  fields?: (ps: Params, q: QueryString) => Partial<Req>;
}): StratosRoute {
  const fields = def.fields ?? (() => ({}));
  return {
    path: def.path,
    http: def.http,
    url: fastifyUrl(def.http),
    request: def.request as Codec<unknown>,
    response: def.response as Codec<unknown>,
    paginated: "pagination" in (def.request.fromPartial({}) as object),
    encodeRequest: (ps, q) => def.request.encode(def.request.fromPartial(fields(ps, q))).finish(),
  };
}

const register = stratos.register.v1;
const sds = stratos.sds.v1;
const pot = stratos.pot.v1;

export const STRATOS_QUERY_ROUTES: readonly StratosRoute[] = [
  // ------------------------------------------------ register
  route({
    path: "/stratos.register.v1.Query/ResourceNode",
    http: "/stratos/register/v1/resource_node/{network_addr}",
    request: register.QueryResourceNodeRequest,
    response: register.QueryResourceNodeResponse,
    fields: (ps) => ({ networkAddr: sdsAddress(ps, "network_addr") }),
  }),
  route({
    path: "/stratos.register.v1.Query/MetaNode",
    http: "/stratos/register/v1/meta_node/{network_addr}",
    request: register.QueryMetaNodeRequest,
    response: register.QueryMetaNodeResponse,
    fields: (ps) => ({ networkAddr: sdsAddress(ps, "network_addr") }),
  }),
  route({
    path: "/stratos.register.v1.Query/Params",
    http: "/stratos/register/v1/params",
    request: register.QueryParamsRequest,
    response: register.QueryParamsResponse,
  }),
  route({
    path: "/stratos.register.v1.Query/DepositByNode",
    http: "/stratos/register/v1/deposit_by_node/{network_addr}/{query_type}",
    request: register.QueryDepositByNodeRequest,
    response: register.QueryDepositByNodeResponse,
    fields: (ps) => ({ networkAddr: sdsAddress(ps, "network_addr"), queryType: uint32(ps, "query_type") }),
  }),
  route({
    path: "/stratos.register.v1.Query/DepositByOwner",
    http: "/stratos/register/v1/deposit_by_owner/{owner_addr}",
    request: register.QueryDepositByOwnerRequest,
    response: register.QueryDepositByOwnerResponse,
    fields: (ps, q) => ({ ownerAddr: accAddress(ps, "owner_addr"), pagination: pageRequest(q) }),
  }),
  route({
    path: "/stratos.register.v1.Query/DepositTotal",
    http: "/stratos/register/v1/deposit_total",
    request: register.QueryDepositTotalRequest,
    response: register.QueryDepositTotalResponse,
  }),
  route({
    path: "/stratos.register.v1.Query/BondedResourceNodeCount",
    http: "/stratos/register/v1/resource_node_count",
    request: register.QueryBondedResourceNodeCountRequest,
    response: register.QueryBondedResourceNodeCountResponse,
  }),
  route({
    path: "/stratos.register.v1.Query/BondedMetaNodeCount",
    http: "/stratos/register/v1/meta_node_count",
    request: register.QueryBondedMetaNodeCountRequest,
    response: register.QueryBondedMetaNodeCountResponse,
  }),
  route({
    path: "/stratos.register.v1.Query/RemainingOzoneLimit",
    http: "/stratos/register/v1/remaining_ozone_limit",
    request: register.QueryRemainingOzoneLimitRequest,
    response: register.QueryRemainingOzoneLimitResponse,
  }),
  // ------------------------------------------------ sds
  route({
    path: "/stratos.sds.v1.Query/Fileupload",
    http: "/stratos/sds/v1/file_upload/{file_hash}",
    request: sds.QueryFileUploadRequest,
    response: sds.QueryFileUploadResponse,
    // The CID is checked by the module (sds InvalidFileHash / NoFileFound).
    fields: (ps) => ({ fileHash: param(ps, "file_hash") }),
  }),
  route({
    path: "/stratos.sds.v1.Query/SimPrepay",
    http: "/stratos/sds/v1/sim_prepay/{amount}",
    request: sds.QuerySimPrepayRequest,
    response: sds.QuerySimPrepayResponse,
    fields: (ps) => ({ amount: coin(ps, "amount") }),
  }),
  route({
    path: "/stratos.sds.v1.Query/NozPrice",
    http: "/stratos/sds/v1/noz_price",
    request: sds.QueryNozPriceRequest,
    response: sds.QueryNozPriceResponse,
  }),
  route({
    path: "/stratos.sds.v1.Query/NozSupply",
    http: "/stratos/sds/v1/noz_supply",
    request: sds.QueryNozSupplyRequest,
    response: sds.QueryNozSupplyResponse,
  }),
  route({
    path: "/stratos.sds.v1.Query/Params",
    http: "/stratos/sds/v1/params",
    request: sds.QueryParamsRequest,
    response: sds.QueryParamsResponse,
  }),
  // ------------------------------------------------ pot
  route({
    path: "/stratos.pot.v1.Query/VolumeReport",
    http: "/stratos/pot/v1/volume_report/{epoch}",
    request: pot.QueryVolumeReportRequest,
    response: pot.QueryVolumeReportResponse,
    fields: (ps) => ({ epoch: int64Param(ps, "epoch") }),
  }),
  route({
    path: "/stratos.pot.v1.Query/RewardsByEpoch",
    http: "/stratos/pot/v1/rewards/epoch/{epoch}",
    request: pot.QueryRewardsByEpochRequest,
    response: pot.QueryRewardsByEpochResponse,
    fields: (ps, q) => ({ epoch: int64Param(ps, "epoch"), pagination: pageRequest(q) }),
  }),
  route({
    path: "/stratos.pot.v1.Query/RewardsByWallet",
    http: "/stratos/pot/v1/rewards/wallet/{wallet_address}",
    request: pot.QueryRewardsByWalletRequest,
    response: pot.QueryRewardsByWalletResponse,
    fields: (ps) => ({ walletAddress: accAddress(ps, "wallet_address") }),
  }),
  route({
    path: "/stratos.pot.v1.Query/RewardsByWalletAndEpoch",
    http: "/stratos/pot/v1/rewards/wallet/{wallet_address}/epoch/{epoch}",
    request: pot.QueryRewardsByWalletAndEpochRequest,
    response: pot.QueryRewardsByWalletAndEpochResponse,
    fields: (ps, q) => ({ walletAddress: accAddress(ps, "wallet_address"), epoch: int64Param(ps, "epoch"), pagination: pageRequest(q) }),
  }),
  route({
    path: "/stratos.pot.v1.Query/SlashingByOwner",
    http: "/stratos/pot/v1/slashing/{wallet_address}",
    request: pot.QuerySlashingByOwnerRequest,
    response: pot.QuerySlashingByOwnerResponse,
    fields: (ps) => ({ walletAddress: accAddress(ps, "wallet_address") }),
  }),
  route({
    path: "/stratos.pot.v1.Query/Params",
    http: "/stratos/pot/v1/params",
    request: pot.QueryParamsRequest,
    response: pot.QueryParamsResponse,
  }),
  route({
    path: "/stratos.pot.v1.Query/TotalMinedToken",
    http: "/stratos/pot/v1/total_mined_token",
    request: pot.QueryTotalMinedTokenRequest,
    response: pot.QueryTotalMinedTokenResponse,
  }),
  route({
    path: "/stratos.pot.v1.Query/CirculationSupply",
    http: "/stratos/pot/v1/circulation_supply",
    request: pot.QueryCirculationSupplyRequest,
    response: pot.QueryCirculationSupplyResponse,
  }),
  route({
    path: "/stratos.pot.v1.Query/TotalRewardByEpoch",
    http: "/stratos/pot/v1/total_reward/{epoch}",
    request: pot.QueryTotalRewardByEpochRequest,
    response: pot.QueryTotalRewardByEpochResponse,
    fields: (ps) => ({ epoch: int64Param(ps, "epoch") }),
  }),
  route({
    path: "/stratos.pot.v1.Query/Metrics",
    http: "/stratos/pot/v1/metrics",
    request: pot.QueryMetricsRequest,
    response: pot.QueryMetricsResponse,
  }),
];

let renderer: ProtoJsonRenderer | undefined;

/**
 * The renderer of a Stratos query's responses (protobuf bytes -> grpc-gateway JSON). The message
 * type is the output type of the route's method in the committed descriptors, looked up once
 * here rather than per response; throws if the descriptors lack the method.
 */
export function stratosResponseRenderer(path: string): (bytes: Uint8Array) => Json {
  const reg = stratosDescriptors();
  const method = methodByPath(reg, path);
  if (!method) throw new Error(`no descriptor for method ${path}`);
  const r = (renderer ??= new ProtoJsonRenderer(reg));
  const type = method.outputType;
  return (bytes) => r.render(type, bytes);
}
