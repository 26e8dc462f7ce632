/**
 * Bad HTTP input at volume for the daemons' fuzz tests: random requests built from a daemon's
 * route templates with hostile path parameters, query strings, headers, content types and bodies
 * (seeded), plus malformed framing (broken request lines, header floods, lying or missing lengths,
 * bad chunking, bodies cut short, sockets closed midway), and the check applied to every answer:
 * no 5xx, and a 4xx always says why.
 */
import { buildRequest, rawExchange, type RawRequestParts, type RawResponse } from "./http-raw";
import type { Rng } from "./prng";

/** A route of the daemon under test: method and path with `:param` segments. */
export interface RouteTemplate {
  readonly method: string;
  readonly path: string;
}

/** Path parameter values that must be refused (or simply not found) without harm. */
export const HOSTILE_VALUES: readonly string[] = [
  "",
  "x",
  "st1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
  "stsds1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
  "cosmos1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "ST1UPPERCASEADDRESS",
  "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
  "b" + "a".repeat(300),
  "99999999999999999999999999999999999999",
  "-1",
  "1e308",
  "0x10",
  "NaN",
  "Infinity",
  "18446744073709551616",
  "%C3%A9%E6%BC%A2%E5%AD%97%F0%9F%99%82",
  "%ff%fe%00",
  "%00",
  "..",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "....//....//etc//passwd",
  "%252e%252e%252f",
  "a%20b",
  "%E2%80%AE",
  "A".repeat(4000),
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "%7B%22a%22%3A1%7D",
  "*",
];

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/octet-stream",
  "text/plain",
  "text/html",
  "multipart/form-data; boundary=----x",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-32",
  "application/jsonx",
  "image/png",
  ";;;",
  "\u00e9/\u00e9",
];

/** Malformed or mis-shaped JSON bodies. */
const JSON_BODIES: readonly string[] = [
  "",
  "{",
  "}",
  "[1,2",
  '{"a":}',
  '{"a":1,}',
  "nul",
  "null",
  "true",
  "123",
  '"string"',
  "[]",
  "{}",
  '{"receipts":"x"}',
  '{"receipts":[{}]}',
  '{"receipts":[null,1,"a",[]]}',
  '{"payload":{},"signer":{},"signature":""}',
  '{"payload":{"type":"upload.request"},"signer":{"pubkey":"zz","address":"st1"},"signature":"00"}',
  '{"payload":{"type":"receipt","chain_id":"stratos-test","nonce":"00","expires":"99999999999999999999"},"signer":{"pubkey":"02' + "ab".repeat(32) + '","address":"st1x"},"signature":"' + "00".repeat(64) + '"}',
  '{"tx_bytes":"!!!","mode":"BROADCAST_MODE_SYNC"}',
  '{"tx_bytes":"AAAA","mode":"BROADCAST_MODE_BLOCK"}',
  '{"tx_bytes":"AAAA","mode":99}',
  '{"tx_bytes":123}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"a":' + "9".repeat(400) + "}",
  '{"a":"\\ud800"}',
  '"\\u0000"',
  "[".repeat(5000) + "]".repeat(5000),
  '{"a":' + '{"a":'.repeat(3000) + "1" + "}".repeat(3001),
];

function randomPath(rng: Rng, template: string, goodValues: readonly string[]): string {
  const path = template.replace(/:[a-z_]+/gi, () => (rng.chance(0.8) ? rng.pick(HOSTILE_VALUES) : rng.pick(goodValues)));
  if (!rng.chance(0.3)) return path;
  const keys = ["pagination.limit", "pagination.key", "pagination.offset", "pagination.count_total", "owner", "denom", "height", "x", "a[b]", "__proto__"];
  const q = Array.from({ length: 1 + rng.int(4) }, () => `${rng.pick(keys)}=${rng.pick(HOSTILE_VALUES)}`).join("&");
  return `${path}?${q}`;
}

/** One random request against the given routes. */
export function randomRequest(rng: Rng, routes: readonly RouteTemplate[], goodValues: readonly string[]): RawRequestParts {
  const route = rng.pick(routes);
  const method = rng.chance(0.8) ? route.method : rng.pick(METHODS);
  const path = rng.chance(0.95) ? randomPath(rng, route.path, goodValues) : rng.pick(["/", "/v1", "/v1/", "//v1//status", "/v1/status/../status", `/${rng.pick(HOSTILE_VALUES)}`]);
  const headers: [string, string][] = [];
  if (rng.chance(0.7)) headers.push(["content-type", rng.pick(CONTENT_TYPES)]);
  if (rng.chance(0.2)) headers.push(["x-stratos-ticket", rng.pick(["", "!!", "e30=", Buffer.from(rng.pick(JSON_BODIES)).toString("base64"), "A".repeat(3000)])]);
  if (rng.chance(0.15)) headers.push(["x-cosmos-block-height", rng.pick(["-1", "abc", "99999999999999999999999", " 1 ", "1.5", ""])]);
  if (rng.chance(0.15)) headers.push(["range", rng.pick(["bytes=", "bytes=5-1", "bytes=-0", "bytes=0-99999999999999999999", "items=0-1", "bytes=0-1,2-3", "bytes=a-b"])]);
  if (rng.chance(0.05)) headers.push(["accept-encoding", "gzip, br, \u00e9"]);
  let body: Uint8Array | undefined;
  if (method !== "GET" && method !== "HEAD" && rng.chance(0.85)) {
    body = rng.chance(0.75) ? Buffer.from(rng.pick(JSON_BODIES)) : rng.bytes(rng.int(2048));
  }
  return { method, path, headers, ...(body ? { body } : {}) };
}

/** A named malformed exchange: the bytes to write and how the client behaves. */
export interface FramingCase {
  readonly name: string;
  readonly chunks: readonly Buffer[];
  /** The client goes away without waiting for an answer (only the server's survival is checked). */
  readonly vanishes?: boolean;
  readonly endAfterWrite?: boolean;
}

const raw = (s: string): Buffer => Buffer.from(s, "latin1");

/**
 * Malformed HTTP framing against `path` (a JSON POST route), with `limit` the daemon's body limit
 * for that route: oversized bodies with and without a length, lying lengths, broken chunking, header
 * floods, huge URLs, garbage request lines, and clients that vanish mid-request.
 */
export function framingCases(path: string, limit: number): FramingCase[] {
  const head = (lines: string[]): Buffer => raw(`${lines.join("\r\n")}\r\n\r\n`);
  const big = Buffer.alloc(limit + 1024, 0x61);
  const cases: FramingCase[] = [
    { name: "oversized body with content-length (headers only sent)", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", `content-length: ${limit + 1024}`, "connection: close"]), big.subarray(0, 1024)] },
    { name: "oversized chunked body", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "transfer-encoding: chunked", "connection: close"]), raw(`${big.length.toString(16)}\r\n`), big, raw("\r\n0\r\n\r\n")] },
    { name: "content-length larger than the body, then EOF", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: 5000", "connection: close"]), raw('{"a":1}')], endAfterWrite: true },
    { name: "content-length smaller than the body", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: 3", "connection: close"]), raw('{"receipts":[]}')] },
    { name: "negative content-length", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: -5", "connection: close"])] },
    { name: "non-numeric content-length", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: abc", "connection: close"])] },
    { name: "two different content-lengths", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: 2", "content-length: 4", "connection: close"]), raw("{}{}")] },
    { name: "content-length and chunked together (smuggling)", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: 4", "transfer-encoding: chunked", "connection: close"]), raw("2\r\n{}\r\n0\r\n\r\n")] },
    { name: "bad chunk size", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "transfer-encoding: chunked", "connection: close"]), raw("zz\r\n{}\r\n0\r\n\r\n")] },
    { name: "chunked body cut short, then EOF", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "transfer-encoding: chunked", "connection: close"]), raw("100\r\n{\"a\":")], endAfterWrite: true },
    { name: "unknown transfer-encoding", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "transfer-encoding: gzip, rot13", "connection: close"]), raw("{}")] },
    { name: "garbage request line", chunks: [raw("GARBAGE\r\n\r\n")] },
    { name: "binary noise", chunks: [Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) & 0xff))] },
    { name: "request line without version", chunks: [raw(`GET ${path}\r\n\r\n`)] },
    { name: "HTTP/2.0 request line", chunks: [head([`GET ${path} HTTP/2.0`, "host: x", "connection: close"])] },
    { name: "HTTP/1.0 without host", chunks: [head([`GET ${path} HTTP/1.0`])] },
    { name: "control characters in a header", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", "x-evil: a\u0000b\u0007c", "connection: close"])] },
    { name: "header without a colon", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", "this is not a header", "connection: close"])] },
    { name: "space before the colon", chunks: [head([`GET ${path} HTTP/1.1`, "host : x", "connection: close"])] },
    { name: "obsolete line folding", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", "x-folded: a", " b", "connection: close"])] },
    { name: "header flood (3000 headers)", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", ...Array.from({ length: 3000 }, (_, i) => `x-h${i}: ${i}`), "connection: close"])] },
    { name: "one 64 KiB header", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", `x-big: ${"a".repeat(65536)}`, "connection: close"])] },
    { name: "100 KiB URL", chunks: [head([`GET ${path}?q=${"a".repeat(100 * 1024)} HTTP/1.1`, "host: x", "connection: close"])] },
    { name: "URL with raw unicode and spaces", chunks: [head([`GET ${path}/\u00e9 \u6f22 HTTP/1.1`, "host: x", "connection: close"])] },
    { name: "absolute-form URL to another host", chunks: [head([`GET http://evil.example${path} HTTP/1.1`, "host: x", "connection: close"])] },
    { name: "asterisk-form URL", chunks: [head(["OPTIONS * HTTP/1.1", "host: x", "connection: close"])] },
    { name: "CONNECT", chunks: [head(["CONNECT 127.0.0.1:22 HTTP/1.1", "host: x", "connection: close"])] },
    { name: "upgrade to websocket", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", "connection: upgrade", "upgrade: websocket", "sec-websocket-version: 13", "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ=="])] },
    { name: "upgrade to h2c", chunks: [head([`GET ${path} HTTP/1.1`, "host: x", "connection: upgrade, http2-settings", "upgrade: h2c", "http2-settings: AAMAAABkAAQCAAAAAAIAAAAA"])] },
    { name: "expect: 100-continue with an oversized length", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "expect: 100-continue", `content-length: ${limit * 4}`, "connection: close"])] },
    { name: "headers cut short, client vanishes", chunks: [raw(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-ty`)], vanishes: true },
    { name: "body cut short, client vanishes", chunks: [head([`POST ${path} HTTP/1.1`, "host: x", "content-type: application/json", "content-length: 100000"]), raw('{"receipts":[')], vanishes: true },
    { name: "two pipelined requests, the second malformed", chunks: [raw(`GET ${path} HTTP/1.1\r\nhost: x\r\n\r\nGARBAGE\r\n\r\n`)] },
  ];
  return cases;
}

/**
 * A server-specific exception to "no 5xx": returns true for an answer the daemon gives on purpose
 * (e.g. the REST gateway's 501 Unimplemented for an unknown route, which wallets probe for).
 */
export type AllowedAnswer = (res: RawResponse, request: { method: string; path: string }) => boolean;

/** Why an answer breaks the rules, or undefined when it is fine (an answer to HEAD has no body). */
export function answerProblem(res: RawResponse, request: { method: string; path: string }, allowed?: AllowedAnswer): string | undefined {
  const method = request.method;
  if (res.status === undefined) return `no HTTP answer (got ${JSON.stringify(res.raw.toString("latin1").slice(0, 120))})`;
  if (res.status >= 500 && !allowed?.(res, request)) return `server error ${res.status}: ${res.body.toString("utf8").slice(0, 300)}`;
  if (res.status < 400 || method === "HEAD") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString("utf8"));
  } catch {
    return `${res.status} without a JSON body: ${JSON.stringify(res.body.toString("latin1").slice(0, 120))}`;
  }
  const message = (json as { message?: unknown } | null)?.message;
  if (typeof message !== "string" || message.trim() === "") return `${res.status} without a reason: ${res.body.toString("utf8").slice(0, 200)}`;
  return undefined;
}

/** Outcome counts of a fuzz run, by status. */
export type StatusCounts = Map<string, number>;

/**
 * Sends `count` random requests (seeded) `parallel` at a time; throws on the first answer that is a
 * 5xx, or a 4xx without a reason, naming the seed, the case and the request. Returns counts by status.
 */
export async function fuzzRequests(port: number, rng: Rng, count: number, routes: readonly RouteTemplate[], goodValues: readonly string[], opts: { parallel?: number; allowed?: AllowedAnswer } = {}): Promise<StatusCounts> {
  const parallel = opts.parallel ?? 16;
  const counts: StatusCounts = new Map();
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, () => randomRequest(rng, routes, goodValues));
    const answers = await Promise.all(
      batch.map(async (r) => {
        const t0 = Date.now();
        const res = await rawExchange(port, buildRequest(r));
        if (process.env["HTTP_FUZZ_VERBOSE"] && Date.now() - t0 > 200) console.log(`slow: ${Date.now() - t0} ms ${r.method} ${r.path.slice(0, 100)} -> ${res.status}`);
        return res;
      }),
    );
    answers.forEach((res, j) => {
      const r = batch[j]!;
      const problem = answerProblem(res, r, opts.allowed);
      if (problem) {
        const body = r.body ? Buffer.from(r.body).toString("latin1").slice(0, 200) : "";
        throw new Error(`seed ${rng.seed}, case ${i + j}: ${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(r.headers)} ${JSON.stringify(body)} -> ${problem}`);
      }
      const k = String(res.status);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    });
  }
  return counts;
}

/**
 * Runs every framing case one after the other: a client that vanishes gets no check beyond the
 * server surviving, one that half-closes mid-request may get no answer; every other case must get
 * an answer below 500, with a reason when it is a 4xx. Returns `name -> status` for the report.
 */
export async function runFramingCases(port: number, cases: readonly FramingCase[], allowed?: AllowedAnswer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const problems: string[] = [];
  for (const c of cases) {
    const t0 = Date.now();
    const res = await rawExchange(port, c.chunks, { destroyAfterWrite: c.vanishes === true, endAfterWrite: c.endAfterWrite === true, timeoutMs: 10_000 });
    if (process.env["HTTP_FUZZ_VERBOSE"]) console.log(`${c.name}: ${res.status} in ${Date.now() - t0} ms`);
    if (c.vanishes) {
      out.set(c.name, "client gone");
      continue;
    }
    if (c.endAfterWrite && res.status === undefined && res.raw.length === 0) {
      // The client half-closed in the middle of its own request: nobody is left to answer.
      out.set(c.name, "client ended mid-request; closed");
      continue;
    }
    const problem = res.status !== undefined && res.status < 400 ? undefined : answerProblem(res, { method: "GET", path: "" }, allowed);
    if (problem) problems.push(`${c.name}: ${problem}`);
    out.set(c.name, String(res.status));
  }
  if (problems.length > 0) throw new Error(`${problems.length} malformed requests were not answered properly:\n${problems.join("\n")}`);
  return out;
}
