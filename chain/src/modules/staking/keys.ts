import { concatBytes } from "../../store/bytes";
import { decodeAccAddress, encodeAccAddress, ACCOUNT_PREFIX, VALOPER_PREFIX } from "../../types/address";
import { readU64be, u64be } from "../../types/store-codec";

/**
 * Store layout of the staking module, under the `staking/` prefix of the app store. The
 * one-byte prefixes are cosmos-sdk x/staking's (types/keys.go); addresses inside keys are
 * length-prefixed (one length byte, then the bytes), as the SDK's `address.MustLengthPrefix`.
 * Values are the cosmos.staking.v1beta1 protobuf types (Dec fields in their wire form, the
 * integer scaled by 10^18) or decimal ASCII for integers. Queue keys carry big-endian seconds
 * where the SDK has Go's time encoding. There is no power index (0x23): EndBlock sorts the
 * validators itself (see keeper.ts).
 */
export const MODULE_NAME = "staking";
export const STORE_PREFIX = new TextEncoder().encode("staking/");

/** 0x11 | lp(operator) -> last consensus power sent to CometBFT (decimal) */
export const LAST_VALIDATOR_POWER_PREFIX = 0x11;
/** 0x12 -> sum of the last powers (decimal) */
export const LAST_TOTAL_POWER_KEY = Uint8Array.of(0x12);
/** 0x21 | lp(operator) -> Validator */
export const VALIDATORS_PREFIX = 0x21;
/** 0x22 | lp(consensus address) -> operator address bytes */
export const VALIDATORS_BY_CONS_ADDR_PREFIX = 0x22;
/** 0x31 | lp(delegator) | lp(operator) -> Delegation */
export const DELEGATION_PREFIX = 0x31;
/** 0x32 | lp(delegator) | lp(operator) -> UnbondingDelegation */
export const UNBONDING_DELEGATION_PREFIX = 0x32;
/** 0x33 | lp(operator) | lp(delegator) -> 0x01 (unbonding delegations by validator) */
export const UNBONDING_DELEGATION_BY_VAL_PREFIX = 0x33;
/** 0x34 | lp(delegator) | lp(source) | lp(destination) -> Redelegation */
export const REDELEGATION_PREFIX = 0x34;
/** 0x35 | lp(source) | lp(delegator) | lp(destination) -> 0x01 */
export const REDELEGATION_BY_SRC_PREFIX = 0x35;
/** 0x36 | lp(destination) | lp(delegator) | lp(source) -> 0x01 */
export const REDELEGATION_BY_DST_PREFIX = 0x36;
/** 0x37 -> the last unbonding id handed out (decimal) */
export const UNBONDING_ID_KEY = Uint8Array.of(0x37);
/** 0x41 | completion (u64 BE seconds) | lp(delegator) | lp(operator) -> 0x01 */
export const UNBONDING_QUEUE_PREFIX = 0x41;
/** 0x42 | completion (u64 BE seconds) | lp(delegator) | lp(source) | lp(destination) -> 0x01 */
export const REDELEGATION_QUEUE_PREFIX = 0x42;
/** 0x43 | unbonding time (u64 BE seconds) | unbonding height (u64 BE) | lp(operator) -> 0x01 */
export const VALIDATOR_QUEUE_PREFIX = 0x43;
/** 0x51 -> Params */
export const PARAMS_KEY = Uint8Array.of(0x51);
/** 0x71 | lp(operator) | lp(delegator) -> 0x01 (delegations by validator) */
export const DELEGATION_BY_VAL_PREFIX = 0x71;

/** One length byte, then the bytes. */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 255) throw new RangeError(`address of ${bytes.length} bytes cannot be length-prefixed`);
  return concatBytes(Uint8Array.of(bytes.length), bytes);
}

/** Reads a length-prefixed address at `offset`; returns it and the offset after it. */
export function readLengthPrefixed(key: Uint8Array, offset: number): { bytes: Uint8Array; next: number } {
  const n = key[offset];
  if (n === undefined || offset + 1 + n > key.length) throw new RangeError("truncated length-prefixed address in a staking key");
  return { bytes: key.subarray(offset + 1, offset + 1 + n), next: offset + 1 + n };
}

/** Raw bytes of a `stvaloper1...` address (throws AddressError). */
export function valBytes(operator: string): Uint8Array {
  return decodeAccAddress(operator, VALOPER_PREFIX);
}

/** Raw bytes of a `st1...` account address (throws AddressError). */
export function accBytes(address: string): Uint8Array {
  return decodeAccAddress(address, ACCOUNT_PREFIX);
}

export function valoperOf(bytes: Uint8Array): string {
  return encodeAccAddress(bytes, VALOPER_PREFIX);
}

export function accountOf(bytes: Uint8Array): string {
  return encodeAccAddress(bytes, ACCOUNT_PREFIX);
}

/** `prefix | lp(a) | lp(b) | ...` */
export function key(prefix: number, ...parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(prefix), ...parts.map(lengthPrefixed));
}

export const validatorKey = (operator: Uint8Array): Uint8Array => key(VALIDATORS_PREFIX, operator);
export const lastPowerKey = (operator: Uint8Array): Uint8Array => key(LAST_VALIDATOR_POWER_PREFIX, operator);
export const consAddrKey = (consAddr: Uint8Array): Uint8Array => key(VALIDATORS_BY_CONS_ADDR_PREFIX, consAddr);
export const redKey = (delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): Uint8Array => key(REDELEGATION_PREFIX, delegator, src, dst);
export const redBySrcKey = (src: Uint8Array, delegator: Uint8Array, dst: Uint8Array): Uint8Array => key(REDELEGATION_BY_SRC_PREFIX, src, delegator, dst);
export const redByDstKey = (dst: Uint8Array, delegator: Uint8Array, src: Uint8Array): Uint8Array => key(REDELEGATION_BY_DST_PREFIX, dst, delegator, src);

export function ubdQueueKey(completionSeconds: bigint, delegator: Uint8Array, operator: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(UNBONDING_QUEUE_PREFIX), u64be(completionSeconds), lengthPrefixed(delegator), lengthPrefixed(operator));
}

export function redQueueKey(completionSeconds: bigint, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(REDELEGATION_QUEUE_PREFIX), u64be(completionSeconds), lengthPrefixed(delegator), lengthPrefixed(src), lengthPrefixed(dst));
}

export function validatorQueueKey(unbondingSeconds: bigint, unbondingHeight: bigint, operator: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(VALIDATOR_QUEUE_PREFIX), u64be(unbondingSeconds), u64be(unbondingHeight), lengthPrefixed(operator));
}

/** Splits a key of the form `prefix | [u64...] | lp(a) | lp(b) | ...` after `fixed` bytes of numbers. */
export function parseKey(k: Uint8Array, fixed = 0): { numbers: bigint[]; addresses: Uint8Array[] } {
  const numbers: bigint[] = [];
  for (let o = 1; o < 1 + fixed; o += 8) numbers.push(readU64be(k, o));
  const addresses: Uint8Array[] = [];
  let offset = 1 + fixed;
  while (offset < k.length) {
    const { bytes, next } = readLengthPrefixed(k, offset);
    addresses.push(bytes);
    offset = next;
  }
  return { numbers, addresses };
}
