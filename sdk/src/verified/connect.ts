import { LightClient, type GenesisTrust, type TrustOptions } from "../verifier/light-client";
import { headerHash } from "../verifier/header";
import { httpLightClientRpc, type HttpLightClientRpc } from "../verifier/rpc-client";
import { parseSignedHeader, parseStatus } from "../verifier/rpc-json";
import type { TrustedBlock, TrustedStore } from "../verifier/trusted-store";
import { VerifiedQueries } from "./verified-queries";

/**
 * Where the light client's trust starts:
 * - `{ height, hash }`: a header hash you obtained out of band (a block explorer you trust, your own node);
 * - `{ genesisValidators }`: the validator set of the chain's first block (from a genesis file you trust);
 * - `"first-use"`: the newest header in the trusted store, else the RPC's latest header as it is on
 *   first use, checked against its own commit and trusted from then on (trust on first use: it
 *   protects every later read from a node that turns malicious, not the very first answer). Rooted
 *   at a recent header, it works on chains of any age (a root older than the trusting period could
 *   not be followed forward).
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
    return new LightClient({ ...common, trust: await firstUseRoot(rpc, o.store) });
  });
}

/** The trust root of "first-use": the newest stored trusted header, else the RPC's latest header now. */
async function firstUseRoot(rpc: Pick<HttpLightClientRpc, "status" | "commit">, store: TrustedStore | undefined): Promise<TrustOptions> {
  const stored = store ? await store.load() : [];
  const newest = stored.reduce<TrustedBlock | undefined>((a, b) => (a === undefined || b.signedHeader.header.height > a.signedHeader.header.height ? b : a), undefined);
  const header = newest?.signedHeader.header ?? parseSignedHeader(await rpc.commit(parseStatus(await rpc.status()).latestHeight)).header;
  return { height: header.height, hash: headerHash(header) };
}
