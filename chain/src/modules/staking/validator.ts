import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { BondStatus, type Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import { Dec } from "../../types/dec";
import { sha256 } from "../../types/hash";
import * as E from "./errors";
import { decFromWire, decToWire } from "./params";

/**
 * Validator arithmetic, as cosmos-sdk x/staking/types/validator.go: tokens are integers (wei),
 * shares are 18-decimal Decs, and the exchange rate is tokens / shares (1 while nothing is
 * slashed, which is always here). Pure functions over the protobuf Validator.
 */

export { BondStatus };

/** Consensus power = tokens / 10^18: one unit of voting power per STOS. */
export const POWER_REDUCTION = 10n ** 18n;
export const ED25519_PUBKEY_TYPE_URL = "/cosmos.crypto.ed25519.PubKey";

export function tokensOf(v: Validator): bigint {
  return BigInt(v.tokens || "0");
}

export function sharesOf(v: Validator): Dec {
  return decFromWire(v.delegatorShares);
}

export function isBonded(v: Validator): boolean {
  return v.status === BondStatus.BOND_STATUS_BONDED;
}

/** Power the validator would have if bonded. */
export function potentialPower(v: Validator): bigint {
  return tokensOf(v) / POWER_REDUCTION;
}

/** Power in CometBFT: zero unless bonded. */
export function consensusPower(v: Validator): bigint {
  return isBonded(v) ? potentialPower(v) : 0n;
}

/** Shares issued but no tokens behind them: no one can delegate at a rate that does not exist. */
export function invalidExRate(v: Validator): boolean {
  return tokensOf(v) === 0n && sharesOf(v).cmp(Dec.ZERO) > 0;
}

/** Shares worth `amount` tokens (`SharesFromTokens`); ErrInsufficientShares when the validator has no tokens. */
export function sharesFromTokens(v: Validator, amount: bigint): Dec {
  const tokens = tokensOf(v);
  if (tokens === 0n) throw E.ErrInsufficientShares.error();
  return sharesOf(v).mulInt(amount).quoInt(tokens);
}

/** As {@link sharesFromTokens}, rounded toward zero (`SharesFromTokensTruncated`). */
export function sharesFromTokensTruncated(v: Validator, amount: bigint): Dec {
  const tokens = tokensOf(v);
  if (tokens === 0n) throw E.ErrInsufficientShares.error();
  return sharesOf(v).mulInt(amount).quoTruncate(Dec.fromInt(tokens));
}

/** Tokens worth `shares` (`TokensFromShares`, banker's rounding). */
export function tokensFromShares(v: Validator, shares: Dec): Dec {
  const total = sharesOf(v);
  if (total.isZero()) return Dec.ZERO;
  return shares.mulInt(tokensOf(v)).quo(total);
}

/** Adds delegated tokens; the first delegation sets the rate to one (`AddTokensFromDel`). */
export function addTokensFromDel(v: Validator, amount: bigint): { validator: Validator; issuedShares: Dec } {
  const shares = sharesOf(v);
  const issuedShares = shares.isZero() ? Dec.fromInt(amount) : sharesFromTokens(v, amount);
  return {
    validator: { ...v, tokens: (tokensOf(v) + amount).toString(), delegatorShares: decToWire(shares.add(issuedShares)) },
    issuedShares,
  };
}

/**
 * Removes delegator shares and the tokens they are worth (`RemoveDelShares`): the last shares
 * take every remaining token; otherwise the token amount is truncated and the fraction stays.
 */
export function removeDelShares(v: Validator, delShares: Dec): { validator: Validator; issuedTokens: bigint } {
  const remaining = sharesOf(v).sub(delShares);
  const tokens = tokensOf(v);
  let issuedTokens: bigint;
  if (remaining.isZero()) {
    issuedTokens = tokens;
  } else {
    issuedTokens = tokensFromShares(v, delShares).truncate();
    if (issuedTokens > tokens) throw new Error(`attempting to remove more tokens than available in validator ${v.operatorAddress}`);
  }
  return { validator: { ...v, tokens: (tokens - issuedTokens).toString(), delegatorShares: decToWire(remaining) }, issuedTokens };
}

/** The raw 32-byte ed25519 key of a validator (its consensus key). */
export function consensusKey(v: Validator): Uint8Array {
  const any = v.consensusPubkey;
  if (!any || any.typeUrl !== ED25519_PUBKEY_TYPE_URL) throw new Error(`validator ${v.operatorAddress} has no ed25519 consensus key`);
  return Ed25519PubKey.decode(any.value).key;
}

/** CometBFT's address of an ed25519 key: the first 20 bytes of sha256(key). */
export function consensusAddress(key: Uint8Array): Uint8Array {
  return sha256(key).slice(0, 20);
}

/** The ABCI update giving the validator `power` (0 removes it from CometBFT's set). */
export function abciUpdate(v: Validator, power: bigint): ValidatorUpdate {
  return { pubKey: { ed25519: consensusKey(v) }, power };
}
