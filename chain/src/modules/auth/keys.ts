/** Store layout of the auth module; everything lives under the `auth/` prefix of the app store. */
export const MODULE_NAME = "auth";
export const STORE_PREFIX = new TextEncoder().encode("auth/");

/** 0x01 | address bytes -> Any(BaseAccount | ModuleAccount) */
export const ACCOUNT_PREFIX = 0x01;
/** 0x02 -> next account number, u64 big-endian */
export const NEXT_ACCOUNT_NUMBER_KEY = Uint8Array.of(0x02);
/** 0x03 -> Params (cosmos.auth.v1beta1.Params) */
export const PARAMS_KEY = Uint8Array.of(0x03);

/** Key of one account. */
export function accountKey(address: Uint8Array): Uint8Array {
  const key = new Uint8Array(1 + address.length);
  key[0] = ACCOUNT_PREFIX;
  key.set(address, 1);
  return key;
}

/** Address bytes from an account key. */
export function addressFromAccountKey(key: Uint8Array): Uint8Array {
  if (key[0] !== ACCOUNT_PREFIX) throw new Error("not an account key");
  return key.subarray(1);
}

/** u64 big-endian. */
export function encodeU64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

export function decodeU64(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) throw new Error(`u64 needs 8 bytes, got ${bytes.length}`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}
