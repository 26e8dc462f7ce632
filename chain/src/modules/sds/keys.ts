import { concatBytes } from "../../store/bytes";
import { decodeAccAddress } from "../../types/address";

/**
 * Store layout of the sds module, under the `sds/` prefix of the app store. 0x01 and 0x20 are the
 * real chain's (x/sds/types/key.go); 0x02 (the owner index) is ours.
 */
export const MODULE_NAME = "sds";
export const STORE_PREFIX = new TextEncoder().encode("sds/");

/** 0x01 | utf8(file hash) -> FileInfo */
export const FILE_PREFIX = 0x01;
/** 0x02 | len(owner) | owner addr | utf8(file hash) -> empty (files by owner) */
export const OWNER_INDEX_PREFIX = 0x02;
/** 0x20 -> Params */
export const PARAMS_KEY = Uint8Array.of(0x20);

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

export function fileKey(fileHash: string): Uint8Array {
  return concatBytes(Uint8Array.of(FILE_PREFIX), utf8.encode(fileHash));
}

/** The file hash of a 0x01 key. */
export function fileHashFromKey(key: Uint8Array): string {
  return utf8d.decode(key.subarray(1));
}

/** Prefix of every index entry of one owner. */
export function ownerIndexPrefix(owner: string): Uint8Array {
  const addr = decodeAccAddress(owner);
  return concatBytes(Uint8Array.of(OWNER_INDEX_PREFIX, addr.length), addr);
}

export function ownerIndexKey(owner: string, fileHash: string): Uint8Array {
  return concatBytes(ownerIndexPrefix(owner), utf8.encode(fileHash));
}

/** The file hash of an owner-index key. */
export function fileHashFromOwnerIndexKey(key: Uint8Array): string {
  const len = key[1] ?? 0;
  return utf8d.decode(key.subarray(2 + len));
}
