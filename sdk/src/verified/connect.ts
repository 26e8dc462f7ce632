import { LightClient, type GenesisTrust, type TrustOptions } from "../verifier/light-client";
import { fetchAllValidators, httpLightClientRpc } from "../verifier/rpc-client";
import { parseStatus } from "../verifier/rpc-json";
import type { TrustedStore } from "../verifier/trusted-store";
import { VerifiedQueries } from "./verified-queries";

/**
 * Where the light client's trust starts:
 * - `{ height, hash }`: a header hash you obtained out of band (a block explorer you trust, your own node);
 * - `{ genesisValidators }`: the validator set of the chain's first block (from a genesis file you trust);
 * - `"first-use"`: the validator set the RPC reports for the first block, taken on first use and
 *   trusted from then on (trust on first use: it protects every later read from a node that
 *   turns malicious, not the very first answer).
 *
 * @example
 * const trust: VerifiedTrust = { height: 100n, hash: fromHex("AB12...") };
 */
export type VerifiedTrust = TrustOptions | GenesisTrust | "first-use";

/**
 * Options of {@link createVerifiedQueries}.
 *
 * @example
 * const o: VerifiedQueriesOptions = { rpcUrl: "http://127.0.0.1:26657", chainId: "stratos-localnet", trust: "first-use" };
 */
export interface VerifiedQueriesOptions {
  readonly rpcUrl: string;
  readonly chainId: string | (() => Promise<string>);
  /** Default `"first-use"`. */
  readonly trust?: VerifiedTrust;
  /** How long a verified header may serve as trust for skipping ahead; default 14 days. */
  readonly trustingPeriodSeconds?: number;
  /** Keeps the trusted headers across runs (default: in memory). */
  readonly store?: TrustedStore;
  readonly fetchFn?: typeof fetch;
}

/**
 * Verified queries over a CometBFT RPC: values proven against headers a light client accepts.
 *
 * @example
 * const verified = createVerifiedQueries({ rpcUrl: "http://127.0.0.1:26657", chainId: "stratos-localnet" });
 * const { value, height } = await verified.getBalance("st1...");
 */
export function createVerifiedQueries(o: VerifiedQueriesOptions): VerifiedQueries {
  const rpc = httpLightClientRpc(o.rpcUrl, o.fetchFn);
  return new VerifiedQueries(rpc, async () => {
    const chainId = typeof o.chainId === "string" ? o.chainId : await o.chainId();
    const trust = o.trust ?? "first-use";
    const common = {
      chainId,
      rpc,
      ...(o.trustingPeriodSeconds !== undefined ? { trustingPeriodSeconds: o.trustingPeriodSeconds } : {}),
      ...(o.store ? { store: o.store } : {}),
    };
    if (trust !== "first-use") return new LightClient({ ...common, trust });
    const first = await firstHeight(rpc);
    return new LightClient({ ...common, trust: { genesisValidators: await fetchAllValidators(rpc, first), initialHeight: first } });
  });
}

/** The chain's first height: the earliest block the node has (1 unless the chain started later). */
async function firstHeight(rpc: { status(): Promise<unknown> }): Promise<bigint> {
  return parseStatus(await rpc.status()).earliestHeight ?? 1n;
}
