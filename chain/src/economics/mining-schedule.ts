/**
 * The six-tier mining schedule (pot params, fact sheet section 2.1): per volume report
 * (epoch) a fixed reward, split in basis points between validators (chain), resource nodes
 * and meta nodes; the tier follows the total mined so far; 40M STOS in all.
 */
export interface MiningTier {
  /** Total mined (wei) at which the tier starts, inclusive. */
  readonly start: bigint;
  /** Total mined (wei) at which it ends, exclusive. */
  readonly end: bigint;
  /** Reward per epoch, wei. */
  readonly reward: bigint;
  readonly chainBp: bigint;
  readonly resourceNodeBp: bigint;
  readonly metaNodeBp: bigint;
}

const STOS = 10n ** 18n;

export const DEFAULT_MINING_TIERS: readonly MiningTier[] = [
  { start: 0n, end: 16_819_200n * STOS, reward: 80n * STOS, chainBp: 2000n, resourceNodeBp: 6000n, metaNodeBp: 2000n },
  { start: 16_819_200n * STOS, end: 25_228_800n * STOS, reward: 40n * STOS, chainBp: 2000n, resourceNodeBp: 6200n, metaNodeBp: 1800n },
  { start: 25_228_800n * STOS, end: 29_433_600n * STOS, reward: 20n * STOS, chainBp: 2000n, resourceNodeBp: 6400n, metaNodeBp: 1600n },
  { start: 29_433_600n * STOS, end: 31_536_000n * STOS, reward: 10n * STOS, chainBp: 2000n, resourceNodeBp: 6600n, metaNodeBp: 1400n },
  { start: 31_536_000n * STOS, end: 32_587_200n * STOS, reward: 5n * STOS, chainBp: 2000n, resourceNodeBp: 6800n, metaNodeBp: 1200n },
  { start: 32_587_200n * STOS, end: 40_000_000n * STOS, reward: 25n * (STOS / 10n), chainBp: 2000n, resourceNodeBp: 7000n, metaNodeBp: 1000n },
];

/** Problems with a schedule (shares must sum to 10,000 bp; tiers contiguous and increasing), or undefined. */
export function validateTiers(tiers: readonly MiningTier[]): string | undefined {
  if (tiers.length === 0) return "mining schedule has no tiers";
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (t.chainBp + t.resourceNodeBp + t.metaNodeBp !== 10_000n) return `tier ${i + 1}: shares sum to ${t.chainBp + t.resourceNodeBp + t.metaNodeBp} bp, not 10000`;
    if (t.start >= t.end) return `tier ${i + 1}: start ${t.start} is not below end ${t.end}`;
    if (i > 0 && tiers[i - 1]!.end !== t.start) return `tier ${i + 1} does not start where tier ${i} ends`;
    if (t.reward < 0n) return `tier ${i + 1}: negative reward`;
  }
  return undefined;
}

/** The whole mining supply: the last tier's end (40M STOS by default). */
export function totalMining(tiers: readonly MiningTier[]): bigint {
  return tiers[tiers.length - 1]!.end;
}

/**
 * The tier for `totalMined` (start <= mined < end), or `outOfIssuance` with the last tier's
 * shares when everything has been mined (traffic is still split by them; mining stops).
 */
export function tierFor(tiers: readonly MiningTier[], totalMined: bigint): { tier: MiningTier; outOfIssuance: boolean } {
  const found = tiers.find((t) => t.start <= totalMined && totalMined < t.end);
  return found ? { tier: found, outOfIssuance: false } : { tier: tiers[tiers.length - 1]!, outOfIssuance: true };
}
