/**
 * An 18-decimal fixed-point number with the Cosmos SDK's `LegacyDec` semantics, which the
 * Stratos formulas are written in: Mul and Quo round half-to-even (banker's rounding) at the
 * 18th decimal; the `...Truncate` variants and `truncate()` round toward zero. Backed by a
 * bigint scaled by 10^18, so no precision is lost to floats and results are deterministic.
 */
export class Dec {
  static readonly PRECISION = 18;
  static readonly SCALE = 10n ** 18n;
  static readonly ZERO = new Dec(0n);
  static readonly ONE = new Dec(Dec.SCALE);

  private constructor(
    /** The value times 10^18. */
    readonly scaled: bigint,
  ) {}

  /** From an integer (a Cosmos `Int`). */
  static fromInt(n: bigint): Dec {
    return new Dec(n * Dec.SCALE);
  }

  /** From the raw scaled value (value x 10^18). */
  static fromScaled(scaled: bigint): Dec {
    return new Dec(scaled);
  }

  /**
   * Parses `"-12.345"`, `"7"`, `"0.000000000000000001"`; at most 18 decimals, no exponent,
   * as the SDK's `LegacyNewDecFromStr` accepts them. Throws a RangeError otherwise.
   */
  static parse(text: string): Dec {
    const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
    if (!m) throw new RangeError(`invalid decimal ${JSON.stringify(text)}`);
    const frac = m[3] ?? "";
    if (frac.length > Dec.PRECISION) throw new RangeError(`decimal ${text} has more than ${Dec.PRECISION} decimals`);
    const scaled = BigInt(m[2]!) * Dec.SCALE + BigInt(frac.padEnd(Dec.PRECISION, "0") || "0");
    return new Dec(m[1] === "-" ? -scaled : scaled);
  }

  add(o: Dec): Dec {
    return new Dec(this.scaled + o.scaled);
  }

  sub(o: Dec): Dec {
    return new Dec(this.scaled - o.scaled);
  }

  /** Product, banker's rounding at 18 decimals (`LegacyDec.Mul`). */
  mul(o: Dec): Dec {
    return new Dec(chopAndRound(this.scaled * o.scaled));
  }

  /** Product, rounded toward zero (`LegacyDec.MulTruncate`). */
  mulTruncate(o: Dec): Dec {
    return new Dec((this.scaled * o.scaled) / Dec.SCALE);
  }

  /** Product with an integer; exact. */
  mulInt(n: bigint): Dec {
    return new Dec(this.scaled * n);
  }

  /** Quotient, banker's rounding at 18 decimals (`LegacyDec.Quo`). Throws on division by zero. */
  quo(o: Dec): Dec {
    if (o.scaled === 0n) throw new RangeError("division by zero");
    return new Dec(chopAndRound((this.scaled * Dec.SCALE * Dec.SCALE) / o.scaled));
  }

  /** Quotient, rounded toward zero (`LegacyDec.QuoTruncate`). */
  quoTruncate(o: Dec): Dec {
    if (o.scaled === 0n) throw new RangeError("division by zero");
    return new Dec((this.scaled * Dec.SCALE) / o.scaled);
  }

  /** Quotient by an integer, rounded toward zero (`LegacyDec.QuoInt`). */
  quoInt(n: bigint): Dec {
    if (n === 0n) throw new RangeError("division by zero");
    return new Dec(this.scaled / n);
  }

  /** The integer part, toward zero (`TruncateInt`): what Stratos calls "trunc". */
  truncate(): bigint {
    return this.scaled / Dec.SCALE;
  }

  /** Nearest integer, ties to even (`RoundInt`). */
  round(): bigint {
    return chopAndRound(this.scaled);
  }

  isZero(): boolean {
    return this.scaled === 0n;
  }

  isNegative(): boolean {
    return this.scaled < 0n;
  }

  cmp(o: Dec): -1 | 0 | 1 {
    return this.scaled < o.scaled ? -1 : this.scaled > o.scaled ? 1 : 0;
  }

  /** Always 18 decimals, as the SDK prints a Dec: `"1.500000000000000000"`. */
  toString(): string {
    const neg = this.scaled < 0n;
    const abs = neg ? -this.scaled : this.scaled;
    const int = abs / Dec.SCALE;
    const frac = (abs % Dec.SCALE).toString().padStart(Dec.PRECISION, "0");
    return `${neg ? "-" : ""}${int}.${frac}`;
  }
}

/**
 * Divides by 10^18 with banker's rounding on the removed digits (the SDK's
 * `chopPrecisionAndRound`), symmetric for negative values.
 */
function chopAndRound(x: bigint): bigint {
  if (x < 0n) return -chopAndRound(-x);
  const q = x / Dec.SCALE;
  const r = x % Dec.SCALE;
  const half = Dec.SCALE / 2n;
  if (r < half) return q;
  if (r > half) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}
