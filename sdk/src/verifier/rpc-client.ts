import { toHex } from "@cosmjs/encoding";
import { StratosError } from "../errors/base";
import { ProofError } from "./errors";
import { parseValidators } from "./rpc-json";
import type { Validator } from "./types";

/**
 * What the light client needs from a CometBFT RPC: the raw JSON `result` of `commit` and of one
 * page of `validators`. Nothing it returns is trusted.
 *
 * @example
 * const rpc: LightClientRpc = { commit: (h) => call("commit", { height: String(h) }), validators: (h, page, perPage) => call("validators", { height: String(h), page: String(page), per_page: String(perPage) }) };
 */
export interface LightClientRpc {
  commit(height: bigint): Promise<unknown>;
  validators(height: bigint, page: number, perPage: number): Promise<unknown>;
}

/**
 * A {@link LightClientRpc} over HTTP, with the other calls a verifying client needs.
 *
 * @example
 * const q = await rpc.abciQuery("/store/key", key, undefined, true);
 */
export interface HttpLightClientRpc extends LightClientRpc {
  /** `abci_query`; `height` undefined asks for the latest. */
  abciQuery(path: string, data: Uint8Array, height: bigint | undefined, prove: boolean): Promise<unknown>;
  status(): Promise<unknown>;
  /** `genesis` (its `validators` can seed a {@link LightClient}). */
  genesis(): Promise<unknown>;
  /** Any JSON-RPC method, params as CometBFT takes them (int64 as decimal strings). */
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

/**
 * A JSON-RPC call answered with an error object, or with something that is not JSON-RPC, or an
 * HTTP error status.
 *
 * @example
 * catch (e) { if (e instanceof RpcCallError && /must be less than or equal/.test(e.message)) await sleep(1000); }
 */
export class RpcCallError extends StratosError {
  override readonly name = "RpcCallError";
  readonly method: string;
  readonly code: number | undefined;

  constructor(method: string, message: string, code?: number, options: { details?: string; cause?: unknown } = {}) {
    super(`${method}: ${message}`, options);
    this.method = method;
    this.code = code;
  }
}

/**
 * Validators per page of the `validators` RPC (CometBFT's maximum).
 *
 * @example
 * await rpc.validators(height, 1, VALIDATORS_PER_PAGE);
 */
export const VALIDATORS_PER_PAGE = 100;

let nextId = 1;

/**
 * A {@link HttpLightClientRpc} on CometBFT's JSON-RPC over `fetch` (POST to `rpcUrl`; works in
 * browsers and Node 18+). Calls give up after `timeoutMs` (default 15 s).
 *
 * @example
 * const rpc = httpLightClientRpc("http://127.0.0.1:26657");
 * const light = new LightClient({ chainId: "stratos-local", rpc, trust: { height: 1n, hash } });
 */
export function httpLightClientRpc(
  rpcUrl: string,
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  options: { timeoutMs?: number } = {},
): HttpLightClientRpc {
  const url = rpcUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 15_000;
  const call = async (method: string, params: Record<string, unknown> = {}): Promise<unknown> => {
    const signal = typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(timeoutMs) : undefined;
    const res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RpcCallError(method, `HTTP ${res.status}: answer is not JSON`, undefined, { details: text.slice(0, 200) });
    }
    if (typeof body !== "object" || body === null) throw new RpcCallError(method, `HTTP ${res.status}: answer is not a JSON-RPC object`);
    const b = body as { result?: unknown; error?: { code?: number; message?: string; data?: string } };
    if (b.error !== undefined) throw new RpcCallError(method, b.error.data || b.error.message || "error", b.error.code);
    if (!res.ok || b.result === undefined) throw new RpcCallError(method, `HTTP ${res.status} without a result`);
    return b.result;
  };
  return {
    call,
    commit: (height) => call("commit", { height: height.toString() }),
    validators: (height, page, perPage) => call("validators", { height: height.toString(), page: String(page), per_page: String(perPage) }),
    status: () => call("status"),
    genesis: () => call("genesis"),
    abciQuery: (path, data, height, prove) => call("abci_query", { path, data: toHex(data), prove, ...(height === undefined ? {} : { height: height.toString() }) }),
  };
}

/**
 * Every validator of the set at `height`, page after page (`perPage` each, default 100). Throws
 * ProofError `rpc_shape` when the pages are inconsistent (wrong height, sizes that do not add up).
 *
 * @example
 * const vals = await fetchAllValidators(rpc, 5n);
 */
export async function fetchAllValidators(rpc: LightClientRpc, height: bigint, perPage = VALIDATORS_PER_PAGE): Promise<Validator[]> {
  const all: Validator[] = [];
  for (let page = 1; ; page++) {
    const p = parseValidators(await rpc.validators(height, page, perPage));
    if (p.blockHeight !== height) throw new ProofError("rpc_shape", `validators answered for height ${p.blockHeight}`, height);
    if (p.total < 1 || p.validators.length === 0 || all.length + p.validators.length > p.total) {
      throw new ProofError("rpc_shape", `validators page ${page} is inconsistent (total ${p.total}, ${p.validators.length} on the page)`, height);
    }
    all.push(...p.validators);
    if (all.length === p.total) return all;
    if (p.validators.length !== perPage) throw new ProofError("rpc_shape", `validators page ${page} is short (${p.validators.length} of ${perPage})`, height);
  }
}
