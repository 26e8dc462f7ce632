/** Minimal CometBFT JSON-RPC calls for tests (int64 params as strings, as CometBFT requires). */
export async function rpc<T>(url: string, method: string, params: Record<string, unknown> = {}): Promise<T> {
  // A node that is going down can accept a connection and never answer: never wait forever.
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), signal: AbortSignal.timeout(15_000) });
  const body = (await res.json()) as { result?: T; error?: { data?: string; message?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.data ?? body.error.message}`);
  return body.result as T;
}

export interface BroadcastResult {
  readonly code: number;
  readonly log: string;
  readonly codespace: string;
  readonly hash: string;
}

export function broadcastSync(url: string, tx: Uint8Array): Promise<BroadcastResult> {
  return rpc<BroadcastResult>(url, "broadcast_tx_sync", { tx: Buffer.from(tx).toString("base64") });
}

export interface BlockInfo {
  readonly height: bigint;
  readonly time: string;
  readonly appHash: string;
  readonly txs: Uint8Array[];
}

export async function block(url: string, height: bigint): Promise<BlockInfo> {
  const r = await rpc<{ block: { header: { height: string; time: string; app_hash: string }; data: { txs: string[] | null } } }>(url, "block", { height: height.toString() });
  return {
    height: BigInt(r.block.header.height),
    time: r.block.header.time,
    appHash: r.block.header.app_hash,
    txs: (r.block.data.txs ?? []).map((t) => new Uint8Array(Buffer.from(t, "base64"))),
  };
}

export async function latestHeight(url: string): Promise<bigint> {
  const s = await rpc<{ sync_info: { latest_block_height: string } }>(url, "status");
  return BigInt(s.sync_info.latest_block_height);
}

/** Result of a committed tx by hash, or undefined when CometBFT does not know it. */
export async function txByHash(url: string, hashHex: string): Promise<{ height: bigint; code: number } | undefined> {
  try {
    const r = await rpc<{ height: string; tx_result: { code: number } }>(url, "tx", { hash: Buffer.from(hashHex, "hex").toString("base64") });
    return { height: BigInt(r.height), code: r.tx_result.code };
  } catch (e) {
    if (/not found/.test((e as Error).message)) return undefined;
    throw e;
  }
}

export async function abciQuery(url: string, path: string, data: Uint8Array, height?: bigint): Promise<{ code: number; log: string; value: Uint8Array; height: bigint }> {
  const params: Record<string, unknown> = { path, data: Buffer.from(data).toString("hex"), prove: false };
  if (height !== undefined) params["height"] = height.toString();
  const r = await rpc<{ response: { code?: number; log?: string; value?: string | null; height: string } }>(url, "abci_query", params);
  return { code: r.response.code ?? 0, log: r.response.log ?? "", value: new Uint8Array(Buffer.from(r.response.value ?? "", "base64")), height: BigInt(r.response.height) };
}

/** RFC3339 (nanosecond) time to whole seconds and nanos. */
export function parseRfc3339(time: string): { seconds: bigint; nanos: number } {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  if (!m) throw new Error(`bad time ${time}`);
  const seconds = BigInt(Math.floor(Date.parse(`${m[1]}Z`) / 1000));
  const nanos = Number((m[2] ?? "0").padEnd(9, "0").slice(0, 9));
  return { seconds, nanos };
}
