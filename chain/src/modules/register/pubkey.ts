import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Any } from "@stratos/proto/gen/ts/google/protobuf/any";
import { sha256 } from "../../types/hash";
import { encodeAccAddress, SDS_PREFIX } from "../../types/address";

export const ED25519_PUBKEY_TYPE_URL = "/cosmos.crypto.ed25519.PubKey";

/** The raw 32-byte ed25519 key inside a node's pubkey Any; throws a RangeError otherwise. */
export function ed25519KeyFromAny(any: Any | undefined): Uint8Array {
  if (!any) throw new RangeError("missing public key");
  if (any.typeUrl !== ED25519_PUBKEY_TYPE_URL) throw new RangeError(`node keys must be ${ED25519_PUBKEY_TYPE_URL}, got ${JSON.stringify(any.typeUrl)}`);
  const key = Ed25519PubKey.decode(any.value).key;
  if (key.length !== 32) throw new RangeError(`an ed25519 public key has 32 bytes, got ${key.length}`);
  return key;
}

/** `stsds` address of an ed25519 key: bech32 of the first 20 bytes of sha256(key). */
export function sdsAddressOfKey(key: Uint8Array): string {
  return encodeAccAddress(sha256(key).subarray(0, 20), SDS_PREFIX);
}
