import { createPublicKey, verify } from "node:crypto";
import { keccak_256 } from "@noble/hashes/sha3";
import { stratos } from "@stratos/proto";

/**
 * Volume-report signatures (ours; Stratos uses BLS over a PBC pairing): every signing meta node
 * signs `txData` with its registered ed25519 P2P key; `BLS_signature.pub_keys` lists the 32-byte
 * keys and `BLS_signature.signature` is the 64-byte signatures concatenated in the same order.
 */
export const ED25519_PUBKEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

/** DER prefix of an ed25519 SubjectPublicKeyInfo; the raw key follows. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * What the meta nodes sign: keccak256 of the protobuf encoding of the report with its
 * `BLS_signature` field cleared (Stratos' GetBLSSignBytes).
 */
export function volumeReportTxData(msg: stratos.pot.v1.MsgVolumeReport): Uint8Array {
  return keccak_256(stratos.pot.v1.MsgVolumeReport.encode({ ...msg, BLSSignature: undefined }).finish());
}

/** Verifies one ed25519 signature with node:crypto; false for malformed keys or signatures. */
export function verifyEd25519(pubKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (pubKey.length !== ED25519_PUBKEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pubKey]), format: "der", type: "spki" });
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

/** The `signature` field for signatures given in pub_keys order. */
export function concatSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(signatures.length * ED25519_SIGNATURE_LENGTH);
  signatures.forEach((s, i) => {
    if (s.length !== ED25519_SIGNATURE_LENGTH) throw new RangeError(`an ed25519 signature has 64 bytes, got ${s.length}`);
    out.set(s, i * ED25519_SIGNATURE_LENGTH);
  });
  return out;
}

/** Signers needed among `bonded` meta nodes: at least 2/3 of them (n * 3 >= 2 * bonded) and at least one. */
export function reachesThreshold(signers: bigint, bonded: bigint): boolean {
  return signers >= 1n && signers * 3n >= bonded * 2n;
}
