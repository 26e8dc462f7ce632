import { Params } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { Delegation, Redelegation, UnbondingDelegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { KVStore } from "../../store/kv-store";
import { concatBytes, prefixEnd, toHex } from "../../store/bytes";
import { PrefixStore } from "../../store/prefix-store";
import { decodeInt, encodeInt, u64be } from "../../types/store-codec";
import * as k from "./keys";
import { DEFAULT_STAKING_PARAMS, stakingParamsFromProto, stakingParamsToProto, type StakingParams } from "./params";

/** Decoded params by the identity of their stored bytes (as the other modules memoise theirs). */
const paramsMemo = new WeakMap<Uint8Array, StakingParams>();
const ONE = Uint8Array.of(1);

/** An entry of a scan: the key after the scanned prefix, and the (decoded) value. */
export interface ScanEntry<T = Uint8Array> {
  readonly suffix: Uint8Array;
  readonly value: T;
}

/** Where a scan starts: after `from` (inclusive) in key order, or before it going down. */
export interface ScanOptions {
  readonly from?: Uint8Array;
  readonly reverse?: boolean;
}

/** A (delegator, validator) pair out of the unbonding queue. */
export interface DVPair {
  readonly delegator: Uint8Array;
  readonly validator: Uint8Array;
}

/** A (delegator, source, destination) triple out of the redelegation queue. */
export interface DVVTriple {
  readonly delegator: Uint8Array;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

/** A record stored under (delegator, validator): a delegation or an unbonding delegation. */
interface PairRecord {
  readonly delegatorAddress: string;
  readonly validatorAddress: string;
}

/** Where one kind of {@link PairRecord} lives: its prefix, its (validator, delegator) index's prefix, its codec. */
interface PairKind<T extends PairRecord> {
  readonly name: string;
  readonly prefix: number;
  readonly byValPrefix: number;
  readonly codec: { encode(m: T): { finish(): Uint8Array }; decode(bytes: Uint8Array): T };
}

const DELEGATIONS: PairKind<Delegation> = { name: "delegation", prefix: k.DELEGATION_PREFIX, byValPrefix: k.DELEGATION_BY_VAL_PREFIX, codec: Delegation };
const UNBONDING_DELEGATIONS: PairKind<UnbondingDelegation> = {
  name: "unbonding delegation",
  prefix: k.UNBONDING_DELEGATION_PREFIX,
  byValPrefix: k.UNBONDING_DELEGATION_BY_VAL_PREFIX,
  codec: UnbondingDelegation,
};

/**
 * Typed access to the staking store: one getter/setter per key of `keys.ts` (indexes kept with
 * their records), and the flag saying whether the bonded set needs recomputing. The keeper builds
 * the module's rules on top of it. Addresses are raw bytes here; the keeper speaks bech32.
 */
export class StakingStore {
  /**
   * Whether the bonded set may differ from the one EndBlock last computed: every write that can
   * change it (a validator record, the params, a last power) sets this, and only a completed
   * computation clears it (`StakingKeeper.applyAndReturnValidatorSetUpdates`, which skips the
   * work while it is false). In memory and conservative: true at start-up, and set by writes on
   * any branch (CheckTx, a simulation, a tx that then fails), which can only cost a recomputation.
   */
  protected bondedSetStale = true;

  protected view(store: KVStore): PrefixStore {
    return new PrefixStore(store, k.STORE_PREFIX);
  }

  /** Entries under `prefix`, in key order (or reversed), optionally from a key suffix on. */
  *scan(store: KVStore, prefix: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry> {
    const end = prefixEnd(prefix);
    const from = opts.from && opts.from.length > 0 ? concatBytes(prefix, opts.from) : undefined;
    const range = opts.reverse
      ? { start: prefix, ...(from ? { end: concatBytes(from, Uint8Array.of(0)) } : end ? { end } : {}), reverse: true }
      : { start: from ?? prefix, ...(end ? { end } : {}) };
    for (const [key, value] of this.view(store).iterate(range)) yield { suffix: key.subarray(prefix.length), value };
  }

  // ------------------------------------------------------------------ params

  getParams(store: KVStore): StakingParams {
    const raw = this.view(store).get(k.PARAMS_KEY);
    if (!raw) return DEFAULT_STAKING_PARAMS;
    let params = paramsMemo.get(raw);
    if (!params) {
      params = stakingParamsFromProto(Params.decode(raw));
      paramsMemo.set(raw, params);
    }
    return params;
  }

  setParams(store: KVStore, p: StakingParams): void {
    this.bondedSetStale = true;
    this.view(store).set(k.PARAMS_KEY, Params.encode(stakingParamsToProto(p)).finish());
  }

  // ------------------------------------------------------------------ validators

  getValidatorByBytes(store: KVStore, operator: Uint8Array): Validator | undefined {
    const raw = this.view(store).get(k.validatorKey(operator));
    return raw ? Validator.decode(raw) : undefined;
  }

  setValidator(store: KVStore, v: Validator): void {
    this.bondedSetStale = true;
    this.view(store).set(k.validatorKey(k.valBytes(v.operatorAddress)), Validator.encode(v).finish());
  }

  deleteValidatorRecord(store: KVStore, operator: Uint8Array): void {
    this.bondedSetStale = true;
    this.view(store).delete(k.validatorKey(operator));
  }

  /** Validators in operator-byte order (the SDK's ValidatorsKey order). */
  *iterateValidators(store: KVStore, opts: ScanOptions = {}): IterableIterator<ScanEntry<Validator>> {
    for (const e of this.scan(store, Uint8Array.of(k.VALIDATORS_PREFIX), opts)) yield { suffix: e.suffix, value: Validator.decode(e.value) };
  }

  getOperatorByConsAddr(store: KVStore, consAddr: Uint8Array): Uint8Array | undefined {
    return this.view(store).get(k.consAddrKey(consAddr));
  }

  setOperatorByConsAddr(store: KVStore, consAddr: Uint8Array, operator: Uint8Array): void {
    this.view(store).set(k.consAddrKey(consAddr), operator);
  }

  deleteOperatorByConsAddr(store: KVStore, consAddr: Uint8Array): void {
    this.view(store).delete(k.consAddrKey(consAddr));
  }

  // ------------------------------------------------------------------ last powers

  getLastValidatorPower(store: KVStore, operator: Uint8Array): bigint | undefined {
    const raw = this.view(store).get(k.lastPowerKey(operator));
    return raw ? decodeInt(raw) : undefined;
  }

  setLastValidatorPower(store: KVStore, operator: Uint8Array, power: bigint): void {
    this.bondedSetStale = true;
    this.view(store).set(k.lastPowerKey(operator), encodeInt(power));
  }

  deleteLastValidatorPower(store: KVStore, operator: Uint8Array): void {
    this.bondedSetStale = true;
    this.view(store).delete(k.lastPowerKey(operator));
  }

  /** The powers CometBFT last heard of, in operator-byte order. */
  *iterateLastValidatorPowers(store: KVStore): IterableIterator<{ operator: Uint8Array; power: bigint }> {
    for (const e of this.scan(store, Uint8Array.of(k.LAST_VALIDATOR_POWER_PREFIX))) {
      yield { operator: k.readLengthPrefixed(e.suffix, 0).bytes, power: decodeInt(e.value) };
    }
  }

  getLastTotalPower(store: KVStore): bigint {
    const raw = this.view(store).get(k.LAST_TOTAL_POWER_KEY);
    return raw ? decodeInt(raw) : 0n;
  }

  setLastTotalPower(store: KVStore, power: bigint): void {
    this.view(store).set(k.LAST_TOTAL_POWER_KEY, encodeInt(power));
  }

  // ------------------------------------------------------------------ delegations

  getDelegationByBytes(store: KVStore, delegator: Uint8Array, operator: Uint8Array): Delegation | undefined {
    return this.pairGet(store, DELEGATIONS, delegator, operator);
  }

  setDelegation(store: KVStore, d: Delegation): void {
    this.pairSet(store, DELEGATIONS, d);
  }

  removeDelegation(store: KVStore, d: Delegation): void {
    this.pairRemove(store, DELEGATIONS, d);
  }

  /** A delegator's delegations in validator-byte order. */
  iterateDelegatorDelegations(store: KVStore, delegator: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<Delegation>> {
    return this.pairsOfDelegator(store, DELEGATIONS, delegator, opts);
  }

  /** A validator's delegations in delegator-byte order (through the by-validator index). */
  iterateValidatorDelegations(store: KVStore, operator: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<Delegation>> {
    return this.pairsOfValidator(store, DELEGATIONS, operator, opts);
  }

  /** Every delegation in (delegator, validator) byte order. */
  iterateAllDelegations(store: KVStore): IterableIterator<Delegation> {
    return this.allPairs(store, DELEGATIONS);
  }

  // ------------------------------------------------------------------ unbonding delegations

  getUnbondingDelegationByBytes(store: KVStore, delegator: Uint8Array, operator: Uint8Array): UnbondingDelegation | undefined {
    return this.pairGet(store, UNBONDING_DELEGATIONS, delegator, operator);
  }

  setUnbondingDelegation(store: KVStore, u: UnbondingDelegation): void {
    this.pairSet(store, UNBONDING_DELEGATIONS, u);
  }

  removeUnbondingDelegation(store: KVStore, u: UnbondingDelegation): void {
    this.pairRemove(store, UNBONDING_DELEGATIONS, u);
  }

  iterateDelegatorUnbondingDelegations(store: KVStore, delegator: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<UnbondingDelegation>> {
    return this.pairsOfDelegator(store, UNBONDING_DELEGATIONS, delegator, opts);
  }

  iterateValidatorUnbondingDelegations(store: KVStore, operator: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<UnbondingDelegation>> {
    return this.pairsOfValidator(store, UNBONDING_DELEGATIONS, operator, opts);
  }

  iterateAllUnbondingDelegations(store: KVStore): IterableIterator<UnbondingDelegation> {
    return this.allPairs(store, UNBONDING_DELEGATIONS);
  }

  // ------------------------------------------------------------------ (delegator, validator) records

  private pairGet<T extends PairRecord>(store: KVStore, kind: PairKind<T>, delegator: Uint8Array, operator: Uint8Array): T | undefined {
    const raw = this.view(store).get(k.key(kind.prefix, delegator, operator));
    return raw ? kind.codec.decode(raw) : undefined;
  }

  private pairSet<T extends PairRecord>(store: KVStore, kind: PairKind<T>, r: T): void {
    const del = k.accBytes(r.delegatorAddress);
    const val = k.valBytes(r.validatorAddress);
    this.view(store).set(k.key(kind.prefix, del, val), kind.codec.encode(r).finish());
    this.view(store).set(k.key(kind.byValPrefix, val, del), ONE);
  }

  private pairRemove<T extends PairRecord>(store: KVStore, kind: PairKind<T>, r: T): void {
    const del = k.accBytes(r.delegatorAddress);
    const val = k.valBytes(r.validatorAddress);
    this.view(store).delete(k.key(kind.prefix, del, val));
    this.view(store).delete(k.key(kind.byValPrefix, val, del));
  }

  private *pairsOfDelegator<T extends PairRecord>(store: KVStore, kind: PairKind<T>, delegator: Uint8Array, opts: ScanOptions): IterableIterator<ScanEntry<T>> {
    for (const e of this.scan(store, k.key(kind.prefix, delegator), opts)) yield { suffix: e.suffix, value: kind.codec.decode(e.value) };
  }

  private *pairsOfValidator<T extends PairRecord>(store: KVStore, kind: PairKind<T>, operator: Uint8Array, opts: ScanOptions): IterableIterator<ScanEntry<T>> {
    for (const e of this.scan(store, k.key(kind.byValPrefix, operator), opts)) {
      const delegator = k.readLengthPrefixed(e.suffix, 0).bytes;
      const r = this.pairGet(store, kind, delegator, operator);
      if (!r) throw new Error(`staking: ${kind.name} index points at a missing ${kind.name}`);
      yield { suffix: e.suffix, value: r };
    }
  }

  private *allPairs<T extends PairRecord>(store: KVStore, kind: PairKind<T>): IterableIterator<T> {
    for (const e of this.scan(store, Uint8Array.of(kind.prefix))) yield kind.codec.decode(e.value);
  }

  // ------------------------------------------------------------------ redelegations

  getRedelegationByBytes(store: KVStore, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): Redelegation | undefined {
    const raw = this.view(store).get(k.redKey(delegator, src, dst));
    return raw ? Redelegation.decode(raw) : undefined;
  }

  setRedelegation(store: KVStore, r: Redelegation): void {
    const del = k.accBytes(r.delegatorAddress);
    const src = k.valBytes(r.validatorSrcAddress);
    const dst = k.valBytes(r.validatorDstAddress);
    this.view(store).set(k.redKey(del, src, dst), Redelegation.encode(r).finish());
    this.view(store).set(k.redBySrcKey(src, del, dst), ONE);
    this.view(store).set(k.redByDstKey(dst, del, src), ONE);
  }

  removeRedelegation(store: KVStore, r: Redelegation): void {
    const del = k.accBytes(r.delegatorAddress);
    const src = k.valBytes(r.validatorSrcAddress);
    const dst = k.valBytes(r.validatorDstAddress);
    this.view(store).delete(k.redKey(del, src, dst));
    this.view(store).delete(k.redBySrcKey(src, del, dst));
    this.view(store).delete(k.redByDstKey(dst, del, src));
  }

  *iterateDelegatorRedelegations(store: KVStore, delegator: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<Redelegation>> {
    for (const e of this.scan(store, k.key(k.REDELEGATION_PREFIX, delegator), opts)) yield { suffix: e.suffix, value: Redelegation.decode(e.value) };
  }

  /** Redelegations out of `src`, in (delegator, destination) order. */
  *iterateRedelegationsFromSrc(store: KVStore, src: Uint8Array, opts: ScanOptions = {}): IterableIterator<ScanEntry<Redelegation>> {
    for (const e of this.scan(store, k.key(k.REDELEGATION_BY_SRC_PREFIX, src), opts)) {
      const { bytes: del, next } = k.readLengthPrefixed(e.suffix, 0);
      const dst = k.readLengthPrefixed(e.suffix, next).bytes;
      const r = this.getRedelegationByBytes(store, del, src, dst);
      if (!r) throw new Error("staking: redelegation index points at a missing redelegation");
      yield { suffix: e.suffix, value: r };
    }
  }

  /** True when the delegator has a redelegation still maturing into `dst`. */
  hasReceivingRedelegation(store: KVStore, delegator: Uint8Array, dst: Uint8Array): boolean {
    for (const _ of this.scan(store, k.key(k.REDELEGATION_BY_DST_PREFIX, dst, delegator))) return true;
    return false;
  }

  *iterateAllRedelegations(store: KVStore): IterableIterator<Redelegation> {
    for (const e of this.scan(store, Uint8Array.of(k.REDELEGATION_PREFIX))) yield Redelegation.decode(e.value);
  }

  // ------------------------------------------------------------------ unbonding ids

  /** The next unbonding id (1, 2, ...), as the SDK's IncrementUnbondingID. */
  nextUnbondingId(store: KVStore): bigint {
    const raw = this.view(store).get(k.UNBONDING_ID_KEY);
    const id = (raw ? decodeInt(raw) : 0n) + 1n;
    this.view(store).set(k.UNBONDING_ID_KEY, encodeInt(id));
    return id;
  }

  /** Raises the unbonding id counter to at least `id` (genesis import). */
  ensureUnbondingIdAtLeast(store: KVStore, id: bigint): void {
    const raw = this.view(store).get(k.UNBONDING_ID_KEY);
    if ((raw ? decodeInt(raw) : 0n) < id) this.view(store).set(k.UNBONDING_ID_KEY, encodeInt(id));
  }

  // ------------------------------------------------------------------ queues

  insertUbdQueue(store: KVStore, completionSeconds: bigint, delegator: Uint8Array, operator: Uint8Array): void {
    this.view(store).set(k.ubdQueueKey(completionSeconds, delegator, operator), ONE);
  }

  /** Takes every (delegator, validator) due at or before `nowSeconds` out of the queue, in time order, once each. */
  dequeueMatureUbds(store: KVStore, nowSeconds: bigint): DVPair[] {
    return this.takeDueOnce(store, k.UNBONDING_QUEUE_PREFIX, nowSeconds).map(([delegator, validator]) => ({ delegator: delegator!, validator: validator! }));
  }

  insertRedelegationQueue(store: KVStore, completionSeconds: bigint, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): void {
    this.view(store).set(k.redQueueKey(completionSeconds, delegator, src, dst), ONE);
  }

  /** Takes every (delegator, source, destination) due at or before `nowSeconds` out of the queue, in time order, once each. */
  dequeueMatureRedelegations(store: KVStore, nowSeconds: bigint): DVVTriple[] {
    return this.takeDueOnce(store, k.REDELEGATION_QUEUE_PREFIX, nowSeconds).map(([delegator, src, dst]) => ({ delegator: delegator!, src: src!, dst: dst! }));
  }

  insertValidatorQueue(store: KVStore, unbondingSeconds: bigint, unbondingHeight: bigint, operator: Uint8Array): void {
    this.view(store).set(k.validatorQueueKey(unbondingSeconds, unbondingHeight, operator), ONE);
  }

  deleteValidatorQueue(store: KVStore, unbondingSeconds: bigint, unbondingHeight: bigint, operator: Uint8Array): void {
    this.view(store).delete(k.validatorQueueKey(unbondingSeconds, unbondingHeight, operator));
  }

  /** Takes out the validators whose unbonding time is at or before `nowSeconds` and height at or before `height`. */
  dequeueMatureValidators(store: KVStore, nowSeconds: bigint, height: bigint): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const key of this.takeDue(store, k.VALIDATOR_QUEUE_PREFIX, nowSeconds, (parsed) => parsed.numbers[1]! <= height, 16)) {
      out.push(k.parseKey(key, 16).addresses[0]!);
    }
    return out;
  }

  /** As {@link takeDue} for a queue keyed `time | addresses`: the addresses of each due key, each tuple once (first in time). */
  private takeDueOnce(store: KVStore, prefix: number, nowSeconds: bigint): Uint8Array[][] {
    const out: Uint8Array[][] = [];
    const seen = new Set<string>();
    for (const key of this.takeDue(store, prefix, nowSeconds)) {
      const id = toHex(key.subarray(9));
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(k.parseKey(key, 8).addresses);
    }
    return out;
  }

  /** Deletes and returns the queue keys of `prefix` with time <= `nowSeconds` (and `also`), in key order. */
  private takeDue(store: KVStore, prefix: number, nowSeconds: bigint, also?: (parsed: ReturnType<typeof k.parseKey>) => boolean, fixed = 8): Uint8Array[] {
    const view = this.view(store);
    const start = Uint8Array.of(prefix);
    const end = concatBytes(start, u64be(nowSeconds + 1n));
    const keys: Uint8Array[] = [];
    for (const [key] of view.iterate({ start, end })) {
      if (also && !also(k.parseKey(key, fixed))) continue;
      keys.push(new Uint8Array(key));
    }
    for (const key of keys) view.delete(key);
    return keys;
  }
}
