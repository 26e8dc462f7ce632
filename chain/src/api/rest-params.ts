/**
 * Parsing of REST request input (path parameters, query strings, the height header) into
 * request fields. Every failure is an `ApiError` InvalidArgument, which the REST server
 * answers with 400 `{code: 3, message, details: []}`.
 */
import { PageRequest } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { ApiError, Code } from "./query-client";

export type Params = Record<string, string | undefined>;
export type QueryString = Record<string, string | string[] | undefined>;

export function badRequest(message: string): ApiError {
  return new ApiError(Code.InvalidArgument, message);
}

/** The last value of a query parameter (as grpc-gateway, which keeps the last one). */
export function first(q: QueryString, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Every value of a repeated query parameter. */
export function all(q: QueryString, key: string): string[] {
  const v = q[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;

/** Strict base64 (standard or URL-safe alphabet, padding optional); throws InvalidArgument. */
export function decodeBase64(s: string, what: string): Uint8Array {
  if (!BASE64.test(s)) throw badRequest(`${what}: illegal base64 data`);
  return new Uint8Array(Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}

/** A uint64 (decimal digits); undefined for absent or empty. */
export function parseUint(s: string | undefined, what: string): bigint | undefined {
  if (s === undefined || s === "") return undefined;
  if (!/^\d{1,20}$/.test(s) || BigInt(s) > 0xffffffffffffffffn) throw badRequest(`${what}: invalid value "${s}"`);
  return BigInt(s);
}

export function parseBool(s: string | undefined, what: string): boolean | undefined {
  if (s === undefined || s === "") return undefined;
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  throw badRequest(`${what}: invalid value "${s}"`);
}

/** `pagination.key`, `.offset`, `.limit`, `.count_total`, `.reverse` query parameters. */
export function pageRequest(q: QueryString): PageRequest | undefined {
  const key = first(q, "pagination.key");
  const offset = parseUint(first(q, "pagination.offset"), "pagination.offset");
  const limit = parseUint(first(q, "pagination.limit"), "pagination.limit");
  const countTotal = parseBool(first(q, "pagination.count_total"), "pagination.count_total");
  const reverse = parseBool(first(q, "pagination.reverse"), "pagination.reverse");
  if (key === undefined && offset === undefined && limit === undefined && countTotal === undefined && reverse === undefined) return undefined;
  return PageRequest.fromPartial({
    key: key ? decodeBase64(key, "pagination.key") : new Uint8Array(),
    offset: offset ?? 0n,
    limit: limit ?? 0n,
    countTotal: countTotal ?? false,
    reverse: reverse ?? false,
  });
}

/** A present height header or metadata value (surrounding spaces allowed); throws InvalidArgument. */
export function parseHeight(h: string): bigint {
  if (!/^\d{1,19}$/.test(h.trim())) throw badRequest(`invalid height header ${JSON.stringify(h)}: must be a non-negative integer`);
  return BigInt(h.trim());
}

/** Parses the `x-cosmos-block-height` request header (absent or empty -> latest). */
export function requestHeight(header: string | string[] | undefined): bigint | undefined {
  const h = Array.isArray(header) ? header[0] : header;
  if (h === undefined || h === "") return undefined;
  return parseHeight(h);
}

/** An int64 path parameter in decimal, as grpc-gateway's `strconv.ParseInt(s, 10, 64)`. */
export function int64Param(ps: Params, name: string): bigint {
  const v = ps[name] ?? "";
  if (!/^[+-]?\d{1,19}$/.test(v)) throw badRequest(`type mismatch, parameter: ${name}, error: invalid int64 ${JSON.stringify(v)}`);
  const n = BigInt(v);
  if (n !== BigInt.asIntN(64, n)) throw badRequest(`type mismatch, parameter: ${name}, error: int64 out of range ${JSON.stringify(v)}`);
  return n;
}
