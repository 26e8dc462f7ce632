import { CometRpc } from "./comet-rpc";
import type { AppQuerier, QueryResult } from "./query-client";

/**
 * An AppQuerier that forwards to CometBFT's `abci_query`: for an API process that does not
 * hold the app (and for tests, where the app runs in another process).
 */
export function rpcQuerier(rpcUrl: string): AppQuerier {
  const rpc = new CometRpc(rpcUrl);
  return {
    async query(path: string, data: Uint8Array, height?: bigint): Promise<QueryResult> {
      const r = await rpc.call<{ response: { code?: number; codespace?: string; log?: string; value?: string | null; height?: string } }>("abci_query", {
        path,
        data: Buffer.from(data).toString("hex"),
        height: (height ?? 0n).toString(),
        prove: false,
      });
      const res = r.response;
      return {
        code: res.code ?? 0,
        codespace: res.codespace ?? "",
        log: res.log ?? "",
        value: new Uint8Array(Buffer.from(res.value ?? "", "base64")),
        height: BigInt(res.height ?? "0"),
      };
    },
  };
}
