import { StratosError } from "../errors/base";

const WEI_PER_STOS = 10n ** 18n;

/**
 * A bad command-line value (exit code 1).
 *
 * @example
 * throw new UsageError("replicas must be a positive integer");
 */
export class UsageError extends StratosError {
  override readonly name = "UsageError";
}

/**
 * Parses an amount of STOS: a decimal number of STOS (`1`, `0.5`, `2.25stos`, up to 18 decimals)
 * or a whole number of wei (`1000wei`). Returns wei; refuses zero, negatives and anything else.
 *
 * @example
 * parseAmount("1.5"); // 1500000000000000000n
 * parseAmount("100wei"); // 100n
 */
export function parseAmount(text: string): bigint {
  const t = text.trim().toLowerCase();
  let wei: bigint;
  const w = /^(\d+)\s*wei$/.exec(t);
  const s = /^(\d+)(?:\.(\d*))?\s*(?:stos)?$/.exec(t) ?? /^()\.(\d+)\s*(?:stos)?$/.exec(t);
  if (w) {
    wei = BigInt(w[1]!);
  } else if (s) {
    const frac = s[2] ?? "";
    if (frac.length > 18) throw new UsageError(`bad amount ${JSON.stringify(text)}: STOS has at most 18 decimals`, { hints: ["write small amounts in wei, e.g. 1000wei"] });
    wei = BigInt(s[1] || "0") * WEI_PER_STOS + BigInt((frac + "0".repeat(18)).slice(0, 18) || "0");
  } else {
    throw new UsageError(`bad amount ${JSON.stringify(text)}`, { hints: ["write a decimal number of STOS (e.g. 1.5) or whole wei (e.g. 1000wei)"] });
  }
  if (wei <= 0n) throw new UsageError(`bad amount ${JSON.stringify(text)}: it must be more than zero`);
  return wei;
}

/**
 * Formats wei as STOS without losing digits (trailing zeros dropped).
 *
 * @example
 * formatStos(1500000000000000000n); // "1.5 STOS"
 */
export function formatStos(wei: bigint): string {
  const neg = wei < 0n;
  const a = neg ? -wei : wei;
  const whole = a / WEI_PER_STOS;
  const frac = (a % WEI_PER_STOS).toString().padStart(18, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""} STOS`;
}

/**
 * Parses a positive integer option (`--replicas 2`, `--chunk 0` with `allowZero`).
 *
 * @example
 * parsePositiveInt("3", "--replicas"); // 3
 */
export function parsePositiveInt(text: string, what: string, allowZero = false): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a whole number, got ${JSON.stringify(text)}`);
  const n = Number(text.trim());
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) throw new UsageError(`${what} must be ${allowZero ? "0 or more" : "1 or more"}, got ${text}`);
  return n;
}
