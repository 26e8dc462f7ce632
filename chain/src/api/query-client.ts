/**
 * The one thing the API servers need from the app: answer an ABCI query by its gRPC path.
 * In the app process this is `StratosApp.query` (see `appQuerier`); a standalone API process
 * forwards to CometBFT's `abci_query` instead (`rpc-querier.ts`).
 */

import { servicePaths, stratosDescriptors } from "./proto-descriptors";

/** The request header (REST) and metadata key (gRPC) that selects, and reports, the query height. */
export const HEIGHT_HEADER = "x-cosmos-block-height";

/** What an ABCI query returns (the fields of ResponseQuery the API servers read). */
export interface QueryResult {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly value: Uint8Array;
  readonly height: bigint;
}

export interface AppQuerier {
  /** `height` 0 or undefined queries the latest committed state. */
  query(path: string, data: Uint8Array, height?: bigint): QueryResult | Promise<QueryResult>;
}

/** The structural part of StratosApp this adapter uses (kept structural to avoid importing the app). */
export interface AbciQueryApp {
  query(req: { path: string; data: Uint8Array; height: bigint; prove: boolean }): QueryResult;
}

/** Adapts an in-process app (e.g. StratosApp) to AppQuerier. */
export function appQuerier(app: AbciQueryApp): AppQuerier {
  return { query: (path, data, height) => app.query({ path, data, height: height ?? 0n, prove: false }) };
}

/** The Stratos query services (proto/stratos/{register,sds,pot}/v1/query.proto). */
export const STRATOS_QUERY_SERVICES: readonly string[] = ["stratos.register.v1.Query", "stratos.sds.v1.Query", "stratos.pot.v1.Query"];

/**
 * The Stratos modules' query paths: every RPC of the Stratos query services, in declaration
 * order, read from the committed descriptors (so a new RPC appears here once `descriptors/` is
 * regenerated; a unit test then requires a REST route for it).
 */
export const STRATOS_QUERY_PATHS: readonly string[] = STRATOS_QUERY_SERVICES.flatMap((s) => servicePaths(stratosDescriptors(), s));

/** The Cosmos SDK query paths the app answers (auth, bank, staking and tx Simulate). */
export const COSMOS_QUERY_PATHS: readonly string[] = [
  "/cosmos.auth.v1beta1.Query/Account",
  "/cosmos.auth.v1beta1.Query/Accounts",
  "/cosmos.auth.v1beta1.Query/Params",
  "/cosmos.auth.v1beta1.Query/ModuleAccounts",
  "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
  "/cosmos.auth.v1beta1.Query/Bech32Prefix",
  "/cosmos.auth.v1beta1.Query/AccountInfo",
  "/cosmos.bank.v1beta1.Query/Balance",
  "/cosmos.bank.v1beta1.Query/AllBalances",
  "/cosmos.bank.v1beta1.Query/SpendableBalances",
  "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom",
  "/cosmos.bank.v1beta1.Query/TotalSupply",
  "/cosmos.bank.v1beta1.Query/SupplyOf",
  "/cosmos.bank.v1beta1.Query/Params",
  "/cosmos.bank.v1beta1.Query/DenomsMetadata",
  "/cosmos.bank.v1beta1.Query/DenomMetadata",
  "/cosmos.bank.v1beta1.Query/SendEnabled",
  "/cosmos.staking.v1beta1.Query/Validators",
  "/cosmos.staking.v1beta1.Query/Validator",
  "/cosmos.staking.v1beta1.Query/ValidatorDelegations",
  "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations",
  "/cosmos.staking.v1beta1.Query/Delegation",
  "/cosmos.staking.v1beta1.Query/UnbondingDelegation",
  "/cosmos.staking.v1beta1.Query/DelegatorDelegations",
  "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations",
  "/cosmos.staking.v1beta1.Query/Redelegations",
  "/cosmos.staking.v1beta1.Query/DelegatorValidators",
  "/cosmos.staking.v1beta1.Query/DelegatorValidator",
  "/cosmos.staking.v1beta1.Query/HistoricalInfo",
  "/cosmos.staking.v1beta1.Query/Pool",
  "/cosmos.staking.v1beta1.Query/Params",
  "/cosmos.tx.v1beta1.Service/Simulate",
];

/**
 * Every query path the servers list up front (gRPC methods): the Cosmos SDK paths, then the
 * Stratos ones. A Stratos path the app does not route yet answers Unimplemented (ABCI
 * "unknown query path"). The lead may replace this with the app's own route list; a unit
 * test checks every Cosmos entry is routed by StratosApp, and that each Stratos service is
 * routed either completely or (until its module lands) not at all.
 */
export const QUERY_PATHS: readonly string[] = [...COSMOS_QUERY_PATHS, ...STRATOS_QUERY_PATHS];

/** gRPC status codes (grpc/codes). */
export const Code = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

const CODE_BY_NAME: Record<string, number> = Code;

/** grpc-gateway's HTTPStatusFromCode. */
export function httpStatusFromCode(code: number): number {
  switch (code) {
    case Code.OK:
      return 200;
    case Code.Canceled:
      return 499;
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
    case Code.OutOfRange:
      return 400;
    case Code.DeadlineExceeded:
      return 504;
    case Code.NotFound:
      return 404;
    case Code.AlreadyExists:
    case Code.Aborted:
      return 409;
    case Code.PermissionDenied:
      return 403;
    case Code.Unauthenticated:
      return 401;
    case Code.ResourceExhausted:
      return 429;
    case Code.Unimplemented:
      return 501;
    case Code.Unavailable:
      return 503;
    default:
      return 500;
  }
}

/** A failed query as a gRPC status: code and message. */
export interface QueryStatus {
  readonly code: number;
  /** Full text as the SDK's gateway shows it, e.g. `rpc error: code = NotFound desc = account x not found: key not found`. */
  readonly message: string;
  /** The part after `desc = ` (what a gRPC client sees as details). */
  readonly details: string;
}

const RPC_ERROR = /^rpc error: code = (\w+) desc = ([\s\S]*)$/;
/** The `: <sdk error description>` suffix the app appends to QueryError logs. */
const SDK_SUFFIX = /: (key not found|invalid request|unknown request|unauthorized)$/;

/**
 * Maps a failed ABCI query back to a gRPC status. The app logs QueryErrors as
 * `rpc error: code = <Name> desc = <text>: <sdk description>`, which carries the original
 * code; otherwise the ABCI code decides (sdk 22 NotFound, 18 InvalidArgument, 6 Unknown or,
 * for an unrouted path, Unimplemented).
 */
export function queryStatus(res: Pick<QueryResult, "code" | "codespace" | "log">): QueryStatus {
  const m = RPC_ERROR.exec(res.log);
  if (m) {
    const code = CODE_BY_NAME[m[1] ?? ""] ?? Code.Unknown;
    const details = (m[2] ?? "").replace(SDK_SUFFIX, "");
    return { code, message: `rpc error: code = ${m[1]} desc = ${details}`, details };
  }
  let code: number = Code.Unknown;
  if (res.codespace === "sdk" || res.codespace === "") {
    if (res.code === 22) code = Code.NotFound;
    else if (res.code === 18) code = Code.InvalidArgument;
    else if (res.code === 4) code = Code.Unauthenticated;
    else if (res.code === 6 && /^unknown query path /.test(res.log)) code = Code.Unimplemented;
  }
  return { code, message: res.log, details: res.log };
}

/** Thrown by the servers' helpers for a failed query or bad input; carries a gRPC code. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
