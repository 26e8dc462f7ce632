import { Dec } from "./dec";

const d = (s: string) => Dec.parse(s);

describe("Dec (LegacyDec semantics)", () => {
  it("parses and prints with 18 decimals", () => {
    expect(d("1.5").toString()).toBe("1.500000000000000000");
    expect(d("-0.000000000000000001").toString()).toBe("-0.000000000000000001");
    expect(d("42").toString()).toBe("42.000000000000000000");
    for (const bad of ["", "1e5", "1.", ".5", "1.0000000000000000001", " 1", "+1"]) expect(() => d(bad)).toThrow(RangeError);
  });

  it("Mul rounds half to even at the 18th decimal; MulTruncate truncates", () => {
    // 0.000000000000000005 x 0.1 = 0.0000000000000000005 -> tie -> even (0)
    expect(d("0.000000000000000005").mul(d("0.1")).toString()).toBe("0.000000000000000000");
    // 0.000000000000000015 x 0.1 = 0.0000000000000000015 -> tie -> even (2)
    expect(d("0.000000000000000015").mul(d("0.1")).toString()).toBe("0.000000000000000002");
    expect(d("0.000000000000000015").mulTruncate(d("0.1")).toString()).toBe("0.000000000000000001");
    expect(d("-0.000000000000000015").mul(d("0.1")).toString()).toBe("-0.000000000000000002");
  });

  it("Quo rounds half to even; QuoTruncate truncates (1/3, 2/3)", () => {
    expect(d("1").quo(d("3")).toString()).toBe("0.333333333333333333");
    expect(d("2").quo(d("3")).toString()).toBe("0.666666666666666667");
    expect(d("2").quoTruncate(d("3")).toString()).toBe("0.666666666666666666");
    expect(() => d("1").quo(Dec.ZERO)).toThrow(RangeError);
  });

  it("truncate rounds toward zero, round ties to even", () => {
    expect(d("2.9").truncate()).toBe(2n);
    expect(d("-2.9").truncate()).toBe(-2n);
    expect(d("2.5").round()).toBe(2n);
    expect(d("3.5").round()).toBe(4n);
    expect(d("-2.5").round()).toBe(-2n);
  });

  it("computes a Stratos-style formula exactly: trunc(Lt * X / (St + Pt + X))", () => {
    // Lt = 1e15 noz, X = 1e21 wei, St + Pt = 1e24 wei (hand-computed: 1e15 * 1e21 / 1.001e24 = 999000999000.999...)
    const Lt = Dec.fromInt(10n ** 15n);
    const X = Dec.fromInt(10n ** 21n);
    const S = Dec.fromInt(10n ** 24n);
    expect(Lt.mul(X).quo(S.add(X)).truncate()).toBe(999_000_999_000n);
  });
});
