import { Dec } from "../types/dec";
import type { MiningTier } from "./mining-schedule";
import type { OzonePools } from "./ozone";

/** Thrown when a report's consumed noz plus the remaining limit exceed the total noz supply. */
export class NozSupplyExceededError extends Error {
  override readonly name = "NozSupplyExceededError";
}

/** How one epoch's rewards split (fact sheet section 2.4, steps 1-4), all in wei. */
export interface EpochSplit {
  /** Total traffic reward R = (St + Pt) * Y / (Lt + Y), before truncation. */
  readonly trafficReward: Dec;
  readonly validatorTraffic: bigint;
  readonly resourceNodeTrafficPool: bigint;
  readonly metaNodeTrafficPool: bigint;
  readonly validatorMining: bigint;
  readonly resourceNodeMiningPool: bigint;
  readonly metaNodeMiningPool: bigint;
}

const BP = Dec.fromInt(10_000n);

/**
 * The traffic reward of `Y` consumed noz, R = Dec(St + Pt) * Y / (Lt + Y) (zero when Lt + Y is
 * zero), with the pools as they are before the report or slash changes them. It prices both
 * an epoch's traffic reward and a slash (pot's MsgSlashingResourceNode).
 */
export function trafficRewardOf(pools: OzonePools, Y: bigint): Dec {
  if (pools.Lt + Y === 0n) return Dec.ZERO;
  return Dec.fromInt(pools.St + pools.Pt).mul(Dec.fromInt(Y)).quo(Dec.fromInt(pools.Lt + Y));
}

/**
 * Splits an epoch's traffic reward and mining reward. `pools` are read before the report
 * changes anything; `Y` is the report's total consumed noz. Mining is zero once out of issuance.
 */
export function splitEpoch(pools: OzonePools, rate: Dec, Y: bigint, tier: MiningTier, outOfIssuance: boolean): EpochSplit {
  const totalNoz = Dec.fromInt(pools.St).quo(rate).truncate();
  if (Y + pools.Lt > totalNoz) throw new NozSupplyExceededError("remaining+consumed Noz exceeds total Noz supply");
  const R = trafficRewardOf(pools, Y);
  const share = (amount: Dec, bp: bigint) => amount.mul(Dec.fromInt(bp)).quo(BP).truncate();
  const M = outOfIssuance ? Dec.ZERO : Dec.fromInt(tier.reward);
  return {
    trafficReward: R,
    validatorTraffic: share(R, tier.chainBp),
    resourceNodeTrafficPool: share(R, tier.resourceNodeBp),
    metaNodeTrafficPool: share(R, tier.metaNodeBp),
    validatorMining: share(M, tier.chainBp),
    resourceNodeMiningPool: share(M, tier.resourceNodeBp),
    metaNodeMiningPool: share(M, tier.metaNodeBp),
  };
}

/** One payee's reward for an epoch, after community tax on the traffic part. */
export interface NodeReward {
  readonly mining: bigint;
  readonly traffic: bigint;
  /** Community tax taken from the traffic part (kept as Dec; the pool total is truncated once). */
  readonly tax: Dec;
}

/**
 * A resource node's reward for volume `vol` of the epoch total `Y`: mining trunc(pool * share),
 * traffic trunc(before - before * tax) with before = pool * share.
 */
export function resourceNodeReward(split: EpochSplit, vol: bigint, Y: bigint, communityTax: Dec): NodeReward {
  if (Y === 0n) throw new RangeError("a volume report with zero total volume cannot be distributed");
  const share = Dec.fromInt(vol).quo(Dec.fromInt(Y));
  const before = Dec.fromInt(split.resourceNodeTrafficPool).mul(share);
  const tax = before.mul(communityTax);
  return { mining: Dec.fromInt(split.resourceNodeMiningPool).mul(share).truncate(), traffic: before.sub(tax).truncate(), tax };
}

/** Each bonded meta node's equal part: the divisor is the bonded meta-node count. */
export function metaNodeReward(split: EpochSplit, bondedMetaNodes: bigint, communityTax: Dec): NodeReward {
  if (bondedMetaNodes <= 0n) throw new RangeError("no bonded meta nodes to pay");
  const before = Dec.fromInt(split.metaNodeTrafficPool).quo(Dec.fromInt(bondedMetaNodes));
  const tax = before.mul(communityTax);
  return { mining: Dec.fromInt(split.metaNodeMiningPool).quo(Dec.fromInt(bondedMetaNodes)).truncate(), traffic: before.sub(tax).truncate(), tax };
}
