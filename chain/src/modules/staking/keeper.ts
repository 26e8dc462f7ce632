import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Delegation, Description, Redelegation, UnbondingDelegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { bytesEqual, compareBytes, toHex } from "../../store/bytes";
import type { Coin } from "../../types/coin";
import { Dec } from "../../types/dec";
import { ErrInvalidRequest, ErrNotFound } from "../../types/errors";
import { BONDED_TOKENS_POOL, NOT_BONDED_TOKENS_POOL } from "../../types/module-accounts";
import { timestampOf } from "../../types/time";
import * as E from "./errors";
import * as ev from "./events";
import type { BankKeeper } from "./expected-keepers";
import * as k from "./keys";
import { decFromWire, decToWire } from "./params";
import { StakingStore } from "./store";
import {
  abciUpdate,
  addTokensFromDel,
  BondStatus,
  consensusAddress,
  ED25519_PUBKEY_TYPE_URL,
  invalidExRate,
  isBonded,
  potentialPower,
  removeDelShares,
  sharesFromTokens,
  sharesFromTokensTruncated,
  sharesOf,
  tokensFromShares,
  tokensOf,
} from "./validator";

/** Description fields holding this value keep their old value in MsgEditValidator. */
export const DO_NOT_MODIFY = "[do-not-modify]";
/** Longest description fields (the SDK's EnsureLength). */
export const DESCRIPTION_LIMITS = { moniker: 70, identity: 3000, website: 140, securityContact: 140, details: 280 } as const;
const DAY_SECONDS = 86_400n;

/** Commission rates of a new validator. */
export interface CommissionRatesInput {
  readonly rate: Dec;
  readonly maxRate: Dec;
  readonly maxChangeRate: Dec;
}

export interface CreateValidatorInput {
  /** `stvaloper1...`; the operator's account (same bytes, `st1...`) self-delegates. */
  readonly operator: string;
  /** The ed25519 consensus key, 32 bytes. */
  readonly consensusKey: Uint8Array;
  readonly description: Description;
  readonly commission: CommissionRatesInput;
  readonly minSelfDelegation: bigint;
  readonly value: Coin;
}

export interface EditValidatorInput {
  readonly operator: string;
  readonly description: Description;
  readonly commissionRate: Dec | undefined;
  readonly minSelfDelegation: bigint | undefined;
}

/** Ensures description lengths (ErrInvalidRequest, the SDK's text). */
export function ensureDescriptionLength(d: Description): void {
  for (const [field, max] of Object.entries(DESCRIPTION_LIMITS) as [keyof typeof DESCRIPTION_LIMITS, number][]) {
    const got = d[field].length;
    if (got > max) throw ErrInvalidRequest.wrap(`invalid ${field === "securityContact" ? "security contact" : field} length; got: ${got}, max: ${max}`);
  }
}

/** The coin must be in the bond denom (ErrInvalidRequest, the SDK's text). */
export function requireBondDenom(coin: Coin, bondDenom: string): void {
  if (coin.denom !== bondDenom) throw ErrInvalidRequest.wrap(`invalid coin denomination: got ${coin.denom}, expected ${bondDenom}`);
}

/** The SDK's CommissionRates.Validate. */
export function validateCommissionRates(c: CommissionRatesInput): void {
  if (c.maxRate.isNegative()) throw E.ErrCommissionNegative.error();
  if (c.maxRate.cmp(Dec.ONE) > 0) throw E.ErrCommissionHuge.error();
  if (c.rate.isNegative()) throw E.ErrCommissionNegative.error();
  if (c.rate.cmp(c.maxRate) > 0) throw E.ErrCommissionGTMaxRate.error();
  if (c.maxChangeRate.isNegative()) throw E.ErrCommissionChangeRateNegative.error();
  if (c.maxChangeRate.cmp(c.maxRate) > 0) throw E.ErrCommissionChangeRateGTMaxRate.error();
}

/** Entries whose completion time has come (`IsMature`: completion <= now). */
function isMature(entry: { completionTime: { seconds: bigint } }, nowSeconds: bigint): boolean {
  return entry.completionTime.seconds <= nowSeconds;
}

/**
 * The staking module's rules, following cosmos-sdk x/staking/keeper: validators, delegations
 * and their share accounting, unbonding delegations and redelegations with their queues, the
 * bonded set (EndBlock) and the two pools the tokens sit in. There is no slashing and no
 * distribution, so the exchange rate stays 1 and hooks do not exist; a validator whose
 * operator takes its self-delegation below its minimum is jailed, as in the SDK, and stays
 * jailed (there is no x/slashing to send MsgUnjail to).
 */
export class StakingKeeper extends StakingStore {
  constructor(private readonly bank: BankKeeper) {
    super();
  }

  // ------------------------------------------------------------------ bech32 views

  getValidator(store: KVStore, operator: string): Validator | undefined {
    return this.getValidatorByBytes(store, k.valBytes(operator));
  }

  /** The validator or ErrNoValidatorFound. */
  mustGetValidator(store: KVStore, operator: string): Validator {
    const v = this.getValidator(store, operator);
    if (!v) throw E.ErrNoValidatorFound.wrap(operator);
    return v;
  }

  getDelegation(store: KVStore, delegator: string, operator: string): Delegation | undefined {
    return this.getDelegationByBytes(store, k.accBytes(delegator), k.valBytes(operator));
  }

  getUnbondingDelegation(store: KVStore, delegator: string, operator: string): UnbondingDelegation | undefined {
    return this.getUnbondingDelegationByBytes(store, k.accBytes(delegator), k.valBytes(operator));
  }

  getRedelegation(store: KVStore, delegator: string, src: string, dst: string): Redelegation | undefined {
    return this.getRedelegationByBytes(store, k.accBytes(delegator), k.valBytes(src), k.valBytes(dst));
  }

  /** The validator with this consensus key, if any. */
  getValidatorByConsensusKey(store: KVStore, key: Uint8Array): Validator | undefined {
    const operator = this.getOperatorByConsAddr(store, consensusAddress(key));
    return operator ? this.getValidatorByBytes(store, operator) : undefined;
  }

  /** Tokens a delegation is worth now, truncated (what queries report as its balance); `v` is its validator, read when not given. */
  delegationBalance(store: KVStore, d: Delegation, v = this.getValidator(store, d.validatorAddress)): bigint {
    return v ? tokensFromShares(v, decFromWire(d.shares)).truncate() : 0n;
  }

  /** Balances of the two pools in the bond denom. */
  pool(store: KVStore): { bonded: bigint; notBonded: bigint } {
    const denom = this.getParams(store).bondDenom;
    return { bonded: this.bank.getModuleBalance(store, BONDED_TOKENS_POOL, denom), notBonded: this.bank.getModuleBalance(store, NOT_BONDED_TOKENS_POOL, denom) };
  }

  // ------------------------------------------------------------------ validators

  /**
   * MsgCreateValidator after its stateless checks: a new Unbonded validator, then the
   * self-delegation from the operator's account (EndBlock bonds it if it makes the set).
   */
  createValidator(ctx: Context, input: CreateValidatorInput): void {
    const store = ctx.store;
    const params = this.getParams(store);
    if (input.commission.rate.cmp(params.minCommissionRate) < 0) {
      throw E.ErrCommissionLTMinRate.wrap(`cannot set validator commission to less than minimum rate of ${params.minCommissionRate.toString()}`);
    }
    const operatorBytes = k.valBytes(input.operator);
    if (this.getValidatorByBytes(store, operatorBytes)) throw E.ErrValidatorOwnerExists.error();
    const consAddr = consensusAddress(input.consensusKey);
    if (this.getOperatorByConsAddr(store, consAddr)) throw E.ErrValidatorPubKeyExists.error();
    requireBondDenom(input.value, params.bondDenom);
    ensureDescriptionLength(input.description);
    const validator: Validator = {
      operatorAddress: input.operator,
      consensusPubkey: { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Ed25519PubKey.encode({ key: input.consensusKey }).finish() },
      jailed: false,
      status: BondStatus.BOND_STATUS_UNBONDED,
      tokens: "0",
      delegatorShares: decToWire(Dec.ZERO),
      description: input.description,
      unbondingHeight: 0n,
      unbondingTime: timestampOf(0n),
      commission: {
        commissionRates: { rate: decToWire(input.commission.rate), maxRate: decToWire(input.commission.maxRate), maxChangeRate: decToWire(input.commission.maxChangeRate) },
        updateTime: timestampOf(ctx.blockTimeSeconds),
      },
      minSelfDelegation: input.minSelfDelegation.toString(),
      unbondingOnHoldRefCount: 0n,
      unbondingIds: [],
    };
    this.setValidator(store, validator);
    this.setOperatorByConsAddr(store, consAddr, operatorBytes);
    this.delegate(ctx, k.accountOf(operatorBytes), input.value.amount, BondStatus.BOND_STATUS_UNBONDED, validator, true);
    ev.emitCreateValidator(ctx, input.operator, input.value);
  }

  /** MsgEditValidator: description (with `[do-not-modify]`), commission rate (once a day, within the max change), min self-delegation (up only). */
  editValidator(ctx: Context, input: EditValidatorInput): Validator {
    const store = ctx.store;
    const params = this.getParams(store);
    if (input.commissionRate && input.commissionRate.cmp(params.minCommissionRate) < 0) {
      throw E.ErrCommissionLTMinRate.wrap(`cannot set validator commission to less than minimum rate of ${params.minCommissionRate.toString()}`);
    }
    let v = this.mustGetValidator(store, input.operator);
    const keep = (next: string, old: string) => (next === DO_NOT_MODIFY ? old : next);
    const description: Description = {
      moniker: keep(input.description.moniker, v.description.moniker),
      identity: keep(input.description.identity, v.description.identity),
      website: keep(input.description.website, v.description.website),
      securityContact: keep(input.description.securityContact, v.description.securityContact),
      details: keep(input.description.details, v.description.details),
    };
    ensureDescriptionLength(description);
    v = { ...v, description };
    if (input.commissionRate) {
      const c = v.commission;
      const current = decFromWire(c.commissionRates.rate);
      const maxRate = decFromWire(c.commissionRates.maxRate);
      const maxChange = decFromWire(c.commissionRates.maxChangeRate);
      const rate = input.commissionRate;
      if (ctx.blockTimeSeconds - c.updateTime.seconds < DAY_SECONDS) throw E.ErrCommissionUpdateTime.error();
      if (rate.isNegative()) throw E.ErrCommissionNegative.error();
      if (rate.cmp(maxRate) > 0) throw E.ErrCommissionGTMaxRate.error();
      if (rate.sub(current).cmp(maxChange) > 0) throw E.ErrCommissionGTMaxChangeRate.error();
      v = { ...v, commission: { commissionRates: { ...c.commissionRates, rate: decToWire(rate) }, updateTime: timestampOf(ctx.blockTimeSeconds) } };
    }
    if (input.minSelfDelegation !== undefined) {
      if (input.minSelfDelegation <= BigInt(v.minSelfDelegation || "0")) throw E.ErrMinSelfDelegationDecreased.error();
      if (input.minSelfDelegation > tokensOf(v)) throw E.ErrSelfDelegationBelowMinimum.error();
      v = { ...v, minSelfDelegation: input.minSelfDelegation.toString() };
    }
    this.setValidator(store, v);
    ev.emitEditValidator(ctx, decFromWire(v.commission.commissionRates.rate), BigInt(v.minSelfDelegation || "0"));
    return v;
  }

  // ------------------------------------------------------------------ delegations

  /**
   * Delegates `amount` to `validator` (`Keeper.Delegate`). With `subtractAccount` the tokens come
   * from the delegator's account into the pool matching the validator's status; otherwise they
   * are already in the pool of `tokenSrc` (redelegation, cancelled unbonding) and move between
   * pools if the statuses differ. Returns the shares issued.
   */
  delegate(ctx: Context, delegator: string, amount: bigint, tokenSrc: BondStatus, validator: Validator, subtractAccount: boolean): Dec {
    const store = ctx.store;
    if (invalidExRate(validator)) throw E.ErrDelegatorShareExRateInvalid.error();
    const denom = this.getParams(store).bondDenom;
    const existing = this.getDelegation(store, delegator, validator.operatorAddress);
    const bonded = isBonded(validator);
    if (subtractAccount) {
      if (tokenSrc === BondStatus.BOND_STATUS_BONDED) throw new Error("delegation source tokens cannot be bonded when subtracting from an account");
      this.bank.sendCoinsFromAccountToModule(ctx, delegator, bonded ? BONDED_TOKENS_POOL : NOT_BONDED_TOKENS_POOL, [{ denom, amount }]);
    } else {
      const srcBonded = tokenSrc === BondStatus.BOND_STATUS_BONDED;
      if (!srcBonded && bonded) this.notBondedTokensToBonded(ctx, amount);
      else if (srcBonded && !bonded) this.bondedTokensToNotBonded(ctx, amount);
    }
    const { validator: updated, issuedShares } = addTokensFromDel(validator, amount);
    this.setValidator(store, updated);
    const shares = (existing ? decFromWire(existing.shares) : Dec.ZERO).add(issuedShares);
    this.setDelegation(store, { delegatorAddress: delegator, validatorAddress: validator.operatorAddress, shares: decToWire(shares) });
    return issuedShares;
  }

  /**
   * Shares to remove for unbonding `amount` tokens (`ValidateUnbondAmount`): ErrNoValidatorFound,
   * ErrNoDelegation, or ErrInvalidRequest when the delegation is too small; capped at the
   * delegation's shares so a full withdrawal is always possible.
   */
  validateUnbondAmount(store: KVStore, delegator: string, operator: string, amount: bigint): Dec {
    const v = this.mustGetValidator(store, operator);
    const d = this.getDelegation(store, delegator, operator);
    if (!d) throw E.ErrNoDelegation.error();
    const shares = sharesFromTokens(v, amount);
    const truncated = sharesFromTokensTruncated(v, amount);
    const delShares = decFromWire(d.shares);
    if (truncated.cmp(delShares) > 0) throw ErrInvalidRequest.wrap("invalid shares amount");
    return shares.cmp(delShares) > 0 ? delShares : shares;
  }

  /**
   * Removes `shares` from a delegation and their tokens from the validator (`Keeper.Unbond`);
   * the tokens stay in the validator's pool for the caller to move. Jails the validator when its
   * operator's self-delegation falls below the minimum; removes an Unbonded validator left with
   * no shares. Returns the tokens removed.
   */
  unbond(ctx: Context, delegator: string, operator: string, shares: Dec): bigint {
    const store = ctx.store;
    const d = this.getDelegation(store, delegator, operator);
    if (!d) throw E.ErrNoDelegatorForAddress.error();
    const delShares = decFromWire(d.shares);
    if (delShares.cmp(shares) < 0) throw E.ErrNotEnoughDelegationShares.wrap(delShares.toString());
    let v = this.mustGetValidator(store, operator);
    const remaining = delShares.sub(shares);
    const isOperator = bytesEqual(k.accBytes(delegator), k.valBytes(operator));
    if (isOperator && !v.jailed && tokensFromShares(v, remaining).truncate() < BigInt(v.minSelfDelegation || "0")) {
      v = { ...v, jailed: true };
      this.setValidator(store, v);
    }
    if (remaining.isZero()) this.removeDelegation(store, d);
    else this.setDelegation(store, { ...d, shares: decToWire(remaining) });
    const { validator: updated, issuedTokens } = removeDelShares(v, shares);
    this.setValidator(store, updated);
    if (sharesOf(updated).isZero() && updated.status === BondStatus.BOND_STATUS_UNBONDED) this.removeValidator(store, updated);
    return issuedTokens;
  }

  /**
   * MsgUndelegate (`Keeper.Undelegate`): unbonds the shares, moves bonded tokens to the
   * not-bonded pool and adds an unbonding entry maturing after `unbonding_time`.
   */
  undelegate(ctx: Context, delegator: string, operator: string, shares: Dec): { completionSeconds: bigint; amount: bigint } {
    const store = ctx.store;
    const v = this.mustGetValidator(store, operator);
    const params = this.getParams(store);
    const existing = this.getUnbondingDelegation(store, delegator, operator);
    if (existing && existing.entries.length >= params.maxEntries) throw E.ErrMaxUnbondingDelegationEntries.error();
    const amount = this.unbond(ctx, delegator, operator, shares);
    if (isBonded(v)) this.bondedTokensToNotBonded(ctx, amount);
    const completionSeconds = ctx.blockTimeSeconds + params.unbondingTimeSeconds;
    this.addUnbondingEntry(store, delegator, operator, ctx.height, completionSeconds, amount);
    this.insertUbdQueue(store, completionSeconds, k.accBytes(delegator), k.valBytes(operator));
    return { completionSeconds, amount };
  }

  /** Adds an entry, merging with one of the same creation height and completion time (`AddEntry`). */
  private addUnbondingEntry(store: KVStore, delegator: string, operator: string, height: bigint, completionSeconds: bigint, balance: bigint): void {
    const id = this.nextUnbondingId(store);
    const ubd = this.getUnbondingDelegation(store, delegator, operator) ?? { delegatorAddress: delegator, validatorAddress: operator, entries: [] };
    const i = ubd.entries.findIndex((e) => e.creationHeight === height && e.completionTime.seconds === completionSeconds && e.completionTime.nanos === 0);
    const entries = [...ubd.entries];
    if (i >= 0) {
      const e = entries[i]!;
      entries[i] = { ...e, balance: (BigInt(e.balance) + balance).toString(), initialBalance: (BigInt(e.initialBalance) + balance).toString() };
    } else {
      entries.push({ creationHeight: height, completionTime: timestampOf(completionSeconds), initialBalance: balance.toString(), balance: balance.toString(), unbondingId: id, unbondingOnHoldRefCount: 0n });
    }
    this.setUnbondingDelegation(store, { ...ubd, entries });
  }

  /**
   * MsgBeginRedelegate (`Keeper.BeginRedelegation`): moves shares' tokens from `src` to `dst`
   * at once; the redelegation record (which blocks a transitive hop from `dst` and counts
   * entries) matures like an unbonding. Returns the completion time, seconds.
   */
  beginRedelegation(ctx: Context, delegator: string, src: string, dst: string, shares: Dec): bigint {
    const store = ctx.store;
    if (src === dst) throw E.ErrSelfRedelegation.error();
    const dstValidator = this.getValidator(store, dst);
    if (!dstValidator) throw E.ErrBadRedelegationDst.error();
    const srcValidator = this.getValidator(store, src);
    if (!srcValidator) throw E.ErrNoValidatorFound.wrap(`redelegation source validator ${src} not found`);
    const del = k.accBytes(delegator);
    if (this.hasReceivingRedelegation(store, del, k.valBytes(src))) throw E.ErrTransitiveRedelegation.error();
    const params = this.getParams(store);
    const existing = this.getRedelegation(store, delegator, src, dst);
    if (existing && existing.entries.length >= params.maxEntries) throw E.ErrMaxRedelegationEntries.error();
    const amount = this.unbond(ctx, delegator, src, shares);
    if (amount === 0n) throw E.ErrTinyRedelegationAmount.error();
    const sharesCreated = this.delegate(ctx, delegator, amount, srcValidator.status, this.mustGetValidator(store, dst), false);
    let completionSeconds: bigint;
    let height: bigint;
    switch (srcValidator.status) {
      case BondStatus.BOND_STATUS_BONDED:
        completionSeconds = ctx.blockTimeSeconds + params.unbondingTimeSeconds;
        height = ctx.height;
        break;
      case BondStatus.BOND_STATUS_UNBONDING:
        completionSeconds = srcValidator.unbondingTime.seconds;
        height = srcValidator.unbondingHeight;
        break;
      default:
        // An Unbonded source: nothing to wait for, no record.
        return ctx.blockTimeSeconds;
    }
    const id = this.nextUnbondingId(store);
    const red = existing ?? { delegatorAddress: delegator, validatorSrcAddress: src, validatorDstAddress: dst, entries: [] };
    this.setRedelegation(store, {
      ...red,
      entries: [
        ...red.entries,
        { creationHeight: height, completionTime: timestampOf(completionSeconds), initialBalance: amount.toString(), sharesDst: decToWire(sharesCreated), unbondingId: id, unbondingOnHoldRefCount: 0n },
      ],
    });
    this.insertRedelegationQueue(store, completionSeconds, del, k.valBytes(src), k.valBytes(dst));
    return completionSeconds;
  }

  /**
   * MsgCancelUnbondingDelegation: delegates back (part of) the unbonding entry created at
   * `creationHeight`, before it matures.
   */
  cancelUnbondingDelegation(ctx: Context, delegator: string, operator: string, amount: bigint, creationHeight: bigint): void {
    const store = ctx.store;
    const v = this.mustGetValidator(store, operator);
    if (invalidExRate(v)) throw E.ErrDelegatorShareExRateInvalid.error();
    if (v.jailed) throw E.ErrValidatorJailed.error();
    const ubd = this.getUnbondingDelegation(store, delegator, operator);
    if (!ubd) throw E.ErrNoUnbondingDelegation.wrap(`unbonding delegation with delegator ${delegator} not found for validator ${operator}`);
    const i = ubd.entries.findIndex((e) => e.creationHeight === creationHeight);
    if (i < 0) throw ErrNotFound.wrap(`unbonding delegation entry is not found at block height ${creationHeight}`);
    const entry = ubd.entries[i]!;
    const balance = BigInt(entry.balance);
    if (balance < amount) throw ErrInvalidRequest.wrap("amount is greater than the unbonding delegation entry balance");
    if (entry.completionTime.seconds < ctx.blockTimeSeconds) throw ErrInvalidRequest.wrap("unbonding delegation is already processed");
    this.delegate(ctx, delegator, amount, BondStatus.BOND_STATUS_UNBONDING, v, false);
    const entries = [...ubd.entries];
    if (balance === amount) entries.splice(i, 1);
    else entries[i] = { ...entry, balance: (balance - amount).toString(), initialBalance: (BigInt(entry.initialBalance) - amount).toString() };
    if (entries.length === 0) this.removeUnbondingDelegation(store, ubd);
    else this.setUnbondingDelegation(store, { ...ubd, entries });
  }

  // ------------------------------------------------------------------ end block

  /**
   * The module's EndBlock, in the SDK's order: the new bonded set and CometBFT's updates, then
   * unbonding validators, unbonding delegations and redelegations that have matured.
   */
  endBlock(ctx: Context): ValidatorUpdate[] {
    const updates = this.applyAndReturnValidatorSetUpdates(ctx);
    this.unbondAllMatureValidators(ctx);
    const denom = this.getParams(ctx.store).bondDenom;
    for (const { delegator, validator } of this.dequeueMatureUbds(ctx.store, ctx.blockTimeSeconds)) {
      const amount = this.completeUnbonding(ctx, delegator, validator);
      if (amount !== undefined) ev.emitCompleteUnbonding(ctx, { denom, amount }, k.valoperOf(validator), k.accountOf(delegator));
    }
    for (const { delegator, src, dst } of this.dequeueMatureRedelegations(ctx.store, ctx.blockTimeSeconds)) {
      const amount = this.completeRedelegation(ctx, delegator, src, dst);
      if (amount !== undefined) ev.emitCompleteRedelegation(ctx, { denom, amount }, k.accountOf(delegator), k.valoperOf(src), k.valoperOf(dst));
    }
    return updates;
  }

  /**
   * The bonded set and the changes CometBFT must hear of (`ApplyAndReturnValidatorSetUpdates`):
   * the top `max_validators` by power (ties: lower operator address first), jailed and
   * zero-power validators excluded. Validators entering the set are Bonded and their tokens
   * move to the bonded pool; those leaving start unbonding and their tokens move out. Updates
   * carry only changed powers, and power 0 for a validator CometBFT must drop.
   *
   * The computation is idempotent (run again on its own result it changes nothing and returns no
   * update) and reads only validators, params and last powers, so it is skipped while none of
   * those was written since it last ran (`bondedSetStale`): most blocks have no staking tx.
   */
  applyAndReturnValidatorSetUpdates(ctx: Context): ValidatorUpdate[] {
    if (!this.bondedSetStale) return [];
    const store = ctx.store;
    const params = this.getParams(store);
    const last = new Map<string, { operator: Uint8Array; power: bigint }>();
    for (const lp of this.iterateLastValidatorPowers(store)) last.set(toHex(lp.operator), { operator: new Uint8Array(lp.operator), power: lp.power });

    const candidates: { validator: Validator; operator: Uint8Array; power: bigint }[] = [];
    const wasBonded: { validator: Validator; operator: Uint8Array }[] = [];
    for (const { value: validator } of this.iterateValidators(store)) {
      const operator = k.valBytes(validator.operatorAddress);
      const power = potentialPower(validator);
      if (!validator.jailed && power > 0n) candidates.push({ validator, operator, power });
      if (isBonded(validator)) wasBonded.push({ validator, operator });
    }
    candidates.sort((a, b) => (a.power > b.power ? -1 : a.power < b.power ? 1 : compareBytes(a.operator, b.operator)));
    const next = candidates.slice(0, params.maxValidators);
    const inNext = new Set(next.map((c) => toHex(c.operator)));

    const updates: ValidatorUpdate[] = [];
    let toBonded = 0n;
    let toNotBonded = 0n;
    let totalPower = 0n;
    for (const c of next) {
      let v = c.validator;
      if (!isBonded(v)) {
        v = this.bondValidator(store, v);
        toBonded += tokensOf(v);
      }
      const id = toHex(c.operator);
      const old = last.get(id);
      if (old === undefined || old.power !== c.power) {
        updates.push(abciUpdate(v, c.power));
        this.setLastValidatorPower(store, c.operator, c.power);
      }
      last.delete(id);
      totalPower += c.power;
    }
    // Bonded validators that left the set start unbonding (wasBonded is in operator-byte order).
    for (const { validator, operator } of wasBonded) {
      if (inNext.has(toHex(operator))) continue;
      const v = this.beginUnbondingValidator(ctx, validator);
      toNotBonded += tokensOf(v);
    }
    // CometBFT drops whatever it had that is not in the new set, in operator-byte order.
    for (const { operator } of [...last.values()].sort((a, b) => compareBytes(a.operator, b.operator))) {
      const v = this.getValidatorByBytes(store, operator);
      if (!v) throw new Error(`staking: last validator power of a validator that does not exist (${k.valoperOf(operator)})`);
      this.deleteLastValidatorPower(store, operator);
      updates.push(abciUpdate(v, 0n));
    }
    if (toBonded > toNotBonded) this.notBondedTokensToBonded(ctx, toBonded - toNotBonded);
    else if (toNotBonded > toBonded) this.bondedTokensToNotBonded(ctx, toNotBonded - toBonded);
    if (updates.length > 0) this.setLastTotalPower(store, totalPower);
    this.bondedSetStale = false;
    return updates;
  }

  /** Unbonding validators whose time and height have come become Unbonded; empty ones are removed. */
  unbondAllMatureValidators(ctx: Context): void {
    const store = ctx.store;
    for (const operator of this.dequeueMatureValidators(store, ctx.blockTimeSeconds, ctx.height)) {
      const v = this.getValidatorByBytes(store, operator);
      if (!v) throw new Error(`staking: validator queue names a validator that does not exist (${k.valoperOf(operator)})`);
      if (v.status !== BondStatus.BOND_STATUS_UNBONDING) throw new Error(`staking: unexpected validator in unbonding queue; status was ${v.status}`);
      const unbonded: Validator = { ...v, status: BondStatus.BOND_STATUS_UNBONDED };
      if (sharesOf(unbonded).isZero()) this.removeValidator(store, unbonded);
      else this.setValidator(store, { ...unbonded, unbondingIds: [] });
    }
  }

  /** Pays out the mature entries of one unbonding delegation; undefined when there is none (`CompleteUnbonding`). */
  completeUnbonding(ctx: Context, delegator: Uint8Array, operator: Uint8Array): bigint | undefined {
    const store = ctx.store;
    const ubd = this.getUnbondingDelegationByBytes(store, delegator, operator);
    if (!ubd) return undefined;
    const denom = this.getParams(store).bondDenom;
    let paid = 0n;
    const kept = [];
    for (const e of ubd.entries) {
      if (!isMature(e, ctx.blockTimeSeconds) || e.unbondingOnHoldRefCount > 0n) {
        kept.push(e);
        continue;
      }
      const balance = BigInt(e.balance);
      if (balance > 0n) {
        this.bank.sendCoinsFromModuleToAccount(ctx, NOT_BONDED_TOKENS_POOL, ubd.delegatorAddress, [{ denom, amount: balance }]);
        paid += balance;
      }
    }
    if (kept.length === 0) this.removeUnbondingDelegation(store, ubd);
    else this.setUnbondingDelegation(store, { ...ubd, entries: kept });
    return paid;
  }

  /** Drops the mature entries of one redelegation; returns their initial balance (`CompleteRedelegation`). */
  completeRedelegation(ctx: Context, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): bigint | undefined {
    const store = ctx.store;
    const red = this.getRedelegationByBytes(store, delegator, src, dst);
    if (!red) return undefined;
    let total = 0n;
    const kept = [];
    for (const e of red.entries) {
      if (!isMature(e, ctx.blockTimeSeconds) || e.unbondingOnHoldRefCount > 0n) kept.push(e);
      else total += BigInt(e.initialBalance);
    }
    if (kept.length === 0) this.removeRedelegation(store, red);
    else this.setRedelegation(store, { ...red, entries: kept });
    return total;
  }

  // ------------------------------------------------------------------ status transitions and pools

  private bondValidator(store: KVStore, v: Validator): Validator {
    if (v.status === BondStatus.BOND_STATUS_UNBONDING) this.deleteValidatorQueue(store, v.unbondingTime.seconds, v.unbondingHeight, k.valBytes(v.operatorAddress));
    const bonded: Validator = { ...v, status: BondStatus.BOND_STATUS_BONDED };
    this.setValidator(store, bonded);
    return bonded;
  }

  private beginUnbondingValidator(ctx: Context, v: Validator): Validator {
    if (v.status !== BondStatus.BOND_STATUS_BONDED) throw new Error(`staking: should not already be unbonded or unbonding, validator: ${v.operatorAddress}`);
    const params = this.getParams(ctx.store);
    const id = this.nextUnbondingId(ctx.store);
    const unbonding: Validator = {
      ...v,
      status: BondStatus.BOND_STATUS_UNBONDING,
      unbondingTime: timestampOf(ctx.blockTimeSeconds + params.unbondingTimeSeconds),
      unbondingHeight: ctx.height,
      unbondingIds: [...v.unbondingIds, id],
    };
    this.setValidator(ctx.store, unbonding);
    this.insertValidatorQueue(ctx.store, unbonding.unbondingTime.seconds, unbonding.unbondingHeight, k.valBytes(v.operatorAddress));
    return unbonding;
  }

  /** Deletes an Unbonded validator with no tokens left, and its consensus-address index. */
  private removeValidator(store: KVStore, v: Validator): void {
    if (v.status !== BondStatus.BOND_STATUS_UNBONDED) throw E.ErrBadRemoveValidator.wrap("cannot call RemoveValidator on bonded or unbonding validators");
    if (tokensOf(v) !== 0n) throw E.ErrBadRemoveValidator.wrap("attempting to remove a validator which still contains tokens");
    const operator = k.valBytes(v.operatorAddress);
    this.deleteValidatorRecord(store, operator);
    if (v.consensusPubkey) this.deleteOperatorByConsAddr(store, consensusAddress(Ed25519PubKey.decode(v.consensusPubkey.value).key));
  }

  private bondedTokensToNotBonded(ctx: Context, amount: bigint): void {
    if (amount > 0n) this.bank.sendCoinsFromModuleToModule(ctx, BONDED_TOKENS_POOL, NOT_BONDED_TOKENS_POOL, [{ denom: this.getParams(ctx.store).bondDenom, amount }]);
  }

  private notBondedTokensToBonded(ctx: Context, amount: bigint): void {
    if (amount > 0n) this.bank.sendCoinsFromModuleToModule(ctx, NOT_BONDED_TOKENS_POOL, BONDED_TOKENS_POOL, [{ denom: this.getParams(ctx.store).bondDenom, amount }]);
  }
}
