import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import axios, { AxiosError, type AxiosInstance } from "axios";
import { MeshAbortError, MeshRequestError, OzoneInsufficientError } from "./errors";

/**
 * `JSON.stringify` that writes bigints as decimal strings (the mesh wire format for numbers).
 *
 * @example
 * jsonWithBigints({ size: 5n }); // '{"size":"5"}'
 */
export function jsonWithBigints(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** @internal An error answer body `{ code, message }` -> fields, if it has that shape. */
function errorBody(data: unknown): { code?: string; message?: string; need?: string; balance?: string } {
  let d = data;
  if (typeof d === "string") {
    try {
      d = JSON.parse(d);
    } catch {
      return { message: d as string };
    }
  }
  if (Buffer.isBuffer(d)) return errorBody(d.toString("utf8"));
  if (!d || typeof d !== "object") return {};
  const o = d as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? String(v) : undefined);
  return { code: str(o["code"]), message: str(o["message"]), need: str(o["need_noz"]), balance: str(o["balance_noz"]) };
}

function toBigIntOr0(s: string | undefined): bigint {
  try {
    return s === undefined ? 0n : BigInt(s);
  } catch {
    return 0n;
  }
}

/**
 * Turns an HTTP status and error body into the SDK's typed errors (402 `ozone_insufficient` ->
 * {@link OzoneInsufficientError}, anything else -> {@link MeshRequestError}).
 *
 * @example
 * throw httpError("POST", url, 404, { code: "not_found", message: "no such file" });
 */
export function httpError(method: string, url: string, status: number, data: unknown): OzoneInsufficientError | MeshRequestError {
  const b = errorBody(data);
  if (status === 402 || b.code === "ozone_insufficient") {
    return new OzoneInsufficientError(toBigIntOr0(b.need), toBigIntOr0(b.balance), { details: b.message });
  }
  const code = b.code ?? `http_${status}`;
  return new MeshRequestError(`${method} ${url} failed: ${status} ${code}`, { status, code, url, details: b.message });
}

/**
 * @internal A MeshRequestError for a node that did not answer (`code` network or timeout).
 * @example
 * throw networkError("GET", url, err);
 */
export function networkError(method: string, url: string, e: unknown, timedOut = false): MeshRequestError {
  const err = e as NodeJS.ErrnoException;
  const code = timedOut ? "timeout" : "network";
  return new MeshRequestError(`${method} ${url} failed: ${timedOut ? "timed out" : (err.code ?? err.message ?? "no answer")}`, {
    code,
    url,
    cause: e,
    details: err?.message,
    hints: timedOut ? ["the node is slow or overloaded; try again"] : ["is the node running and reachable?"],
  });
}

/**
 * A thin JSON client for a meta node's `/v1` API, mapping failures to typed errors.
 *
 * @example
 * const api = new MetaApi("http://127.0.0.1:18100", 30_000);
 * const status = await api.get<{ height: number }>("/v1/status");
 */
export class MetaApi {
  private readonly http: AxiosInstance;

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs: number,
  ) {
    this.http = axios.create({ baseURL: baseUrl.replace(/\/+$/, ""), timeout: timeoutMs, validateStatus: () => true, transitional: { clarifyTimeoutError: true } });
  }

  /**
   * GET `path` and return the JSON answer.
   *
   * @example
   * const ozone = await api.get<{ balance_noz: string }>(`/v1/ozone/${address}`);
   */
  get<T>(path: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    return this.request<T>("GET", path, undefined, opts);
  }

  /**
   * POST a JSON body (bigints as decimal strings) to `path` and return the JSON answer.
   *
   * @example
   * const answer = await api.post<{ upload_id: string }>("/v1/uploads", envelope);
   */
  post<T>(path: string, body: unknown, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    return this.request<T>("POST", path, body, opts);
  }

  private async request<T>(method: "GET" | "POST", path: string, body: unknown, opts: { signal?: AbortSignal; timeoutMs?: number }): Promise<T> {
    const url = `${this.baseUrl.replace(/\/+$/, "")}${path}`;
    if (opts.signal?.aborted) throw new MeshAbortError({ cause: opts.signal.reason });
    try {
      const res = await this.http.request({
        method,
        url: path,
        data: body === undefined ? undefined : jsonWithBigints(body),
        headers: body === undefined ? {} : { "content-type": "application/json" },
        signal: opts.signal,
        timeout: opts.timeoutMs ?? this.timeoutMs,
        responseType: "text",
        transformResponse: (x: unknown) => x,
      });
      if (res.status < 200 || res.status >= 300) throw httpError(method, url, res.status, res.data);
      const text = typeof res.data === "string" ? res.data : "";
      if (text === "") return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch (e) {
        throw new MeshRequestError(`${method} ${url}: the answer is not JSON`, { status: res.status, code: "bad_answer", url, cause: e, details: text.slice(0, 200) });
      }
    } catch (e) {
      if (e instanceof MeshRequestError || e instanceof OzoneInsufficientError) throw e;
      if (opts.signal?.aborted || axios.isCancel(e)) throw new MeshAbortError({ cause: e });
      const timedOut = e instanceof AxiosError && (e.code === AxiosError.ETIMEDOUT || e.code === AxiosError.ECONNABORTED);
      throw networkError(method, url, e, timedOut);
    }
  }
}

/**
 * Options of {@link rawRequest}.
 *
 * @example
 * const opts: RawRequestOptions = { method: "GET", url, headers: { "x-stratos-ticket": t }, idleMs: 15_000, maxBytes: 8 << 20 };
 */
export interface RawRequestOptions {
  readonly method: "GET" | "PUT" | "POST";
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** A fresh stream (it is consumed) or bytes. */
  readonly body?: Readable | Uint8Array;
  readonly signal?: AbortSignal;
  /** Fail when no byte moves either way for this long (a slow or stuck node). */
  readonly idleMs: number;
  /** Refuse answers longer than this. */
  readonly maxBytes: number;
  /** Called with the number of body bytes sent so far (uploads) or received (downloads), as they move. */
  readonly onBytes?: (delta: number) => void;
}

/**
 * One HTTP exchange on node's http module, with an idle timeout ("no bytes for idleMs"), an answer
 * size cap and abort support; answers the status, headers and the whole body. Errors: network /
 * timeout -> {@link MeshRequestError} (`status` undefined), abort -> {@link MeshAbortError}. Non-2xx
 * answers are returned, not thrown.
 *
 * @example
 * const res = await rawRequest({ method: "GET", url: `${node}/v1/status`, idleMs: 5000, maxBytes: 1 << 20 });
 * if (res.status === 200) console.log(JSON.parse(res.body.toString()));
 */
export function rawRequest(opts: RawRequestOptions): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new MeshAbortError({ cause: opts.signal.reason }));
      return;
    }
    let settled = false;
    let timedOut = false;
    const u = new URL(opts.url);
    const mod = u.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const bodyStream = opts.body && !(opts.body instanceof Uint8Array) ? opts.body : undefined;
    const req = mod.request(u, { method: opts.method, headers });

    const finish = (err: Error | undefined, value?: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      bodyStream?.destroy();
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value!);
    };
    const onAbort = () => finish(new MeshAbortError({ cause: opts.signal?.reason }));
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    req.setTimeout(opts.idleMs, () => {
      timedOut = true;
      finish(networkError(opts.method, opts.url, new Error(`no bytes for ${opts.idleMs} ms`), true));
    });
    req.on("error", (e) => finish(opts.signal?.aborted ? new MeshAbortError({ cause: e }) : networkError(opts.method, opts.url, e, timedOut)));
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      let got = 0;
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
      res.on("data", (b: Buffer) => {
        got += b.length;
        if (got > opts.maxBytes) {
          finish(new MeshRequestError(`${opts.method} ${opts.url}: answer larger than ${opts.maxBytes} bytes`, { status: res.statusCode, code: "too_large", url: opts.url }));
          return;
        }
        parts.push(b);
        if (ok && opts.method === "GET") opts.onBytes?.(b.length);
      });
      res.on("error", (e) => finish(networkError(opts.method, opts.url, e, timedOut)));
      res.on("aborted", () => finish(networkError(opts.method, opts.url, new Error("connection closed mid-answer"))));
      res.on("end", () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });

    if (opts.body instanceof Uint8Array) {
      req.setHeader("content-length", String(opts.body.length));
      if (opts.body.length > 0) opts.onBytes?.(opts.body.length);
      req.end(opts.body);
    } else if (bodyStream) {
      bodyStream.on("data", (b: Buffer | string) => opts.onBytes?.(b.length));
      bodyStream.on("error", (e) => finish(e));
      bodyStream.pipe(req);
    } else {
      req.end();
    }
  });
}
