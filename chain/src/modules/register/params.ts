import { stratos } from "@stratos/proto";
import { isValidDenom, type Coin } from "../../types/coin";

/** register params with durations in whole seconds (block time has second precision here). */
export interface RegisterParams {
  readonly bondDenom: string;
  /** Minimum service time before a node's deposit can be returned (`unbonding_threashold_time`). */
  readonly unbondingThresholdSeconds: bigint;
  /** Cool-down between unbonding and payout. */
  readonly unbondingCompletionSeconds: bigint;
  /** Most unbonding entries per node. */
  readonly maxEntries: number;
  readonly resourceNodeRegEnabled: boolean;
  readonly resourceNodeMinDeposit: Coin;
  /** How long a meta-node registration or kick vote stays open. */
  readonly votingPeriodSeconds: bigint;
}

const DAY = 86_400n;

/** The real chain's defaults (x/register/types/params.go). */
export const DEFAULT_REGISTER_PARAMS: RegisterParams = {
  bondDenom: "wei",
  unbondingThresholdSeconds: 180n * DAY,
  unbondingCompletionSeconds: 14n * DAY,
  maxEntries: 16,
  resourceNodeRegEnabled: true,
  resourceNodeMinDeposit: { denom: "wei", amount: 10n ** 18n },
  votingPeriodSeconds: 7n * DAY,
};

/** A reason the params are invalid, or undefined. */
export function validateRegisterParams(p: RegisterParams): string | undefined {
  if (!p.bondDenom.trim() || !isValidDenom(p.bondDenom)) return `invalid bond denom ${JSON.stringify(p.bondDenom)}`;
  if (p.unbondingThresholdSeconds <= 0n) return "unbonding threshold time must be positive";
  if (p.unbondingCompletionSeconds <= 0n) return "unbonding completion time must be positive";
  if (!Number.isInteger(p.maxEntries) || p.maxEntries <= 0) return "max entries must be positive";
  if (!isValidDenom(p.resourceNodeMinDeposit.denom) || p.resourceNodeMinDeposit.amount < 0n) return "invalid resource node min deposit";
  if (p.votingPeriodSeconds <= 0n) return "voting period must be positive";
  return undefined;
}

export function registerParamsToProto(p: RegisterParams): stratos.register.v1.Params {
  return stratos.register.v1.Params.fromPartial({
    bondDenom: p.bondDenom,
    unbondingThreasholdTime: { seconds: p.unbondingThresholdSeconds, nanos: 0 },
    unbondingCompletionTime: { seconds: p.unbondingCompletionSeconds, nanos: 0 },
    maxEntries: p.maxEntries,
    resourceNodeRegEnabled: p.resourceNodeRegEnabled,
    resourceNodeMinDeposit: { denom: p.resourceNodeMinDeposit.denom, amount: p.resourceNodeMinDeposit.amount.toString() },
    votingPeriod: { seconds: p.votingPeriodSeconds, nanos: 0 },
  });
}

/** From the proto form; throws a RangeError naming the missing or malformed field. */
export function registerParamsFromProto(p: stratos.register.v1.Params): RegisterParams {
  const need = <T>(v: T | undefined, name: string): T => {
    if (v === undefined) throw new RangeError(`register params: ${name} is required`);
    return v;
  };
  const minDeposit = need(p.resourceNodeMinDeposit, "resource_node_min_deposit");
  if (!/^[0-9]+$/.test(minDeposit.amount)) throw new RangeError(`register params: invalid resource_node_min_deposit amount ${JSON.stringify(minDeposit.amount)}`);
  return {
    bondDenom: p.bondDenom,
    unbondingThresholdSeconds: need(p.unbondingThreasholdTime, "unbonding_threashold_time").seconds,
    unbondingCompletionSeconds: need(p.unbondingCompletionTime, "unbonding_completion_time").seconds,
    maxEntries: p.maxEntries,
    resourceNodeRegEnabled: p.resourceNodeRegEnabled,
    resourceNodeMinDeposit: { denom: minDeposit.denom, amount: BigInt(minDeposit.amount) },
    votingPeriodSeconds: need(p.votingPeriod, "voting_period").seconds,
  };
}
