import { stratos } from "@stratos/proto";
import { DEFAULT_MINING_TIERS, validateTiers, type MiningTier } from "../../economics/mining-schedule";
import { isValidDenom, type Coin } from "../../types/coin";
import { Dec } from "../../types/dec";
import { ErrCommunityTax, ErrInitialTotalSupply, ErrInvalid, ErrInvalidDenom, ErrMiningRewardParams } from "./errors";

/** pot params with bigint amounts and a Dec tax (the proto form is `stratos.pot.v1.Params`). */
export interface PotParams {
  readonly bondDenom: string;
  readonly rewardDenom: string;
  /** Epochs after which a reward matures. */
  readonly matureEpoch: bigint;
  /** The mining schedule; amounts in the reward denom. */
  readonly miningTiers: readonly MiningTier[];
  /** In [0, 1], taken from traffic rewards for the community pool. */
  readonly communityTax: Dec;
  readonly initialTotalSupply: Coin;
  /** Blocks per epoch (ours, proto field 7). */
  readonly epochLength: bigint;
}

export const DEFAULT_EPOCH_LENGTH = 100n;

/** The real chain's defaults (x/pot/types/params.go), plus our epoch length. */
export const DEFAULT_POT_PARAMS: PotParams = {
  bondDenom: "wei",
  rewardDenom: "wei",
  matureEpoch: 2016n,
  miningTiers: DEFAULT_MINING_TIERS,
  communityTax: Dec.parse("0.02"),
  initialTotalSupply: { denom: "wei", amount: 10n ** 26n },
  epochLength: DEFAULT_EPOCH_LENGTH,
};

/** Throws the pot error that names what is wrong (codes 2, 9, 10, 11, 28). */
export function validatePotParams(p: PotParams): void {
  if (!isValidDenom(p.bondDenom)) throw ErrInvalidDenom.wrap(`invalid bond denom ${JSON.stringify(p.bondDenom)}`);
  if (!isValidDenom(p.rewardDenom)) throw ErrInvalidDenom.wrap(`invalid reward denom ${JSON.stringify(p.rewardDenom)}`);
  if (p.matureEpoch <= 0n) throw ErrInvalid.wrap(`mature epoch must be positive, got ${p.matureEpoch}`);
  if (p.epochLength <= 0n) throw ErrInvalid.wrap(`epoch length must be positive, got ${p.epochLength}`);
  const tierProblem = validateTiers(p.miningTiers);
  if (tierProblem) throw ErrMiningRewardParams.wrap(tierProblem);
  for (const [i, t] of p.miningTiers.entries()) {
    if (t.chainBp < 0n || t.resourceNodeBp < 0n || t.metaNodeBp < 0n) throw ErrMiningRewardParams.wrap(`tier ${i + 1}: negative share`);
    if (t.start < 0n) throw ErrMiningRewardParams.wrap(`tier ${i + 1}: negative start`);
  }
  if (p.communityTax.isNegative() || p.communityTax.cmp(Dec.ONE) > 0) throw ErrCommunityTax.wrap(`community tax must be in [0, 1], got ${p.communityTax.toString()}`);
  if (!isValidDenom(p.initialTotalSupply.denom) || p.initialTotalSupply.amount < 0n) throw ErrInitialTotalSupply.wrap(`invalid initial total supply ${p.initialTotalSupply.amount}${p.initialTotalSupply.denom}`);
}

function wireCoin(c: Coin): { denom: string; amount: string } {
  return { denom: c.denom, amount: c.amount.toString() };
}

export function potParamsToProto(p: PotParams): stratos.pot.v1.Params {
  return stratos.pot.v1.Params.fromPartial({
    bondDenom: p.bondDenom,
    rewardDenom: p.rewardDenom,
    matureEpoch: p.matureEpoch,
    miningRewardParams: p.miningTiers.map((t) => ({
      totalMinedValveStart: wireCoin({ denom: p.rewardDenom, amount: t.start }),
      totalMinedValveEnd: wireCoin({ denom: p.rewardDenom, amount: t.end }),
      miningReward: wireCoin({ denom: p.rewardDenom, amount: t.reward }),
      blockChainPercentageInBp: t.chainBp.toString(),
      resourceNodePercentageInBp: t.resourceNodeBp.toString(),
      metaNodePercentageInBp: t.metaNodeBp.toString(),
    })),
    communityTax: p.communityTax.toString(),
    initialTotalSupply: wireCoin(p.initialTotalSupply),
    epochLength: p.epochLength,
  });
}

function intOf(s: string, what: string): bigint {
  if (!/^-?[0-9]{1,78}$/.test(s)) throw ErrMiningRewardParams.wrap(`${what}: invalid integer ${JSON.stringify(s)}`);
  return BigInt(s);
}

/** From the proto form; throws a pot error naming a missing or malformed field (not yet validated). */
export function potParamsFromProto(p: stratos.pot.v1.Params): PotParams {
  const coin = (c: { denom: string; amount: string } | undefined, what: string, kind = ErrMiningRewardParams): Coin => {
    if (!c) throw kind.wrap(`${what} is required`);
    if (!/^[0-9]{1,78}$/.test(c.amount)) throw kind.wrap(`${what}: invalid amount ${JSON.stringify(c.amount)}`);
    return { denom: c.denom, amount: BigInt(c.amount) };
  };
  const miningTiers = p.miningRewardParams.map((m, i): MiningTier => {
    const what = `mining_reward_params[${i}]`;
    const start = coin(m.totalMinedValveStart, `${what}.total_mined_valve_start`);
    const end = coin(m.totalMinedValveEnd, `${what}.total_mined_valve_end`);
    const reward = coin(m.miningReward, `${what}.mining_reward`);
    for (const c of [start, end, reward]) {
      if (c.denom !== p.rewardDenom) throw ErrMiningRewardParams.wrap(`${what}: denom ${JSON.stringify(c.denom)} is not the reward denom ${JSON.stringify(p.rewardDenom)}`);
    }
    return {
      start: start.amount,
      end: end.amount,
      reward: reward.amount,
      chainBp: intOf(m.blockChainPercentageInBp, `${what}.block_chain_percentage_in_bp`),
      resourceNodeBp: intOf(m.resourceNodePercentageInBp, `${what}.resource_node_percentage_in_bp`),
      metaNodeBp: intOf(m.metaNodePercentageInBp, `${what}.meta_node_percentage_in_bp`),
    };
  });
  let communityTax: Dec;
  try {
    communityTax = Dec.parse(p.communityTax);
  } catch {
    throw ErrCommunityTax.wrap(`invalid community tax ${JSON.stringify(p.communityTax)}`);
  }
  return {
    bondDenom: p.bondDenom,
    rewardDenom: p.rewardDenom,
    matureEpoch: p.matureEpoch,
    miningTiers,
    communityTax,
    initialTotalSupply: coin(p.initialTotalSupply, "initial_total_supply", ErrInitialTotalSupply),
    epochLength: p.epochLength,
  };
}

/** Genesis / REST JSON (snake_case, Ints as strings), the shape Stratos genesis files use. */
export function potParamsToJson(p: PotParams): Record<string, unknown> {
  return {
    bond_denom: p.bondDenom,
    reward_denom: p.rewardDenom,
    mature_epoch: p.matureEpoch.toString(),
    mining_reward_params: p.miningTiers.map((t) => ({
      total_mined_valve_start: wireCoin({ denom: p.rewardDenom, amount: t.start }),
      total_mined_valve_end: wireCoin({ denom: p.rewardDenom, amount: t.end }),
      mining_reward: wireCoin({ denom: p.rewardDenom, amount: t.reward }),
      block_chain_percentage_in_bp: t.chainBp.toString(),
      resource_node_percentage_in_bp: t.resourceNodeBp.toString(),
      meta_node_percentage_in_bp: t.metaNodeBp.toString(),
    })),
    community_tax: p.communityTax.toString(),
    initial_total_supply: wireCoin(p.initialTotalSupply),
    epoch_length: p.epochLength.toString(),
  };
}

/**
 * The epoch a block belongs to: blocks 1..L are epoch 1, L+1..2L epoch 2, and so on
 * (`(h - 1) / L + 1`). Height 0 (genesis) is epoch 0.
 */
export function epochOfHeight(height: bigint, epochLength: bigint): bigint {
  if (height < 1n) return 0n;
  return (height - 1n) / epochLength + 1n;
}
