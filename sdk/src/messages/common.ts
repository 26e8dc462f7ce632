import type { Coin } from "@stratos/proto/gen/ts/cosmos/base/v1beta1/coin";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Any } from "@stratos/proto/gen/ts/google/protobuf/any";
import { StratosError } from "../errors/base";

/**
 * The bond and fee denomination of Stratos: 1 STOS = 10^18 wei.
 *
 * @example
 * const oneStos = { denom: WEI, amount: (10n ** 18n).toString() };
 */
export const WEI = "wei";

/**
 * A single amount: a bigint in wei, or an explicit coin.
 *
 * @example
 * const a: Amount = 1_000_000_000_000_000_000n; // 1 STOS
 * const b: Amount = { denom: "wei", amount: "5" };
 */
export type Amount = bigint | Coin;

/**
 * A list of coins: a bigint in wei (one coin), one coin, or several.
 *
 * @example
 * const c: CoinsAmount = [{ denom: "wei", amount: "1000" }];
 */
export type CoinsAmount = Amount | readonly Coin[];

/**
 * A cosmos `Int` value (decimal integer): a bigint or its decimal string.
 *
 * @example
 * const volume: IntValue = 1_000_000n; // or "1000000"
 */
export type IntValue = bigint | string;

/** @internal */
export function toCoin(amount: Amount): Coin {
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new StratosError(`amount must not be negative: ${amount}`);
    return { denom: WEI, amount: amount.toString() };
  }
  return { denom: amount.denom, amount: amount.amount };
}

/** @internal */
export function toCoins(amount: CoinsAmount): Coin[] {
  if (typeof amount === "bigint" || !Array.isArray(amount)) return [toCoin(amount as Amount)];
  return (amount as readonly Coin[]).map(toCoin);
}

/** @internal */
export function toIntString(value: IntValue): string {
  if (typeof value === "bigint") return value.toString();
  if (!/^-?\d+$/.test(value)) throw new StratosError(`not an integer: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The type URL of an ed25519 public key packed in `google.protobuf.Any`.
 *
 * @example
 * if (node.pubkey?.typeUrl === ED25519_PUBKEY_TYPE_URL) console.log(ed25519PubkeyFromAny(node.pubkey));
 */
export const ED25519_PUBKEY_TYPE_URL = "/cosmos.crypto.ed25519.PubKey";

/**
 * Packs a raw 32-byte ed25519 public key (a node's P2P key) into the `Any` the register Msgs carry:
 * `{typeUrl: "/cosmos.crypto.ed25519.PubKey", value: PubKey{key}}`.
 *
 * @example
 * const any = ed25519PubkeyToAny(randomNodeKey().publicKey);
 */
export function ed25519PubkeyToAny(pubkey: Uint8Array): Any {
  if (pubkey.length !== 32) throw new StratosError(`an ed25519 public key has 32 bytes, got ${pubkey.length}`);
  return { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Ed25519PubKey.encode(Ed25519PubKey.fromPartial({ key: pubkey })).finish() };
}

/**
 * The raw ed25519 key inside a node's pubkey `Any` (as returned by `register.resourceNode(...)`).
 *
 * @example
 * const raw = ed25519PubkeyFromAny(node.pubkey!); // 32 bytes
 */
export function ed25519PubkeyFromAny(any: Any): Uint8Array {
  if (any.typeUrl !== ED25519_PUBKEY_TYPE_URL) throw new StratosError(`not an ed25519 public key: ${any.typeUrl}`);
  return Ed25519PubKey.decode(any.value).key;
}
