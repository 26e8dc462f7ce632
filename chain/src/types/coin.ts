import type { ErrorKind } from "./errors";

/**
 * Coins with bigint amounts. The chain never uses JS numbers for amounts; strings on the
 * wire are parsed strictly (digits only, no sign, no exponent).
 */

/** A positive or zero amount of one denom. */
export interface Coin {
  readonly denom: string;
  readonly amount: bigint;
}

/** Thrown on malformed coin input. */
export class CoinError extends Error {
  override readonly name = "CoinError";
}

const DENOM_RE = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const AMOUNT_RE = /^[0-9]{1,78}$/;

/** True for a denom the Cosmos SDK accepts (`[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`). */
export function isValidDenom(denom: string): boolean {
  return DENOM_RE.test(denom);
}

/** Parses a decimal amount string; rejects signs, spaces, exponents and over-long values. */
export function parseAmount(amount: string): bigint {
  if (!AMOUNT_RE.test(amount)) throw new CoinError(`invalid amount ${JSON.stringify(amount)}`);
  return BigInt(amount);
}

/** Converts wire coins ({denom, amount: string}) to bigint coins, checking each. */
export function coinsFromWire(coins: readonly { denom: string; amount: string }[]): Coin[] {
  return coins.map((c) => {
    if (!isValidDenom(c.denom)) throw new CoinError(`invalid denom: ${JSON.stringify(c.denom)}`);
    return { denom: c.denom, amount: parseAmount(c.amount) };
  });
}

/** Converts bigint coins to wire coins. */
export function coinsToWire(coins: readonly Coin[]): { denom: string; amount: string }[] {
  return coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
}

/**
 * Validates a coin set as `sdk.Coins.Validate` does: sorted by denom, no duplicates,
 * every amount positive. Returns an error message or undefined.
 */
export function validateCoins(coins: readonly Coin[]): string | undefined {
  for (let i = 0; i < coins.length; i++) {
    const c = coins[i]!;
    if (!isValidDenom(c.denom)) return `invalid denom: ${c.denom}`;
    if (c.amount <= 0n) return `coin ${formatCoin(c)} amount is not positive`;
    if (i > 0) {
      const prev = coins[i - 1]!;
      if (prev.denom === c.denom) return `duplicate denomination ${c.denom}`;
      if (prev.denom > c.denom) return `denomination ${c.denom} is not sorted`;
    }
  }
  return undefined;
}

/**
 * Parses and validates a coin list from the wire as a Msg amount: valid, sorted, unique,
 * positive and non-empty; any problem is thrown as `kind` (the module's numbered error).
 */
export function checkedCoins(wire: readonly { denom: string; amount: string }[], kind: ErrorKind): Coin[] {
  let coins: Coin[];
  try {
    coins = coinsFromWire(wire);
  } catch (e) {
    if (e instanceof CoinError) throw kind.wrap(e.message);
    throw e;
  }
  if (coins.length === 0) throw kind.wrap("empty coins");
  const problem = validateCoins(coins);
  if (problem) throw kind.wrap(problem);
  return coins;
}

/** `100wei` */
export function formatCoin(c: Coin): string {
  return `${c.amount.toString()}${c.denom}`;
}

/** `100wei,5stos`: the Cosmos SDK `Coins.String()` form used in events and logs. */
export function formatCoins(coins: readonly Coin[]): string {
  return coins.map(formatCoin).join(",");
}

/** Sums coin sets into one sorted set without zero entries. */
export function addCoins(...sets: readonly (readonly Coin[])[]): Coin[] {
  const sums = new Map<string, bigint>();
  for (const set of sets) for (const c of set) sums.set(c.denom, (sums.get(c.denom) ?? 0n) + c.amount);
  return [...sums.entries()]
    .filter(([, a]) => a !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([denom, amount]) => ({ denom, amount }));
}

/** Parses `"1000000000wei"` (one coin), used for node settings such as the minimum gas price. */
export function parseCoin(text: string): Coin {
  const m = /^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text.trim());
  if (!m) throw new CoinError(`invalid coin ${JSON.stringify(text)}, expected e.g. 1000000000wei`);
  return { denom: m[2]!, amount: BigInt(m[1]!) };
}
