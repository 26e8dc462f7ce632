import { ed25519 } from "@noble/curves/ed25519";
import { createHash } from "node:crypto";
import { toBech32 } from "@cosmjs/encoding";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";

/** An SDS node's P2P identity for tests: ed25519 key, its pubkey Any and `stsds` address. */
export interface NodeKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly pubkeyAny: { typeUrl: string; value: Uint8Array };
}

/** Derived independently of the chain code: bech32("stsds", sha256(pub)[0:20]). */
export function nodeKeyFromSeed(seed: Uint8Array): NodeKey {
  const privateKey = seed.slice(0, 32);
  const publicKey = ed25519.getPublicKey(privateKey);
  const address = toBech32("stsds", createHash("sha256").update(publicKey).digest().subarray(0, 20));
  return { privateKey, publicKey, address, pubkeyAny: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Ed25519PubKey.encode({ key: publicKey }).finish() } };
}

export function randomNodeKey(): NodeKey {
  return nodeKeyFromSeed(ed25519.utils.randomPrivateKey());
}

/** A fixed key for index `i` (deterministic tests). */
export function nodeKey(i: number): NodeKey {
  const seed = new Uint8Array(32).fill(0);
  seed[0] = 0x5a;
  seed[31] = i;
  return nodeKeyFromSeed(seed);
}
