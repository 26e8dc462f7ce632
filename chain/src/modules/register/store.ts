import { stratos } from "@stratos/proto";
import type { KVStore } from "../../store/kv-store";
import { concatBytes, prefixEnd } from "../../store/bytes";
import { PrefixStore } from "../../store/prefix-store";
import { encodeAccAddress } from "../../types/address";
import { Dec } from "../../types/dec";
import { decodeInt, encodeInt, u64be } from "../../types/store-codec";
import { DEFAULT_DEPOSIT_NOZ_RATE } from "../../economics/ozone";
import * as k from "./keys";
import { DEFAULT_REGISTER_PARAMS, registerParamsFromProto, registerParamsToProto, type RegisterParams } from "./params";

type ResourceNode = stratos.register.v1.ResourceNode;
type MetaNode = stratos.register.v1.MetaNode;
type UnbondingNode = stratos.register.v1.UnbondingNode;
type RegVotePool = stratos.register.v1.MetaNodeRegistrationVotePool;
type KickVotePool = stratos.register.v1.KickMetaNodeVotePool;
const P = stratos.register.v1;

/**
 * Decoded params by the identity of their stored bytes (as auth, bank and pot memoise theirs):
 * one handler reads them several times (bond denom, the Pt pool, unbonding times).
 */
const paramsMemo = new WeakMap<Uint8Array, RegisterParams>();

/**
 * Typed access to the register store: one getter/setter pair per key of `keys.ts`, nothing
 * else. The keeper builds the module's rules on top of it.
 */
export class RegisterStore {
  private view(store: KVStore): PrefixStore {
    return new PrefixStore(store, k.STORE_PREFIX);
  }

  private *scan(store: KVStore, prefix: Uint8Array): IterableIterator<[Uint8Array, Uint8Array]> {
    const end = prefixEnd(prefix);
    yield* this.view(store).iterate({ start: prefix, ...(end ? { end } : {}) });
  }

  private getInt(store: KVStore, key: Uint8Array): bigint {
    const raw = this.view(store).get(key);
    return raw ? decodeInt(raw) : 0n;
  }

  private setInt(store: KVStore, key: Uint8Array, v: bigint): void {
    this.view(store).set(key, encodeInt(v));
  }

  getParams(store: KVStore): RegisterParams {
    const raw = this.view(store).get(k.PARAMS_KEY);
    if (!raw) return DEFAULT_REGISTER_PARAMS;
    let params = paramsMemo.get(raw);
    if (!params) {
      params = registerParamsFromProto(P.Params.decode(raw));
      paramsMemo.set(raw, params);
    }
    return params;
  }

  setParams(store: KVStore, p: RegisterParams): void {
    this.view(store).set(k.PARAMS_KEY, P.Params.encode(registerParamsToProto(p)).finish());
  }

  getResourceNode(store: KVStore, networkAddress: string): ResourceNode | undefined {
    const raw = this.view(store).get(k.nodeKey(k.RESOURCE_NODE_PREFIX, networkAddress));
    return raw ? P.ResourceNode.decode(raw) : undefined;
  }

  setResourceNode(store: KVStore, node: ResourceNode): void {
    this.view(store).set(k.nodeKey(k.RESOURCE_NODE_PREFIX, node.networkAddress), P.ResourceNode.encode(node).finish());
  }

  deleteResourceNode(store: KVStore, networkAddress: string): void {
    this.view(store).delete(k.nodeKey(k.RESOURCE_NODE_PREFIX, networkAddress));
  }

  /** All resource nodes in address-byte order. */
  *iterateResourceNodes(store: KVStore): IterableIterator<ResourceNode> {
    for (const [, v] of this.scan(store, Uint8Array.of(k.RESOURCE_NODE_PREFIX))) yield P.ResourceNode.decode(v);
  }

  getMetaNode(store: KVStore, networkAddress: string): MetaNode | undefined {
    const raw = this.view(store).get(k.nodeKey(k.META_NODE_PREFIX, networkAddress));
    return raw ? P.MetaNode.decode(raw) : undefined;
  }

  setMetaNode(store: KVStore, node: MetaNode): void {
    this.view(store).set(k.nodeKey(k.META_NODE_PREFIX, node.networkAddress), P.MetaNode.encode(node).finish());
  }

  deleteMetaNode(store: KVStore, networkAddress: string): void {
    this.view(store).delete(k.nodeKey(k.META_NODE_PREFIX, networkAddress));
  }

  /** All meta nodes in address-byte order. */
  *iterateMetaNodes(store: KVStore): IterableIterator<MetaNode> {
    for (const [, v] of this.scan(store, Uint8Array.of(k.META_NODE_PREFIX))) yield P.MetaNode.decode(v);
  }

  getRegVotePool(store: KVStore, candidate: string): RegVotePool | undefined {
    const raw = this.view(store).get(k.nodeKey(k.REG_VOTE_POOL_PREFIX, candidate));
    return raw ? P.MetaNodeRegistrationVotePool.decode(raw) : undefined;
  }

  setRegVotePool(store: KVStore, pool: RegVotePool): void {
    this.view(store).set(k.nodeKey(k.REG_VOTE_POOL_PREFIX, pool.networkAddress), P.MetaNodeRegistrationVotePool.encode(pool).finish());
  }

  deleteRegVotePool(store: KVStore, candidate: string): void {
    this.view(store).delete(k.nodeKey(k.REG_VOTE_POOL_PREFIX, candidate));
  }

  *iterateRegVotePools(store: KVStore): IterableIterator<RegVotePool> {
    for (const [, v] of this.scan(store, Uint8Array.of(k.REG_VOTE_POOL_PREFIX))) yield P.MetaNodeRegistrationVotePool.decode(v);
  }

  getKickVotePool(store: KVStore, target: string): KickVotePool | undefined {
    const raw = this.view(store).get(k.nodeKey(k.KICK_VOTE_POOL_PREFIX, target));
    return raw ? P.KickMetaNodeVotePool.decode(raw) : undefined;
  }

  setKickVotePool(store: KVStore, pool: KickVotePool): void {
    this.view(store).set(k.nodeKey(k.KICK_VOTE_POOL_PREFIX, pool.targetNetworkAddress), P.KickMetaNodeVotePool.encode(pool).finish());
  }

  deleteKickVotePool(store: KVStore, target: string): void {
    this.view(store).delete(k.nodeKey(k.KICK_VOTE_POOL_PREFIX, target));
  }

  *iterateKickVotePools(store: KVStore): IterableIterator<KickVotePool> {
    for (const [, v] of this.scan(store, Uint8Array.of(k.KICK_VOTE_POOL_PREFIX))) yield P.KickMetaNodeVotePool.decode(v);
  }

  getUnbondingNode(store: KVStore, networkAddress: string): UnbondingNode | undefined {
    const raw = this.view(store).get(k.nodeKey(k.UNBONDING_NODE_PREFIX, networkAddress));
    return raw ? P.UnbondingNode.decode(raw) : undefined;
  }

  setUnbondingNode(store: KVStore, node: UnbondingNode): void {
    this.view(store).set(k.nodeKey(k.UNBONDING_NODE_PREFIX, node.networkAddr), P.UnbondingNode.encode(node).finish());
  }

  deleteUnbondingNode(store: KVStore, networkAddress: string): void {
    this.view(store).delete(k.nodeKey(k.UNBONDING_NODE_PREFIX, networkAddress));
  }

  *iterateUnbondingNodes(store: KVStore): IterableIterator<UnbondingNode> {
    for (const [, v] of this.scan(store, Uint8Array.of(k.UNBONDING_NODE_PREFIX))) yield P.UnbondingNode.decode(v);
  }

  /** Puts a node into the unbonding queue at its completion time (idempotent). */
  enqueueUnbonding(store: KVStore, completionSeconds: bigint, networkAddress: string): void {
    this.view(store).set(k.unbondingQueueKey(completionSeconds, networkAddress), Uint8Array.of(1));
  }

  /** Takes every queue entry with completion time <= `nowSeconds` out of the queue, in time order. */
  dequeueMatureUnbondings(store: KVStore, nowSeconds: bigint): string[] {
    const view = this.view(store);
    const start = Uint8Array.of(k.UNBONDING_QUEUE_PREFIX);
    const end = concatBytes(start, u64be(nowSeconds + 1n));
    const keys: Uint8Array[] = [];
    for (const [key] of view.iterate({ start, end })) keys.push(key.slice());
    const out: string[] = [];
    for (const key of keys) {
      view.delete(key);
      const { networkAddress } = k.parseUnbondingQueueKey(key);
      if (!out.includes(networkAddress)) out.push(networkAddress);
    }
    return out;
  }

  getSlashing(store: KVStore, wallet: string): bigint {
    return this.getInt(store, k.slashingKey(wallet));
  }

  setSlashing(store: KVStore, wallet: string, amount: bigint): void {
    if (amount <= 0n) this.view(store).delete(k.slashingKey(wallet));
    else this.setInt(store, k.slashingKey(wallet), amount);
  }

  /** Every outstanding debt, in wallet-byte order. */
  *iterateSlashing(store: KVStore): IterableIterator<{ wallet: string; amount: bigint }> {
    for (const [key, v] of this.scan(store, Uint8Array.of(k.SLASHING_PREFIX))) {
      yield { wallet: encodeAccAddress(key.subarray(1)), amount: decodeInt(v) };
    }
  }

  /** Lt, noz. */
  getRemainingOzoneLimit(store: KVStore): bigint {
    return this.getInt(store, k.REMAINING_OZONE_LIMIT_KEY);
  }

  setRemainingOzoneLimit(store: KVStore, v: bigint): void {
    if (v < 0n) throw new Error(`remaining ozone limit would become negative (${v})`);
    this.setInt(store, k.REMAINING_OZONE_LIMIT_KEY, v);
  }

  /** St, wei. */
  getEffectiveTotalDeposit(store: KVStore): bigint {
    return this.getInt(store, k.EFFECTIVE_TOTAL_DEPOSIT_KEY);
  }

  setEffectiveTotalDeposit(store: KVStore, v: bigint): void {
    if (v < 0n) throw new Error(`effective total deposit would become negative (${v})`);
    this.setInt(store, k.EFFECTIVE_TOTAL_DEPOSIT_KEY, v);
  }

  getDepositNozRate(store: KVStore): Dec {
    const raw = this.view(store).get(k.DEPOSIT_NOZ_RATE_KEY);
    return raw ? Dec.parse(new TextDecoder().decode(raw)) : DEFAULT_DEPOSIT_NOZ_RATE;
  }

  setDepositNozRate(store: KVStore, rate: Dec): void {
    this.view(store).set(k.DEPOSIT_NOZ_RATE_KEY, new TextEncoder().encode(rate.toString()));
  }

  getBondedMetaNodeCount(store: KVStore): bigint {
    return this.getInt(store, k.BONDED_META_NODE_COUNT_KEY);
  }

  setBondedMetaNodeCount(store: KVStore, n: bigint): void {
    this.setInt(store, k.BONDED_META_NODE_COUNT_KEY, n < 0n ? 0n : n);
  }

  getBondedResourceNodeCount(store: KVStore): bigint {
    return this.getInt(store, k.BONDED_RESOURCE_NODE_COUNT_KEY);
  }

  setBondedResourceNodeCount(store: KVStore, n: bigint): void {
    this.setInt(store, k.BONDED_RESOURCE_NODE_COUNT_KEY, n < 0n ? 0n : n);
  }
}

