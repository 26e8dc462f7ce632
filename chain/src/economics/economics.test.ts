import { Dec } from "../types/dec";
import { DEFAULT_MINING_TIERS, tierFor, totalMining, validateTiers } from "./mining-schedule";
import { addDeposit, DEFAULT_DEPOSIT_NOZ_RATE as RATE, isUnbondable, nozPrice, nozSupply, OzoneLimitExceededError, prepay, subtractDeposit } from "./ozone";
import { metaNodeReward, NozSupplyExceededError, resourceNodeReward, splitEpoch } from "./traffic-reward";

const STOS = 10n ** 18n;
// Expected values below were computed independently (Python decimal, banker's rounding at
// 18 decimals on every Mul/Quo, truncation where the chain truncates).

describe("ozone accounting", () => {
  it("mainnet genesis: 69,300 STOS of meta-node deposits give a limit of 6.93e16 noz", () => {
    expect(nozSupply({ St: 69_300n * STOS, Lt: 0n, Pt: 0n }, RATE).total).toBe(6_930n * 10n ** 13n);
  });

  it("a deposit raises St and Lt by d/rate, except the first deposit onto St = 0 (limit untouched)", () => {
    const first = addDeposit({ St: 0n, Lt: 0n, Pt: 0n }, 5n * STOS, RATE);
    expect(first).toEqual({ pools: { St: 5n * STOS, Lt: 0n, Pt: 0n }, added: 0n });
    const next = addDeposit({ St: 10n ** 24n, Lt: 10n ** 18n, Pt: 0n }, STOS, RATE);
    expect(next).toEqual({ pools: { St: 10n ** 24n + STOS, Lt: 10n ** 18n + 10n ** 12n, Pt: 0n }, added: 10n ** 12n });
    const back = subtractDeposit(next.pools, STOS, RATE);
    expect(back).toEqual({ pools: { St: 10n ** 24n, Lt: 10n ** 18n, Pt: 0n }, removed: 10n ** 12n });
    expect(() => subtractDeposit({ St: 1n, Lt: 0n, Pt: 0n }, 2n, RATE)).toThrow(RangeError);
  });

  it("unbonding needs the limit to cover the deposit", () => {
    expect(isUnbondable({ St: 10n ** 24n, Lt: 10n ** 12n, Pt: 0n }, STOS, RATE)).toBe(true);
    expect(isUnbondable({ St: 10n ** 24n, Lt: 10n ** 12n - 1n, Pt: 0n }, STOS, RATE)).toBe(false);
  });

  it("prepay buys trunc(Lt*X/(St+Pt+X)) with Pt read before the transfer", () => {
    const { purchased, pools } = prepay({ St: 10n ** 24n, Lt: 10n ** 18n, Pt: 0n }, 10n ** 21n);
    expect(purchased).toBe(999_000_999_000_999n);
    expect(pools).toEqual({ St: 10n ** 24n, Lt: 10n ** 18n - 999_000_999_000_999n, Pt: 10n ** 21n });
    expect(() => prepay({ St: 0n, Lt: 0n, Pt: 0n }, 0n)).toThrow(RangeError);
    expect(OzoneLimitExceededError.name).toBe("OzoneLimitExceededError");
  });

  it("price is (St+Pt)/Lt wei per noz", () => {
    expect(nozPrice({ St: 10n ** 24n, Lt: 10n ** 18n, Pt: 0n })?.toString()).toBe("1000000.000000000000000000");
    expect(nozPrice({ St: 1n, Lt: 0n, Pt: 0n })).toBeUndefined();
  });
});

describe("mining schedule", () => {
  it("six valid tiers totalling 40M STOS", () => {
    expect(validateTiers(DEFAULT_MINING_TIERS)).toBeUndefined();
    expect(DEFAULT_MINING_TIERS).toHaveLength(6);
    expect(totalMining(DEFAULT_MINING_TIERS)).toBe(40_000_000n * STOS);
    expect(validateTiers([{ ...DEFAULT_MINING_TIERS[0]!, metaNodeBp: 1999n }])).toMatch(/10000/);
  });

  it("picks the tier by total mined, and reports out of issuance past the end", () => {
    expect(tierFor(DEFAULT_MINING_TIERS, 0n).tier.reward).toBe(80n * STOS);
    expect(tierFor(DEFAULT_MINING_TIERS, 16_819_200n * STOS).tier.reward).toBe(40n * STOS);
    expect(tierFor(DEFAULT_MINING_TIERS, 32_587_200n * STOS).tier.reward).toBe(25n * 10n ** 17n);
    const out = tierFor(DEFAULT_MINING_TIERS, 40_000_000n * STOS);
    expect(out.outOfIssuance).toBe(true);
    expect(out.tier.resourceNodeBp).toBe(7000n);
  });
});

describe("epoch reward split", () => {
  const pools = { St: 10n ** 24n, Pt: 10n ** 21n, Lt: 10n ** 17n };
  const Y = 10n ** 15n;
  const { tier } = tierFor(DEFAULT_MINING_TIERS, 0n);
  const split = splitEpoch(pools, RATE, Y, tier, false);

  it("R = (St+Pt)*Y/(Lt+Y) split 20/60/20 in tier 1, mining 16/48/16 STOS", () => {
    expect(split.trafficReward.toString()).toBe("9910891089108910891089.108910891089108911");
    expect([split.validatorTraffic, split.resourceNodeTrafficPool, split.metaNodeTrafficPool]).toEqual([1982178217821782178217n, 5946534653465346534653n, 1982178217821782178217n]);
    expect([split.validatorMining, split.resourceNodeMiningPool, split.metaNodeMiningPool]).toEqual([16n * STOS, 48n * STOS, 16n * STOS]);
  });

  it("resource nodes are paid pro rata to volume, traffic taxed by the community tax", () => {
    const r = resourceNodeReward(split, 4n * 10n ** 14n, Y, Dec.parse("0.01"));
    expect(r.mining).toBe((48n * STOS * 4n) / 10n);
    expect(r.traffic).toBe(2354827722772277227722n);
    expect(r.tax.toString()).toBe("23786138613861386138.612000000000000000");
    expect(() => resourceNodeReward(split, 1n, 0n, Dec.parse("0.01"))).toThrow(RangeError);
  });

  it("each of 7 bonded meta nodes gets 16/7 STOS of mining, truncated to wei", () => {
    const m = metaNodeReward(split, 7n, Dec.parse("0.01"));
    expect(m.mining).toBe(2285714285714285714n);
    expect(m.traffic).toBe(280336633663366336633n);
  });

  it("no mining once out of issuance; a report above the noz supply is refused", () => {
    const late = splitEpoch(pools, RATE, Y, tier, true);
    expect([late.validatorMining, late.resourceNodeMiningPool, late.metaNodeMiningPool]).toEqual([0n, 0n, 0n]);
    expect(() => splitEpoch(pools, RATE, 10n ** 18n, tier, false)).toThrow(NozSupplyExceededError);
  });
});
