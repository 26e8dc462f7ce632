import { concatBytes } from "../../store/bytes";

/** Store layout of the bank module, under the `bank/` prefix of the app store. */
export const MODULE_NAME = "bank";
export const STORE_PREFIX = new TextEncoder().encode("bank/");

/** 0x00 | denom -> total supply (decimal ASCII) */
export const SUPPLY_PREFIX = 0x00;
/** 0x01 | denom -> Metadata (cosmos.bank.v1beta1.Metadata) */
export const DENOM_METADATA_PREFIX = 0x01;
/** 0x02 | len(addr) | addr | denom -> balance (decimal ASCII); zero balances are deleted */
export const BALANCES_PREFIX = 0x02;
/** 0x05 -> Params (cosmos.bank.v1beta1.Params) */
export const PARAMS_KEY = Uint8Array.of(0x05);

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** Denom bytes, memoised: a chain has a handful of denoms and every balance key needs one. */
const denomBytes = new Map<string, Uint8Array>();
function encodeDenom(denom: string): Uint8Array {
  let b = denomBytes.get(denom);
  if (!b) {
    b = utf8.encode(denom);
    if (denomBytes.size < 10_000) denomBytes.set(denom, b);
  }
  return b;
}

export function supplyKey(denom: string): Uint8Array {
  return concatBytes(Uint8Array.of(SUPPLY_PREFIX), utf8.encode(denom));
}

export function denomMetadataKey(denom: string): Uint8Array {
  return concatBytes(Uint8Array.of(DENOM_METADATA_PREFIX), utf8.encode(denom));
}

/** Prefix of all balances of one address. */
export function accountBalancesPrefix(address: Uint8Array): Uint8Array {
  if (address.length > 255) throw new Error("address too long");
  return concatBytes(Uint8Array.of(BALANCES_PREFIX, address.length), address);
}

export function balanceKey(address: Uint8Array, denom: string): Uint8Array {
  const d = encodeDenom(denom);
  const key = new Uint8Array(2 + address.length + d.length);
  key[0] = BALANCES_PREFIX;
  key[1] = address.length;
  key.set(address, 2);
  key.set(d, 2 + address.length);
  return key;
}

/** Splits a balance key into (address, denom). */
export function parseBalanceKey(key: Uint8Array): { address: Uint8Array; denom: string } {
  if (key[0] !== BALANCES_PREFIX || key.length < 2) throw new Error("not a balance key");
  const len = key[1]!;
  return { address: key.subarray(2, 2 + len), denom: utf8d.decode(key.subarray(2 + len)) };
}

export function denomFromSuffix(key: Uint8Array): string {
  return utf8d.decode(key.subarray(1));
}

export function encodeAmount(amount: bigint): Uint8Array {
  return Buffer.from(amount.toString(), "latin1");
}

export function decodeAmount(bytes: Uint8Array): bigint {
  return BigInt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1"));
}
