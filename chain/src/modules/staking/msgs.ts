import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Description } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type {
  MsgBeginRedelegate,
  MsgCancelUnbondingDelegation,
  MsgCreateValidator,
  MsgDelegate,
  MsgEditValidator,
  MsgUndelegate,
} from "cosmjs-types/cosmos/staking/v1beta1/tx";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { bytesEqual } from "../../store/bytes";
import { AddressError } from "../../types/address";
import { isValidDenom, type Coin } from "../../types/coin";
import { Dec } from "../../types/dec";
import { ErrInvalidAddress, ErrInvalidPubKey, ErrInvalidRequest } from "../../types/errors";
import * as E from "./errors";
import { ensureDescriptionLength, validateCommissionRates, type CommissionRatesInput } from "./keeper";
import { accBytes, accountOf, valBytes } from "./keys";
import { decFromWire } from "./params";
import { ED25519_PUBKEY_TYPE_URL } from "./validator";

/**
 * Stateless checks of the staking Msgs (CheckTx), as cosmos-sdk v0.50's `Msg*.Validate` and the
 * checks its Msg server makes before touching state. Empty addresses get the staking codes
 * (ErrEmptyValidatorAddr 2, ErrEmptyDelegatorAddr 18), malformed ones sdk 7, bad amounts and
 * descriptions sdk 18. The parsers are shared with the handlers, which run after these.
 */

const INT = /^[0-9]{1,78}$/;

/** Raw bytes of a validator address; ErrEmptyValidatorAddr / ErrInvalidAddress. */
export function requireValidator(address: string, what = "validator"): Uint8Array {
  if (!address) throw E.ErrEmptyValidatorAddr.wrap(`empty ${what} address`);
  try {
    return valBytes(address);
  } catch (e) {
    if (e instanceof AddressError) throw ErrInvalidAddress.wrap(`invalid ${what} address: ${e.message}`);
    throw e;
  }
}

/** Raw bytes of a delegator address; ErrEmptyDelegatorAddr / ErrInvalidAddress. */
export function requireDelegator(address: string): Uint8Array {
  if (!address) throw E.ErrEmptyDelegatorAddr.error();
  try {
    return accBytes(address);
  } catch (e) {
    if (e instanceof AddressError) throw ErrInvalidAddress.wrap(`invalid delegator address: ${e.message}`);
    throw e;
  }
}

/** The account that signs for a validator: its operator bytes as `st1...`. */
export function operatorAccount(validatorAddress: string): string {
  return accountOf(requireValidator(validatorAddress));
}

/** A valid, positive coin (any denom; the handler checks the bond denom); ErrInvalidRequest `<what>`. */
export function positiveCoin(c: { denom: string; amount: string } | undefined, what: string): Coin {
  if (!c || !isValidDenom(c.denom) || !INT.test(c.amount) || BigInt(c.amount) <= 0n) throw ErrInvalidRequest.wrap(what);
  return { denom: c.denom, amount: BigInt(c.amount) };
}

/** A Dec in wire form; ErrInvalidRequest naming the field when malformed. */
export function wireDec(atomics: string, field: string): Dec {
  try {
    return decFromWire(atomics);
  } catch {
    throw ErrInvalidRequest.wrap(`invalid ${field} ${JSON.stringify(atomics)}`);
  }
}

/** A positive integer (min self-delegation); ErrInvalidRequest otherwise. */
export function positiveInt(text: string, what: string): bigint {
  if (!INT.test(text) || BigInt(text) <= 0n) throw ErrInvalidRequest.wrap(`${what} must be a positive integer`);
  return BigInt(text);
}

/** The 32-byte ed25519 consensus key of an Any; ErrEmptyValidatorPubKey, ErrValidatorPubKeyTypeNotSupported, ErrInvalidPubKey. */
export function consensusKeyOf(pubkey: Any | undefined): Uint8Array {
  if (!pubkey) throw E.ErrEmptyValidatorPubKey.error();
  if (pubkey.typeUrl !== ED25519_PUBKEY_TYPE_URL) throw E.ErrValidatorPubKeyTypeNotSupported.wrap(`got: ${pubkey.typeUrl}, expected: [ed25519]`);
  let key: Uint8Array;
  try {
    key = Ed25519PubKey.decode(pubkey.value).key;
  } catch {
    throw ErrInvalidPubKey.wrap("malformed ed25519 public key");
  }
  if (key.length !== 32) throw ErrInvalidPubKey.wrap(`an ed25519 public key has 32 bytes, got ${key.length}`);
  return key;
}

function isEmptyDescription(d: Description | undefined): boolean {
  return !d || (d.moniker === "" && d.identity === "" && d.website === "" && d.securityContact === "" && d.details === "");
}

/** The commission rates of a MsgCreateValidator, checked. */
export function commissionOf(m: MsgCreateValidator): CommissionRatesInput {
  const c = m.commission;
  if (!c || (c.rate === "" && c.maxRate === "" && c.maxChangeRate === "")) throw ErrInvalidRequest.wrap("empty commission");
  const rates = { rate: wireDec(c.rate, "commission rate"), maxRate: wireDec(c.maxRate, "max rate"), maxChangeRate: wireDec(c.maxChangeRate, "max change rate") };
  validateCommissionRates(rates);
  return rates;
}

export function validateCreateValidator(m: MsgCreateValidator): void {
  const operator = requireValidator(m.validatorAddress);
  // Deprecated in SDK 0.50 and ignored there; when given it must be the operator's own account.
  if (m.delegatorAddress !== "") {
    const del = requireDelegator(m.delegatorAddress);
    if (!bytesEqual(del, operator)) {
      throw ErrInvalidAddress.wrap(`delegator address ${m.delegatorAddress} is not the validator operator's account ${accountOf(operator)}`);
    }
  }
  consensusKeyOf(m.pubkey);
  const value = positiveCoin(m.value, "invalid delegation amount");
  if (isEmptyDescription(m.description)) throw ErrInvalidRequest.wrap("empty description");
  ensureDescriptionLength(m.description);
  commissionOf(m);
  const min = positiveInt(m.minSelfDelegation, "minimum self delegation");
  if (value.amount < min) throw E.ErrSelfDelegationBelowMinimum.error();
}

/** The optional fields of a MsgEditValidator ("" = unchanged). */
export function editFieldsOf(m: MsgEditValidator): { commissionRate: Dec | undefined; minSelfDelegation: bigint | undefined } {
  let commissionRate: Dec | undefined;
  if (m.commissionRate !== "") {
    commissionRate = wireDec(m.commissionRate, "commission rate");
    if (commissionRate.isNegative() || commissionRate.cmp(Dec.ONE) > 0) throw ErrInvalidRequest.wrap("commission rate must be between 0 and 1 (inclusive)");
  }
  const minSelfDelegation = m.minSelfDelegation !== "" ? positiveInt(m.minSelfDelegation, "minimum self delegation") : undefined;
  return { commissionRate, minSelfDelegation };
}

export function validateEditValidator(m: MsgEditValidator): void {
  requireValidator(m.validatorAddress);
  if (isEmptyDescription(m.description)) throw ErrInvalidRequest.wrap("empty description");
  editFieldsOf(m);
}

export function validateDelegate(m: MsgDelegate): void {
  requireDelegator(m.delegatorAddress);
  requireValidator(m.validatorAddress);
  positiveCoin(m.amount, "invalid delegation amount");
}

export function validateUndelegate(m: MsgUndelegate): void {
  requireDelegator(m.delegatorAddress);
  requireValidator(m.validatorAddress);
  positiveCoin(m.amount, "invalid shares amount");
}

export function validateBeginRedelegate(m: MsgBeginRedelegate): void {
  requireDelegator(m.delegatorAddress);
  requireValidator(m.validatorSrcAddress, "source validator");
  requireValidator(m.validatorDstAddress, "destination validator");
  positiveCoin(m.amount, "invalid shares amount");
  if (m.validatorSrcAddress === m.validatorDstAddress) throw E.ErrSelfRedelegation.error();
}

export function validateCancelUnbondingDelegation(m: MsgCancelUnbondingDelegation): void {
  requireDelegator(m.delegatorAddress);
  requireValidator(m.validatorAddress);
  positiveCoin(m.amount, "invalid amount");
  if (m.creationHeight <= 0n) throw ErrInvalidRequest.wrap("invalid height");
}
