import { addCoins, coinsFromWire, coinsToWire, type Coin } from "../../types/coin";

/** Coin-set helpers for reward bookkeeping (sorted by denom, no zero entries, as sdk.Coins). */

export type WireCoin = { denom: string; amount: string };

/** One coin as a set: empty when the amount is zero. */
export function coinsOf(denom: string, amount: bigint): Coin[] {
  return amount === 0n ? [] : [{ denom, amount }];
}

export function fromWire(wire: readonly WireCoin[]): Coin[] {
  return addCoins(coinsFromWire(wire));
}

export function toWire(coins: readonly Coin[]): WireCoin[] {
  return coinsToWire(addCoins(coins));
}

export function amountOf(coins: readonly Coin[], denom: string): bigint {
  return coins.find((c) => c.denom === denom)?.amount ?? 0n;
}

/** a - b per denom; a denom that would go negative is clamped at zero (reported via `short`). */
export function subCoins(a: readonly Coin[], b: readonly Coin[]): { result: Coin[]; short: boolean } {
  const sums = new Map<string, bigint>();
  for (const c of a) sums.set(c.denom, (sums.get(c.denom) ?? 0n) + c.amount);
  let short = false;
  for (const c of b) {
    const left = (sums.get(c.denom) ?? 0n) - c.amount;
    if (left < 0n) short = true;
    sums.set(c.denom, left < 0n ? 0n : left);
  }
  return { result: addCoins([...sums.entries()].map(([denom, amount]) => ({ denom, amount }))), short };
}

/** True when `have` holds at least `want` of every denom in `want`. */
export function coversAll(have: readonly Coin[], want: readonly Coin[]): boolean {
  return want.every((c) => amountOf(have, c.denom) >= c.amount);
}
