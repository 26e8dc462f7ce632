import { concatBytes } from "../../store/bytes";
import { decodeAccAddress, encodeAccAddress, SDS_PREFIX } from "../../types/address";
import { readU64be, u64be } from "../../types/store-codec";

/**
 * Store layout of the register module, under the `register/` prefix of the app store. The
 * one-byte prefixes are the real chain's (x/register/types/keys.go); values are protobuf
 * (stratos.register.v1 types) or decimal ASCII for Int scalars. Two keys differ from the real
 * chain: the unbonding queue is keyed by big-endian seconds (not Go's time format) plus the node
 * address, and the vote pools of both kinds carry our own protobuf encoding of the proto types.
 */
export const MODULE_NAME = "register";
export const STORE_PREFIX = new TextEncoder().encode("register/");

/** 0x01 | node addr (20) -> ResourceNode */
export const RESOURCE_NODE_PREFIX = 0x01;
/** 0x02 | node addr -> MetaNode */
export const META_NODE_PREFIX = 0x02;
/** 0x03 | candidate addr -> MetaNodeRegistrationVotePool */
export const REG_VOTE_POOL_PREFIX = 0x03;
/** 0x04 -> remaining ozone limit Lt (noz) */
export const REMAINING_OZONE_LIMIT_KEY = Uint8Array.of(0x04);
/** 0x05 | wallet addr -> outstanding slashing debt (wei) */
export const SLASHING_PREFIX = 0x05;
/** 0x07 -> deposit-to-noz rate (Dec, wei per noz, 18-decimal string) */
export const DEPOSIT_NOZ_RATE_KEY = Uint8Array.of(0x07);
/** 0x08 -> bonded meta node count */
export const BONDED_META_NODE_COUNT_KEY = Uint8Array.of(0x08);
/** 0x09 -> bonded resource node count */
export const BONDED_RESOURCE_NODE_COUNT_KEY = Uint8Array.of(0x09);
/** 0x10 -> effective total deposit St (wei) */
export const EFFECTIVE_TOTAL_DEPOSIT_KEY = Uint8Array.of(0x10);
/** 0x11 | node addr -> UnbondingNode */
export const UNBONDING_NODE_PREFIX = 0x11;
/** 0x12 | completion time (u64 big-endian seconds) | node addr -> 0x01 (the unbonding queue) */
export const UNBONDING_QUEUE_PREFIX = 0x12;
/** 0x13 | target addr -> KickMetaNodeVotePool */
export const KICK_VOTE_POOL_PREFIX = 0x13;
/** 0x20 -> Params */
export const PARAMS_KEY = Uint8Array.of(0x20);

export function sdsAddressBytes(address: string): Uint8Array {
  return decodeAccAddress(address, SDS_PREFIX);
}

export function sdsAddressFromBytes(bytes: Uint8Array): string {
  return encodeAccAddress(bytes, SDS_PREFIX);
}

export function nodeKey(prefix: number, networkAddress: string): Uint8Array {
  return concatBytes(Uint8Array.of(prefix), sdsAddressBytes(networkAddress));
}

export function slashingKey(wallet: string): Uint8Array {
  return concatBytes(Uint8Array.of(SLASHING_PREFIX), decodeAccAddress(wallet));
}

export function unbondingQueueKey(completionSeconds: bigint, networkAddress: string): Uint8Array {
  return concatBytes(Uint8Array.of(UNBONDING_QUEUE_PREFIX), u64be(completionSeconds), sdsAddressBytes(networkAddress));
}

/** Splits a queue key into (completion seconds, node address). */
export function parseUnbondingQueueKey(key: Uint8Array): { completionSeconds: bigint; networkAddress: string } {
  return { completionSeconds: readU64be(key, 1), networkAddress: sdsAddressFromBytes(key.subarray(9)) };
}
