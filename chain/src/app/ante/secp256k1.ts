import { sha256 } from "../../types/hash";

/**
 * secp256k1 through the native libsecp256k1 addon only. The `secp256k1` package silently
 * falls back to a pure-JS path about 35x slower when its binding fails to load; importing
 * `secp256k1/bindings` directly makes a missing binary a start-up failure instead.
 */
type Secp256k1Api = typeof import("secp256k1");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const native = require("secp256k1/bindings") as Secp256k1Api;

/** Half the group order: signatures with s above it are malleable (high-S) and refused. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** True when the native binding is loaded (checked at start-up and in a test). */
export function nativeSecp256k1Loaded(): boolean {
  return typeof native.ecdsaVerify === "function";
}

const HALF_ORDER_BYTES = Buffer.from(HALF_ORDER.toString(16).padStart(64, "0"), "hex");

/** True when a 64-byte r||s signature has s <= n/2 (big-endian byte comparison). */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return Buffer.compare(Buffer.from(signature.buffer, signature.byteOffset + 32, 32), HALF_ORDER_BYTES) <= 0;
}

/**
 * Verifies a Cosmos secp256k1 signature: 64-byte r||s, low-S only, over sha256(message),
 * with a 33-byte compressed public key. Never throws on bad input; returns false.
 */
export function verifySecp256k1(message: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
  return verifySecp256k1Digest(sha256Digest(message), signature, pubkey);
}

/** sha256 of the sign bytes: what a Cosmos secp256k1 signature signs. */
export function sha256Digest(message: Uint8Array): Uint8Array {
  return sha256(message);
}

/** As verifySecp256k1, for a digest already computed (it doubles as the cache key). */
export function verifySecp256k1Digest(digest: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
  if (digest.length !== 32 || signature.length !== 64 || pubkey.length !== 33) return false;
  if (!isLowS(signature)) return false;
  try {
    return native.ecdsaVerify(signature, digest, pubkey);
  } catch {
    return false;
  }
}

/** True for a valid compressed secp256k1 point. */
export function isValidCompressedPubkey(pubkey: Uint8Array): boolean {
  if (pubkey.length !== 33 || (pubkey[0] !== 2 && pubkey[0] !== 3)) return false;
  return native.publicKeyVerify(pubkey);
}
