import { toBech32 } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519";
import { sha256 } from "@noble/hashes/sha2";
import { StratosError } from "../errors/base";

/**
 * The bech32 prefix of node (P2P) addresses, e.g. `stsds1...`.
 *
 * @example
 * const isNodeAddress = address.startsWith(`${SDS_PREFIX}1`);
 */
export const SDS_PREFIX = "stsds";

/**
 * A node's network address: bech32("stsds", sha256(ed25519 pubkey)[0:20]), as the register module
 * checks it against the pubkey of MsgCreateResourceNode / MsgCreateMetaNode.
 *
 * @example
 * const address = sdsAddressFromPubkey(nodeKey.publicKey); // "stsds1..."
 */
export function sdsAddressFromPubkey(pubkey32: Uint8Array): string {
  if (pubkey32.length !== 32) throw new StratosError(`an ed25519 public key has 32 bytes, got ${pubkey32.length}`);
  return toBech32(SDS_PREFIX, sha256(pubkey32).slice(0, 20));
}

/**
 * A node's ed25519 P2P key pair and network address.
 *
 * @example
 * const key: NodeKey = randomNodeKey();
 * await client.createResourceNode({ pubkey: key.publicKey, value: 10n ** 18n, description: { moniker: "rn-1" }, nodeType: 4 });
 */
export interface NodeKey {
  /** The 32-byte ed25519 private key (seed). Keep it secret. */
  readonly privateKey: Uint8Array;
  /** The 32-byte ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The `stsds1...` network address of the public key. */
  readonly address: string;
}

/**
 * The node key of a 32-byte ed25519 seed (a 64-byte `seed || pubkey` key, as Go and CometBFT store it,
 * is accepted too and its first 32 bytes used).
 *
 * @example
 * const key = nodeKeyFromSeed(new Uint8Array(32).fill(7));
 * console.log(key.address); // stsds1...
 */
export function nodeKeyFromSeed(seed: Uint8Array): NodeKey {
  if (seed.length !== 32 && seed.length !== 64) throw new StratosError(`an ed25519 seed has 32 bytes, got ${seed.length}`);
  const privateKey = Uint8Array.from(seed.subarray(0, 32));
  const publicKey = ed25519.getPublicKey(privateKey);
  return { privateKey, publicKey, address: sdsAddressFromPubkey(publicKey) };
}

/**
 * A fresh random node key (from the platform's secure random source).
 *
 * @example
 * const { privateKey, publicKey, address } = randomNodeKey();
 */
export function randomNodeKey(): NodeKey {
  return nodeKeyFromSeed(ed25519.utils.randomPrivateKey());
}
