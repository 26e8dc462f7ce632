import { Params } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { isValidDenom } from "../../types/coin";
import { Dec } from "../../types/dec";

/** The staking params (cosmos.staking.v1beta1.Params) with typed fields. */
export interface StakingParams {
  /** How long unbonding delegations, redelegations and unbonding validators wait, seconds. */
  readonly unbondingTimeSeconds: bigint;
  /** Size of the bonded (CometBFT) validator set. */
  readonly maxValidators: number;
  /** Entries per unbonding delegation and per redelegation. */
  readonly maxEntries: number;
  /** Kept for the SDK's shape; no historical info is stored (see README). */
  readonly historicalEntries: number;
  readonly bondDenom: string;
  readonly minCommissionRate: Dec;
}

/** The SDK's defaults (21 days, 100 validators, 7 entries, 10,000), bonded in `wei`. */
export const DEFAULT_STAKING_PARAMS: StakingParams = {
  unbondingTimeSeconds: 1_814_400n,
  maxValidators: 100,
  maxEntries: 7,
  historicalEntries: 10_000,
  bondDenom: "wei",
  minCommissionRate: Dec.ZERO,
};

/** Parses a Dec in its protobuf wire form (the integer scaled by 10^18, e.g. `"100000000000000000"` for 0.1). */
export function decFromWire(atomics: string): Dec {
  if (atomics === "") return Dec.ZERO;
  if (!/^-?[0-9]{1,80}$/.test(atomics)) throw new RangeError(`invalid decimal ${JSON.stringify(atomics)}`);
  return Dec.fromScaled(BigInt(atomics));
}

/** A Dec in its protobuf wire form. */
export function decToWire(d: Dec): string {
  return d.scaled.toString();
}

/** Problem with the params, or undefined (the SDK's Params.Validate). */
export function validateStakingParams(p: StakingParams): string | undefined {
  if (p.unbondingTimeSeconds <= 0n) return `unbonding time must be positive: ${p.unbondingTimeSeconds}s`;
  if (!Number.isInteger(p.maxValidators) || p.maxValidators <= 0 || p.maxValidators > 0xffffffff) return `max validators must be positive: ${p.maxValidators}`;
  if (!Number.isInteger(p.maxEntries) || p.maxEntries <= 0 || p.maxEntries > 0xffffffff) return `max entries must be positive: ${p.maxEntries}`;
  if (!Number.isInteger(p.historicalEntries) || p.historicalEntries < 0 || p.historicalEntries > 0xffffffff) return `invalid historical entries: ${p.historicalEntries}`;
  if (p.bondDenom.trim() === "") return "bond denom cannot be blank";
  if (!isValidDenom(p.bondDenom)) return `invalid bond denom ${JSON.stringify(p.bondDenom)}`;
  if (p.minCommissionRate.isNegative()) return `minimum commission rate cannot be negative: ${p.minCommissionRate.toString()}`;
  if (p.minCommissionRate.cmp(Dec.ONE) > 0) return `minimum commission rate cannot be greater than 100%: ${p.minCommissionRate.toString()}`;
  return undefined;
}

export function stakingParamsToProto(p: StakingParams): Params {
  return {
    unbondingTime: { seconds: p.unbondingTimeSeconds, nanos: 0 },
    maxValidators: p.maxValidators,
    maxEntries: p.maxEntries,
    historicalEntries: p.historicalEntries,
    bondDenom: p.bondDenom,
    minCommissionRate: decToWire(p.minCommissionRate),
  };
}

/** From the wire; throws a RangeError on a fractional unbonding time or a malformed rate. */
export function stakingParamsFromProto(p: Params): StakingParams {
  if (p.unbondingTime.nanos !== 0) throw new RangeError("unbonding time must be whole seconds");
  return {
    unbondingTimeSeconds: p.unbondingTime.seconds,
    maxValidators: p.maxValidators,
    maxEntries: p.maxEntries,
    historicalEntries: p.historicalEntries,
    bondDenom: p.bondDenom,
    minCommissionRate: decFromWire(p.minCommissionRate),
  };
}

/** The SDK's genesis JSON of the params (`"1814400s"`, Dec as `"0.000000000000000000"`). */
export interface StakingParamsJson {
  unbonding_time: string;
  max_validators: number;
  max_entries: number;
  historical_entries: number;
  bond_denom: string;
  min_commission_rate: string;
}

export function stakingParamsToJson(p: StakingParams): StakingParamsJson {
  return {
    unbonding_time: `${p.unbondingTimeSeconds}s`,
    max_validators: p.maxValidators,
    max_entries: p.maxEntries,
    historical_entries: p.historicalEntries,
    bond_denom: p.bondDenom,
    min_commission_rate: p.minCommissionRate.toString(),
  };
}
