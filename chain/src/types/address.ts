import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { createHash } from "node:crypto";
import { sha256 } from "./hash";

/** Bech32 prefixes of the Stratos chain (DESIGN.md section 2). */
export const ACCOUNT_PREFIX = "st";
export const VALOPER_PREFIX = "stvaloper";
export const VALCONS_PREFIX = "stvalcons";
export const SDS_PREFIX = "stsds";

/** Thrown when a bech32 string is not a valid address of the expected kind. */
export class AddressError extends Error {
  override readonly name = "AddressError";
}

/**
 * Decodes a bech32 account address (`st1...`) to its 20 (or 32, for derived module
 * addresses) raw bytes; rejects other prefixes so a `cosmos1...` address cannot slip in.
 */
export function decodeAccAddress(address: string, prefix = ACCOUNT_PREFIX): Uint8Array {
  let cache = decodeCaches.get(prefix);
  if (!cache) {
    cache = new Map();
    decodeCaches.set(prefix, cache);
  }
  const hit = cache.get(address);
  if (hit) return hit;
  const bytes = decodeUncached(address, prefix);
  if (cache.size >= DECODE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(address, bytes);
  return bytes;
}

/**
 * Bech32 decoding is pure but costs ~20 µs; keepers decode the same few addresses many
 * times per block. Successful decodes are remembered (bounded, oldest dropped first).
 * Callers must not mutate the returned bytes.
 */
const decodeCaches = new Map<string, Map<string, Uint8Array>>();
const DECODE_CACHE_SIZE = 50_000;

function decodeUncached(address: string, prefix: string): Uint8Array {
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address);
  } catch (e) {
    throw new AddressError(`invalid address ${JSON.stringify(address)}: ${(e as Error).message}`);
  }
  if (decoded.prefix !== prefix) {
    throw new AddressError(`invalid Bech32 prefix; expected ${prefix}, got ${decoded.prefix}`);
  }
  if (decoded.data.length !== 20 && decoded.data.length !== 32) {
    throw new AddressError(`address ${address} has ${decoded.data.length} bytes, expected 20 or 32`);
  }
  return decoded.data;
}

/** Encodes raw address bytes as a bech32 account address. */
export function encodeAccAddress(bytes: Uint8Array, prefix = ACCOUNT_PREFIX): string {
  return toBech32(prefix, bytes);
}

/** True when `address` decodes as an account address with our prefix. */
export function isAccAddress(address: string): boolean {
  try {
    decodeAccAddress(address);
    return true;
  } catch {
    return false;
  }
}

/** True when `address` decodes as a `stsds` node address (register, sds and pot all check these). */
export function isSdsAddress(address: string): boolean {
  try {
    decodeAccAddress(address, SDS_PREFIX);
    return true;
  } catch {
    return false;
  }
}

/** The address of a compressed secp256k1 key: ripemd160(sha256(pubkey)), as the Cosmos SDK does. */
export function secp256k1PubkeyToAddress(pubkey: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("ripemd160").update(sha256(pubkey)).digest());
}

/** A module account address: sha256(name)[:20], the Cosmos SDK's `authtypes.NewModuleAddress`. */
export function moduleAddress(name: string): Uint8Array {
  return sha256(new TextEncoder().encode(name)).slice(0, 20);
}
