import { concatBytes } from "../../store/bytes";
import { decodeAccAddress } from "../../types/address";
import { readU64be, u64be } from "../../types/store-codec";

/**
 * Store layout of the pot module, under the `pot/` prefix of the app store. The one-byte
 * prefixes are the real chain's (x/pot/types/key.go). Epoch numbers inside keys are u64
 * big-endian (Stratos writes them as decimal ASCII), so a range scan visits epochs in numeric
 * order: maturity scans "every reward whose mature epoch is <= the current epoch" in one range.
 */
export const MODULE_NAME = "pot";
export const STORE_PREFIX = new TextEncoder().encode("pot/");

/** 0x01 -> total mined tokens (cosmos.base.v1beta1.Coin, reward denom) */
export const TOTAL_MINED_TOKEN_KEY = Uint8Array.of(0x01);
/** 0x02 -> last distributed epoch (decimal ASCII) */
export const LAST_DISTRIBUTED_EPOCH_KEY = Uint8Array.of(0x02);
/** 0x03 | u64be(mature epoch) | wallet addr bytes -> stratos.pot.v1.Reward */
export const INDIVIDUAL_REWARD_PREFIX = 0x03;
/** 0x04 | wallet addr bytes -> stratos.pot.v1.MatureTotal */
export const MATURE_TOTAL_PREFIX = 0x04;
/** 0x05 | wallet addr bytes -> stratos.pot.v1.ImmatureTotal */
export const IMMATURE_TOTAL_PREFIX = 0x05;
/** 0x06 | u64be(epoch) -> stratos.pot.v1.VolumeReportRecord */
export const VOLUME_REPORT_PREFIX = 0x06;
/** 0x07 -> matured epoch (decimal ASCII): every reward keyed at or below it has matured */
export const MATURED_EPOCH_KEY = Uint8Array.of(0x07);
/** 0x08 | u64be(epoch) -> stratos.pot.v1.TotalReward */
export const TOTAL_REWARD_PREFIX = 0x08;
/** 0x20 -> stratos.pot.v1.Params */
export const PARAMS_KEY = Uint8Array.of(0x20);

/** Largest epoch a key can hold (u64 keys; Int epochs above this are refused by ValidateBasic). */
export const MAX_EPOCH = (1n << 63n) - 1n;

/** Prefix of every individual reward maturing at `matureEpoch`. */
export function individualRewardEpochPrefix(matureEpoch: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(INDIVIDUAL_REWARD_PREFIX), u64be(matureEpoch));
}

export function individualRewardKey(matureEpoch: bigint, wallet: string): Uint8Array {
  return concatBytes(individualRewardEpochPrefix(matureEpoch), decodeAccAddress(wallet));
}

/** Mature epoch of an individual-reward key. */
export function matureEpochOfKey(key: Uint8Array): bigint {
  return readU64be(key, 1);
}

export function matureTotalKey(wallet: string): Uint8Array {
  return concatBytes(Uint8Array.of(MATURE_TOTAL_PREFIX), decodeAccAddress(wallet));
}

export function immatureTotalKey(wallet: string): Uint8Array {
  return concatBytes(Uint8Array.of(IMMATURE_TOTAL_PREFIX), decodeAccAddress(wallet));
}

export function volumeReportKey(epoch: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(VOLUME_REPORT_PREFIX), u64be(epoch));
}

export function totalRewardKey(epoch: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(TOTAL_REWARD_PREFIX), u64be(epoch));
}
