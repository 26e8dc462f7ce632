import { Dec } from "../types/dec";

/**
 * Ozone (noz) accounting of the Stratos chain (register keeper, fact sheet section 1.4), as
 * pure functions over the three pool figures. Symbols: St = effective total deposit (wei),
 * Lt = remaining ozone limit (noz), Pt = unissued prepay (wei), rate = wei of deposit per noz.
 */
export interface OzonePools {
  /** Effective total deposit, wei. */
  readonly St: bigint;
  /** Remaining ozone limit, noz. */
  readonly Lt: bigint;
  /** Unissued prepay pool balance, wei. */
  readonly Pt: bigint;
}

/** Default deposit-to-noz rate: 1e6 wei of deposit per noz. */
export const DEFAULT_DEPOSIT_NOZ_RATE = Dec.fromInt(1_000_000n);

/**
 * A deposit `d` joins the effective total. The limit grows by trunc(d / rate), except when
 * St was 0 before the deposit: then the limit is left as it is (the real chain's rule, item 3
 * of the fact sheet's checklist). Returns the new pools and the noz added.
 */
export function addDeposit(pools: OzonePools, d: bigint, rate: Dec): { pools: OzonePools; added: bigint } {
  if (d < 0n) throw new RangeError("deposit must not be negative");
  if (pools.St === 0n) return { pools: { ...pools, St: d }, added: 0n };
  const toAdd = Dec.fromInt(d).quo(rate);
  return { pools: { ...pools, St: pools.St + d, Lt: Dec.fromInt(pools.Lt).add(toAdd).truncate() }, added: toAdd.truncate() };
}

/** The reverse of addDeposit: St -= d; Lt = trunc(Lt - d / rate). */
export function subtractDeposit(pools: OzonePools, d: bigint, rate: Dec): { pools: OzonePools; removed: bigint } {
  if (d < 0n) throw new RangeError("deposit must not be negative");
  if (d > pools.St) throw new RangeError(`cannot subtract ${d} wei from an effective total deposit of ${pools.St}`);
  const toSub = Dec.fromInt(d).quo(rate);
  return { pools: { ...pools, St: pools.St - d, Lt: Dec.fromInt(pools.Lt).sub(toSub).truncate() }, removed: toSub.truncate() };
}

/** A deposit can be unbonded only while the limit covers it: Lt >= amount / rate. */
export function isUnbondable(pools: OzonePools, amount: bigint, rate: Dec): boolean {
  return Dec.fromInt(pools.Lt).cmp(Dec.fromInt(amount).quo(rate)) >= 0;
}

/** Thrown when a purchase would exceed the remaining limit. */
export class OzoneLimitExceededError extends Error {
  override readonly name = "OzoneLimitExceededError";
}

/**
 * Noz bought by prepaying X wei: trunc(Lt * X / (St + Pt + X)), with Pt read before the
 * prepay moves into the pool. Returns the noz and the pools after the purchase (Lt reduced,
 * Pt increased by X).
 */
export function prepay(pools: OzonePools, X: bigint): { purchased: bigint; pools: OzonePools } {
  if (X <= 0n) throw new RangeError("prepay amount must be positive");
  const purchased = Dec.fromInt(pools.Lt).mul(Dec.fromInt(X)).quo(Dec.fromInt(pools.St + pools.Pt + X)).truncate();
  if (purchased > pools.Lt) throw new OzoneLimitExceededError(`purchase of ${purchased} noz exceeds the remaining limit ${pools.Lt}`);
  return { purchased, pools: { ...pools, Lt: pools.Lt - purchased, Pt: pools.Pt + X } };
}

/** Current price in wei per noz: (St + Pt) / Lt. Undefined when the limit is exhausted. */
export function nozPrice(pools: OzonePools): Dec | undefined {
  if (pools.Lt === 0n) return undefined;
  return Dec.fromInt(pools.St + pools.Pt).quo(Dec.fromInt(pools.Lt));
}

/** Total noz supply trunc(St / rate) and what remains (Lt). */
export function nozSupply(pools: OzonePools, rate: Dec): { total: bigint; remaining: bigint } {
  return { total: Dec.fromInt(pools.St).quo(rate).truncate(), remaining: pools.Lt };
}
