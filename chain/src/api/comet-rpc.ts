/** A minimal CometBFT JSON-RPC client (POST, JSON-RPC 2.0) for the API servers. */

/** An error CometBFT returned (as opposed to a transport failure). */
export class CometRpcError extends Error {
  override readonly name = "CometRpcError";
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    readonly data: string,
  ) {
    super(`${method}: ${data}`);
  }
}

export class CometRpc {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Calls `method`; int64 params must be passed as strings, bytes as base64. */
  async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as { result?: T; error?: { code?: number; data?: string; message?: string } };
    if (body.error) throw new CometRpcError(method, body.error.code ?? 0, body.error.data ?? body.error.message ?? "unknown error");
    if (body.result === undefined) throw new Error(`${method}: empty response from CometBFT`);
    return body.result;
  }
}

/** Shapes of the CometBFT v0.38 RPC results the API reads. */
export interface CometEvent {
  type: string;
  attributes?: { key: string; value: string; index?: boolean }[] | null;
}

export interface CometTxResult {
  hash: string;
  height: string;
  index: number;
  tx: string;
  tx_result: {
    code?: number;
    data?: string | null;
    log?: string;
    info?: string;
    gas_wanted?: string;
    gas_used?: string;
    events?: CometEvent[] | null;
    codespace?: string;
  };
}

export interface CometBlockId {
  hash: string;
  parts: { total: number; hash: string };
}

export interface CometBlock {
  block_id: CometBlockId;
  block: {
    header: {
      version: { block: string; app?: string };
      chain_id: string;
      height: string;
      time: string;
      last_block_id: CometBlockId;
      last_commit_hash: string;
      data_hash: string;
      validators_hash: string;
      next_validators_hash: string;
      consensus_hash: string;
      app_hash: string;
      last_results_hash: string;
      evidence_hash: string;
      proposer_address: string;
    };
    data: { txs?: string[] | null };
    evidence?: { evidence?: unknown[] | null };
    last_commit?: {
      height: string;
      round: number;
      block_id: CometBlockId;
      signatures?: { block_id_flag: number; validator_address: string; timestamp: string; signature: string | null }[] | null;
    } | null;
  };
}

export interface CometStatus {
  node_info: {
    protocol_version: { p2p: string; block: string; app: string };
    id: string;
    listen_addr: string;
    network: string;
    version: string;
    channels: string;
    moniker: string;
    other: { tx_index: string; rpc_address: string };
  };
  sync_info: { latest_block_height: string; catching_up: boolean };
}

export interface CometAbciInfo {
  response: { data?: string; version?: string; app_version?: string; last_block_height?: string };
}
