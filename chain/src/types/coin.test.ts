import { addCoins, CoinError, coinsFromWire, formatCoins, isValidDenom, parseAmount, parseCoin, validateCoins } from "./coin";

describe("coins", () => {
  it("parses amounts strictly as bigint", () => {
    expect(parseAmount("0")).toBe(0n);
    expect(parseAmount("10000000000000000000000000")).toBe(10n ** 25n);
    for (const bad of ["", "-1", "1e5", " 1", "1.0", "0x10", "1".repeat(79)]) expect(() => parseAmount(bad)).toThrow(CoinError);
  });

  it("validates denoms like the SDK", () => {
    expect(isValidDenom("wei")).toBe(true);
    expect(isValidDenom("ibc/ABC")).toBe(true);
    expect(isValidDenom("ab")).toBe(false);
    expect(isValidDenom("1wei")).toBe(false);
  });

  it("validates coin sets: sorted, unique, positive", () => {
    expect(validateCoins(coinsFromWire([{ denom: "aaa", amount: "1" }, { denom: "wei", amount: "2" }]))).toBeUndefined();
    expect(validateCoins(coinsFromWire([{ denom: "wei", amount: "1" }, { denom: "aaa", amount: "2" }]))).toMatch(/not sorted/);
    expect(validateCoins(coinsFromWire([{ denom: "wei", amount: "1" }, { denom: "wei", amount: "2" }]))).toMatch(/duplicate/);
    expect(validateCoins(coinsFromWire([{ denom: "wei", amount: "0" }]))).toMatch(/not positive/);
  });

  it("adds and formats like sdk.Coins", () => {
    const sum = addCoins([{ denom: "wei", amount: 5n }], [{ denom: "aaa", amount: 1n }, { denom: "wei", amount: 7n }]);
    expect(formatCoins(sum)).toBe("1aaa,12wei");
    expect(addCoins([{ denom: "wei", amount: 5n }], [{ denom: "wei", amount: -5n }])).toEqual([]);
  });

  it("parses a gas price setting", () => {
    expect(parseCoin("1000000000wei")).toEqual({ denom: "wei", amount: 1_000_000_000n });
    expect(() => parseCoin("1.5wei")).toThrow(/expected e.g./);
  });
});
