import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { addDeposit, isUnbondable, subtractDeposit, type OzonePools } from "../../economics/ozone";
import { formatCoin, type Coin } from "../../types/coin";
import {
  COMMUNITY_POOL,
  META_NODE_BONDED_POOL,
  META_NODE_NOT_BONDED_POOL,
  RESOURCE_NODE_BONDED_POOL,
  RESOURCE_NODE_NOT_BONDED_POOL,
  TOTAL_UNISSUED_PREPAY,
} from "../../types/module-accounts";
import * as E from "./errors";
import * as ev from "./events";
import { formatRfc3339 } from "../../types/time";
import type { AccountKeeper, BankKeeper } from "./expected-keepers";
import { BondStatus, bondStatusName, isActiveMetaNode } from "./node-status";
import type { RegisterParams } from "./params";
import { RegisterStore } from "./store";

type ResourceNode = stratos.register.v1.ResourceNode;
type MetaNode = stratos.register.v1.MetaNode;
type Description = stratos.register.v1.Description;
type Any = NonNullable<ResourceNode["pubkey"]>;
const P = stratos.register.v1;

/** Wall-clock-free timestamp from block seconds. */
function ts(seconds: bigint): { seconds: bigint; nanos: number } {
  return { seconds, nanos: 0 };
}

/** Votes needed to pass among `active` meta nodes: floor(2 * active / 3) + 1. */
export function approvalThreshold(active: bigint): bigint {
  return (active * 2n) / 3n + 1n;
}

/**
 * Rejections that close a kick vote so a new round can start: floor(active / 3), but at least 1
 * (the real chain uses floor(active / 3) alone, which is 0 below three active meta nodes and
 * deletes the pool after every vote).
 */
export function kickRejectThreshold(active: bigint): bigint {
  const t = active / 3n;
  return t < 1n ? 1n : t;
}

export interface NewNodeInput {
  readonly networkAddress: string;
  readonly pubkey: Any;
  readonly value: Coin;
  readonly ownerAddress: string;
  readonly beneficiaryAddress: string;
  readonly description: Description;
}

/**
 * The register module's rules: node registration, deposits, unbonding, meta-node votes, the
 * effective deposit and the ozone limit (St, Lt) that deposits back. Reads every value it
 * needs before changing any (fact sheet checklist item 2).
 */
export class RegisterKeeper extends RegisterStore {
  constructor(
    private readonly bank: BankKeeper,
    private readonly accounts: AccountKeeper,
  ) {
    super();
  }

  // ------------------------------------------------------------------ ozone limit

  /** Pt: the unissued prepay pool's balance in the bond denom. */
  getTotalUnissuedPrepay(store: KVStore): bigint {
    return this.bank.getModuleBalance(store, TOTAL_UNISSUED_PREPAY, this.getParams(store).bondDenom);
  }

  /** St, Lt and Pt as they are now. */
  ozonePools(store: KVStore): OzonePools {
    return { St: this.getEffectiveTotalDeposit(store), Lt: this.getRemainingOzoneLimit(store), Pt: this.getTotalUnissuedPrepay(store) };
  }

  private setPools(store: KVStore, pools: OzonePools): void {
    this.setEffectiveTotalDeposit(store, pools.St);
    this.setRemainingOzoneLimit(store, pools.Lt);
  }

  /** St += d; Lt += d / rate unless St was 0. Returns the noz added. */
  increaseOzoneLimitByAddDeposit(store: KVStore, d: bigint): bigint {
    const { pools, added } = addDeposit(this.ozonePools(store), d, this.getDepositNozRate(store));
    this.setPools(store, pools);
    return added;
  }

  /** St -= d; Lt -= d / rate (floored at zero). Returns the noz removed. */
  decreaseOzoneLimitBySubtractDeposit(store: KVStore, d: bigint): bigint {
    const before = this.ozonePools(store);
    const amount = d > before.St ? before.St : d;
    const { pools, removed } = subtractDeposit(before, amount, this.getDepositNozRate(store));
    this.setPools(store, { ...pools, Lt: pools.Lt < 0n ? 0n : pools.Lt });
    return removed;
  }

  isUnbondable(store: KVStore, amount: bigint): boolean {
    return isUnbondable(this.ozonePools(store), amount, this.getDepositNozRate(store));
  }

  // ------------------------------------------------------------------ slashing debt

  /**
   * Collects a wallet's slashing debt out of `amount` (a payout about to happen): returns what
   * is slashed (sent to the community pool by the caller) and what is left to pay.
   */
  deductSlashing(store: KVStore, wallet: string, amount: bigint): { slashed: bigint; remaining: bigint } {
    const debt = this.getSlashing(store, wallet);
    if (debt <= 0n || amount <= 0n) return { slashed: 0n, remaining: amount };
    const slashed = amount >= debt ? debt : amount;
    this.setSlashing(store, wallet, debt - slashed);
    return { slashed, remaining: amount - slashed };
  }

  // ------------------------------------------------------------------ meta-node views

  /** How many meta nodes are active (Bonded, not suspended): the electorate of both votes. */
  activeMetaNodeCount(store: KVStore): bigint {
    let n = 0n;
    for (const node of this.iterateMetaNodes(store)) if (isActiveMetaNode(node)) n++;
    return n;
  }

  /**
   * A meta node's bit in file-record reporter bitmaps: its position among the meta nodes that
   * are neither suspended nor Unbonded, sorted by bech32 address. Computed from state (the real
   * chain keeps it in a non-consensus cache), so it is the same on every node.
   */
  metaNodeBitmapIndex(store: KVStore, networkAddress: string): number | undefined {
    // One pass, no list: the index is the number of eligible nodes whose address sorts before it.
    let before = 0;
    let found = false;
    for (const n of this.iterateMetaNodes(store)) {
      if (n.suspend || n.status === BondStatus.BOND_STATUS_UNBONDED) continue;
      if (n.networkAddress === networkAddress) found = true;
      else if (n.networkAddress < networkAddress) before++;
    }
    return found ? before : undefined;
  }

  /** Unbonding balance still held for a node (sum of its queue entries). */
  unbondingBalance(store: KVStore, networkAddress: string): bigint {
    const u = this.getUnbondingNode(store, networkAddress);
    return u ? u.entries.reduce((s, e) => s + BigInt(e.balance), 0n) : 0n;
  }

  // ------------------------------------------------------------------ resource nodes

  private checkNewNode(ctx: Context, input: NewNodeInput): RegisterParams {
    const params = this.getParams(ctx.store);
    if (this.getResourceNode(ctx.store, input.networkAddress)) throw E.ErrResourceNodePubKeyExists.error();
    if (this.getMetaNode(ctx.store, input.networkAddress)) throw E.ErrMetaNodePubKeyExists.error();
    if (input.value.denom !== params.bondDenom) throw E.ErrBadDenom.wrap(`got ${input.value.denom}, expected ${params.bondDenom}`);
    return params;
  }

  private requireFunds(store: KVStore, owner: string, coin: Coin): void {
    const have = this.bank.getBalance(store, owner, coin.denom);
    if (have.amount < coin.amount) throw E.ErrInsufficientBalance.wrap(`${owner} has ${formatCoin(have)}, needs ${formatCoin(coin)}`);
  }

  /** MsgCreateResourceNode: the node starts suspended; its deposit bonds it at once. */
  createResourceNode(ctx: Context, input: NewNodeInput & { nodeType: number }): void {
    const params = this.checkNewNode(ctx, input);
    if (!params.resourceNodeRegEnabled) throw E.ErrResourceNodeRegDisabled.error();
    if (input.value.amount < params.resourceNodeMinDeposit.amount) {
      throw E.ErrInsufficientDeposit.wrap(`${formatCoin(input.value)} is below the minimum ${formatCoin(params.resourceNodeMinDeposit)}`);
    }
    const node: ResourceNode = P.ResourceNode.fromPartial({
      networkAddress: input.networkAddress,
      pubkey: input.pubkey,
      suspend: true,
      status: BondStatus.BOND_STATUS_UNBONDED,
      tokens: "0",
      ownerAddress: input.ownerAddress,
      description: input.description,
      creationTime: ts(ctx.blockTimeSeconds),
      nodeType: input.nodeType,
      effectiveTokens: "0",
      beneficiaryAddress: input.beneficiaryAddress,
    });
    this.addResourceNodeDeposit(ctx, node, input.value);
    ev.emitCreateResourceNode(ctx, input.ownerAddress, input.networkAddress, input.pubkey, input.value);
  }

  /** Adds deposit to a resource node (not Unbonding); an Unbonded node becomes Bonded. No ozone change. */
  addResourceNodeDeposit(ctx: Context, node: ResourceNode, coin: Coin): { before: bigint; after: bigint } {
    if (node.status === BondStatus.BOND_STATUS_UNBONDING) throw E.ErrUnbondingNode.error();
    this.requireFunds(ctx.store, node.ownerAddress, coin);
    const wasBonded = node.status === BondStatus.BOND_STATUS_BONDED;
    const before = BigInt(node.tokens);
    this.bank.sendCoinsFromAccountToModule(ctx, node.ownerAddress, RESOURCE_NODE_BONDED_POOL, [coin]);
    const after = before + coin.amount;
    node.tokens = after.toString();
    if (!wasBonded) {
      node.status = BondStatus.BOND_STATUS_BONDED;
      this.setBondedResourceNodeCount(ctx.store, this.getBondedResourceNodeCount(ctx.store) + 1n);
    }
    this.setResourceNode(ctx.store, node);
    return { before, after };
  }

  updateResourceNode(ctx: Context, owner: string, networkAddress: string, description: Description, beneficiary: string, nodeType: number): void {
    const node = this.getResourceNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoResourceNodeFound.error();
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    node.description = description;
    if (beneficiary.trim()) node.beneficiaryAddress = beneficiary;
    if (nodeType !== 0) node.nodeType = nodeType;
    this.setResourceNode(ctx.store, node);
  }

  updateResourceNodeDeposit(ctx: Context, owner: string, networkAddress: string, delta: Coin): void {
    const params = this.getParams(ctx.store);
    if (delta.denom !== params.bondDenom) throw E.ErrBadDenom.wrap(`got ${delta.denom}, expected ${params.bondDenom}`);
    const node = this.getResourceNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoResourceNodeFound.error();
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    const unbonding = this.unbondingBalance(ctx.store, networkAddress);
    const { before, after } = this.addResourceNodeDeposit(ctx, node, delta);
    ev.emitUpdateDeposit(ctx, "stratos.register.v1.EventUpdateResourceNodeDeposit", {
      sender: owner,
      networkAddress,
      delta,
      currentDeposit: after,
      availableBefore: before - unbonding,
      availableAfter: after - unbonding,
      ozoneChange: 0n,
    });
  }

  /**
   * MsgUpdateEffectiveDeposit: meta nodes set how much of a resource node's deposit counts
   * towards the ozone limit; a suspended node with no effective deposit is unsuspended.
   */
  updateEffectiveDeposit(ctx: Context, networkAddress: string, effective: bigint): void {
    const node = this.getResourceNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoResourceNodeFound.error();
    const available = BigInt(node.tokens) - this.unbondingBalance(ctx.store, networkAddress);
    if (node.status !== BondStatus.BOND_STATUS_BONDED) throw E.ErrInvalidNodeStat.wrap("the resource node is not bonded");
    if (available <= 0n || available < effective) throw E.ErrInsufficientBalance.wrap(`available deposit ${available} is below the effective deposit ${effective}`);
    const old = BigInt(node.effectiveTokens || "0");
    const isUnsuspended = node.suspend && old === 0n && effective > 0n;
    node.effectiveTokens = effective.toString();
    node.suspend = false;
    const delta = effective - old;
    if (delta > 0n) this.increaseOzoneLimitByAddDeposit(ctx.store, delta);
    else if (delta < 0n && this.isUnbondable(ctx.store, -delta)) this.decreaseOzoneLimitBySubtractDeposit(ctx.store, -delta);
    this.setResourceNode(ctx.store, node);
    ev.emitTyped(ctx, "stratos.register.v1.EventUpdateEffectiveDeposit", {
      network_address: networkAddress,
      effective_deposit_after: effective.toString(),
      is_unsuspended: isUnsuspended ? "true" : "false",
    });
  }

  /**
   * Suspends a resource node (slashing with suspend): its effective deposit leaves St and Lt.
   * Used by pot's MsgSlashingResourceNode and by unbonding.
   */
  suspendResourceNode(store: KVStore, node: ResourceNode): void {
    const eff = BigInt(node.effectiveTokens || "0");
    if (eff > 0n) this.decreaseOzoneLimitBySubtractDeposit(store, eff);
    node.effectiveTokens = "0";
    node.suspend = true;
  }

  /** When an unbonding entry started now would mature (fact sheet section 1.7). */
  matureTime(params: RegisterParams, status: BondStatus, creationSeconds: bigint, nowSeconds: bigint): bigint {
    if (status === BondStatus.BOND_STATUS_UNBONDED) return creationSeconds + params.unbondingCompletionSeconds;
    const threshold = creationSeconds + params.unbondingThresholdSeconds;
    return threshold > nowSeconds ? threshold + params.unbondingCompletionSeconds : nowSeconds + params.unbondingCompletionSeconds;
  }

  private addUnbondingEntry(ctx: Context, networkAddress: string, isMeta: boolean, amount: bigint, mature: bigint): void {
    const u = this.getUnbondingNode(ctx.store, networkAddress) ?? P.UnbondingNode.fromPartial({ networkAddr: networkAddress, isMetaNode: isMeta, entries: [] });
    u.entries.push(P.UnbondingNodeEntry.fromPartial({ creationHeight: ctx.height, completionTime: ts(mature), initialBalance: amount.toString(), balance: amount.toString() }));
    this.setUnbondingNode(ctx.store, u);
    this.enqueueUnbonding(ctx.store, mature, networkAddress);
  }

  /**
   * MsgRemoveResourceNode: the available deposit moves to the not-bonded pool and matures per
   * section 1.7. Unlike the real chain, the node's effective deposit also leaves St and Lt here
   * (it stops backing ozone the moment it stops serving), and the node is suspended.
   */
  unbondResourceNode(ctx: Context, owner: string, networkAddress: string): { amount: bigint; mature: bigint } {
    const params = this.getParams(ctx.store);
    const node = this.getResourceNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoResourceNodeFound.error();
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    const entries = this.getUnbondingNode(ctx.store, networkAddress)?.entries.length ?? 0;
    if (entries >= params.maxEntries) throw E.ErrMaxUnbondingNodeEntries.error();
    const available = BigInt(node.tokens) - this.unbondingBalance(ctx.store, networkAddress);
    if (available <= 0n) throw E.ErrInsufficientBalance.wrap("no deposit left to unbond");
    if (node.status !== BondStatus.BOND_STATUS_BONDED) throw E.ErrInvalidNodeStat.wrap(`the node is ${bondStatusName(node.status)}`);
    const mature = this.matureTime(params, node.status, node.creationTime?.seconds ?? 0n, ctx.blockTimeSeconds);
    this.bank.sendCoinsFromModuleToModule(ctx, RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL, [{ denom: params.bondDenom, amount: available }]);
    this.setBondedResourceNodeCount(ctx.store, this.getBondedResourceNodeCount(ctx.store) - 1n);
    this.suspendResourceNode(ctx.store, node);
    node.status = BondStatus.BOND_STATUS_UNBONDING;
    this.setResourceNode(ctx.store, node);
    this.addUnbondingEntry(ctx, networkAddress, false, available, mature);
    ev.emitTyped(ctx, "stratos.register.v1.EventUnBondingResourceNode", {
      sender: owner,
      resource_node: networkAddress,
      deposit_to_remove: formatCoin({ denom: params.bondDenom, amount: available }),
      unbonding_mature_time: formatRfc3339(mature),
    });
    return { amount: available, mature };
  }

  // ------------------------------------------------------------------ meta nodes

  /** MsgCreateMetaNode: a suspended, Unbonded candidate with its deposit escrowed, and a vote pool. */
  createMetaNode(ctx: Context, input: NewNodeInput): void {
    const params = this.checkNewNode(ctx, input);
    const node: MetaNode = P.MetaNode.fromPartial({
      networkAddress: input.networkAddress,
      pubkey: input.pubkey,
      suspend: true,
      status: BondStatus.BOND_STATUS_UNBONDED,
      tokens: "0",
      ownerAddress: input.ownerAddress,
      description: input.description,
      creationTime: ts(ctx.blockTimeSeconds),
      beneficiaryAddress: input.beneficiaryAddress,
    });
    this.addMetaNodeDeposit(ctx, node, input.value);
    this.setRegVotePool(
      ctx.store,
      P.MetaNodeRegistrationVotePool.fromPartial({ networkAddress: input.networkAddress, approveList: [], rejectList: [], expireTime: ts(ctx.blockTimeSeconds + params.votingPeriodSeconds), isVotePassed: false }),
    );
    ev.emitTyped(ctx, "stratos.register.v1.EventCreateMetaNode", { sender: input.ownerAddress, network_address: input.networkAddress });
  }

  /** Adds deposit to a meta node; the ozone limit grows only when the node is not suspended. */
  addMetaNodeDeposit(ctx: Context, node: MetaNode, coin: Coin): { before: bigint; after: bigint; ozoneChange: bigint } {
    if (node.status === BondStatus.BOND_STATUS_UNBONDING) throw E.ErrUnbondingNode.error();
    this.requireFunds(ctx.store, node.ownerAddress, coin);
    const pool = node.status === BondStatus.BOND_STATUS_BONDED ? META_NODE_BONDED_POOL : META_NODE_NOT_BONDED_POOL;
    this.bank.sendCoinsFromAccountToModule(ctx, node.ownerAddress, pool, [coin]);
    const before = BigInt(node.tokens);
    const after = before + coin.amount;
    node.tokens = after.toString();
    const ozoneChange = node.suspend ? 0n : this.increaseOzoneLimitByAddDeposit(ctx.store, coin.amount);
    this.setMetaNode(ctx.store, node);
    return { before, after, ozoneChange };
  }

  updateMetaNode(ctx: Context, owner: string, networkAddress: string, description: Description, beneficiary: string): void {
    const node = this.getMetaNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoMetaNodeFound.error();
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    node.description = description;
    if (beneficiary.trim()) node.beneficiaryAddress = beneficiary;
    this.setMetaNode(ctx.store, node);
  }

  updateMetaNodeDeposit(ctx: Context, owner: string, networkAddress: string, delta: Coin): void {
    const params = this.getParams(ctx.store);
    if (delta.denom !== params.bondDenom) throw E.ErrBadDenom.wrap(`got ${delta.denom}, expected ${params.bondDenom}`);
    const node = this.getMetaNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoMetaNodeFound.error();
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    const unbonding = this.unbondingBalance(ctx.store, networkAddress);
    const { before, after, ozoneChange } = this.addMetaNodeDeposit(ctx, node, delta);
    ev.emitUpdateDeposit(ctx, "stratos.register.v1.EventUpdateMetaNodeDeposit", {
      sender: owner,
      networkAddress,
      delta,
      currentDeposit: after,
      availableBefore: before - unbonding,
      availableAfter: after - unbonding,
      ozoneChange,
    });
  }

  /**
   * Unbonds a meta node (MsgRemoveMetaNode, or a passed kick vote). A Bonded node must be
   * active and its deposit must be unbondable; its deposit leaves St and Lt. A candidate whose
   * vote has not passed can withdraw too. Returns the noz removed from the limit.
   */
  unbondMetaNode(ctx: Context, owner: string, networkAddress: string): { ozoneChange: bigint; amount: bigint; mature: bigint } {
    const params = this.getParams(ctx.store);
    const node = this.getMetaNode(ctx.store, networkAddress);
    if (!node) throw E.ErrNoMetaNodeFound.error();
    const available = BigInt(node.tokens) - this.unbondingBalance(ctx.store, networkAddress);
    if (available <= 0n) throw E.ErrInsufficientBalance.wrap("no deposit left to unbond");
    if (node.ownerAddress !== owner) throw E.ErrInvalidOwnerAddr.error();
    const entries = this.getUnbondingNode(ctx.store, networkAddress)?.entries.length ?? 0;
    if (entries >= params.maxEntries) throw E.ErrMaxUnbondingNodeEntries.error();
    let ozoneChange = 0n;
    if (node.status === BondStatus.BOND_STATUS_BONDED) {
      if (node.suspend) throw E.ErrInvalidSuspensionStatForUnbondNode.error();
      if (!this.isUnbondable(ctx.store, available)) throw E.ErrInsufficientBalance.wrap("the remaining ozone limit does not cover this deposit");
      this.bank.sendCoinsFromModuleToModule(ctx, META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL, [{ denom: params.bondDenom, amount: available }]);
      ozoneChange = this.decreaseOzoneLimitBySubtractDeposit(ctx.store, available);
      this.setBondedMetaNodeCount(ctx.store, this.getBondedMetaNodeCount(ctx.store) - 1n);
    } else if (node.status === BondStatus.BOND_STATUS_UNBONDED) {
      const pool = this.getRegVotePool(ctx.store, networkAddress);
      if (!pool) throw E.ErrNoRegistrationVotePoolFound.error();
      if (pool.isVotePassed || !node.suspend) throw E.ErrInvalidNodeStat.wrap("the registration vote has passed");
    } else {
      throw E.ErrInvalidNodeStat.wrap("the node is already unbonding");
    }
    const mature = this.matureTime(params, node.status, node.creationTime?.seconds ?? 0n, ctx.blockTimeSeconds);
    node.status = BondStatus.BOND_STATUS_UNBONDING;
    this.setMetaNode(ctx.store, node);
    this.addUnbondingEntry(ctx, networkAddress, true, available, mature);
    this.deleteRegVotePool(ctx.store, networkAddress);
    ev.emitTyped(ctx, "stratos.register.v1.EventUnBondingMetaNode", {
      sender: owner,
      meta_node: networkAddress,
      ozone_limit_changes: (-ozoneChange).toString(),
      deposit_to_remove: formatCoin({ denom: params.bondDenom, amount: available }),
      unbonding_mature_time: formatRfc3339(mature),
    });
    return { ozoneChange, amount: available, mature };
  }

  /** The voter must own an active meta node (enforced here; the real chain computes and drops this check). */
  private requireActiveVoter(store: KVStore, voterOwner: string, voterAddress: string): void {
    const voter = this.getMetaNode(store, voterAddress);
    if (!voter || voter.ownerAddress !== voterOwner || !isActiveMetaNode(voter)) throw E.ErrNoActiveVoterMetaNodeFound.error();
  }

  /** MsgMetaNodeRegistrationVote; a candidate with floor(2/3 active)+1 approvals is bonded. */
  voteMetaNodeRegistration(ctx: Context, v: { candidate: string; candidateOwner: string; opinion: boolean; voter: string; voterOwner: string }): void {
    const params = this.getParams(ctx.store);
    this.requireActiveVoter(ctx.store, v.voterOwner, v.voter);
    const candidate = this.getMetaNode(ctx.store, v.candidate);
    if (!candidate) throw E.ErrNoCandidateMetaNodeFound.error();
    if (candidate.ownerAddress !== v.candidateOwner) throw E.ErrInvalidCandidateOwnerAddr.error();
    const pool = this.getRegVotePool(ctx.store, v.candidate);
    if (!pool) throw E.ErrNoRegistrationVotePoolFound.error();
    if ((pool.expireTime?.seconds ?? 0n) < ctx.blockTimeSeconds) throw E.ErrVoteExpired.error();
    if (pool.approveList.includes(v.voter) || pool.rejectList.includes(v.voter)) throw E.ErrDuplicateVoting.error();
    (v.opinion ? pool.approveList : pool.rejectList).push(v.voter);
    let ozoneChange = 0n;
    if (!pool.isVotePassed) {
      const needed = approvalThreshold(this.activeMetaNodeCount(ctx.store));
      if (BigInt(pool.approveList.length) >= needed) {
        const tokens = BigInt(candidate.tokens);
        candidate.status = BondStatus.BOND_STATUS_BONDED;
        candidate.suspend = false;
        this.setMetaNode(ctx.store, candidate);
        ozoneChange = this.increaseOzoneLimitByAddDeposit(ctx.store, tokens);
        this.setBondedMetaNodeCount(ctx.store, this.getBondedMetaNodeCount(ctx.store) + 1n);
        if (tokens > 0n) this.bank.sendCoinsFromModuleToModule(ctx, META_NODE_NOT_BONDED_POOL, META_NODE_BONDED_POOL, [{ denom: params.bondDenom, amount: tokens }]);
        pool.isVotePassed = true;
      }
    }
    this.setRegVotePool(ctx.store, pool);
    ev.emitTyped(ctx, "stratos.register.v1.EventMetaNodeRegistrationVote", {
      sender: v.voterOwner,
      voter_network_address: v.voter,
      candidate_network_address: v.candidate,
      candidate_status: bondStatusName(candidate.status),
      ozone_limit_changes: ozoneChange.toString(),
    });
  }

  /** MsgKickMetaNodeVote; floor(2/3 active)+1 approvals unbond the target on its owner's behalf. */
  voteKickMetaNode(ctx: Context, v: { target: string; opinion: boolean; voter: string; voterOwner: string }): void {
    const params = this.getParams(ctx.store);
    this.requireActiveVoter(ctx.store, v.voterOwner, v.voter);
    const target = this.getMetaNode(ctx.store, v.target);
    if (!target || !isActiveMetaNode(target)) throw E.ErrNoActiveTargetMetaNodeFound.error();
    const pool =
      this.getKickVotePool(ctx.store, v.target) ??
      P.KickMetaNodeVotePool.fromPartial({ targetNetworkAddress: v.target, approveList: [], rejectList: [], expireTime: ts(ctx.blockTimeSeconds + params.votingPeriodSeconds), isVotePassed: false });
    if ((pool.expireTime?.seconds ?? 0n) < ctx.blockTimeSeconds) throw E.ErrVoteExpired.error();
    if (pool.approveList.includes(v.voter) || pool.rejectList.includes(v.voter)) throw E.ErrDuplicateVoting.error();
    (v.opinion ? pool.approveList : pool.rejectList).push(v.voter);
    const active = this.activeMetaNodeCount(ctx.store);
    let status = target.status;
    if (!pool.isVotePassed && BigInt(pool.approveList.length) >= approvalThreshold(active)) {
      this.unbondMetaNode(ctx, target.ownerAddress, v.target);
      status = BondStatus.BOND_STATUS_UNBONDING;
      pool.isVotePassed = true;
    }
    if (!pool.isVotePassed && BigInt(pool.rejectList.length) >= kickRejectThreshold(active)) this.deleteKickVotePool(ctx.store, v.target);
    else this.setKickVotePool(ctx.store, pool);
    ev.emitTyped(ctx, "stratos.register.v1.EventKickMetaNodeVote", {
      sender: v.voterOwner,
      voter_network_address: v.voter,
      target_network_address: v.target,
      target_status: bondStatusName(status),
    });
  }

  // ------------------------------------------------------------------ end block

  /**
   * Pays out matured unbonding entries (deposit minus the owner's slashing debt; the debt goes to
   * the community pool), deletes nodes whose deposit reaches zero, and every 10,000 blocks drops
   * expired kick vote pools. Emits EventCompleteUnBonding* for every payout (the real chain
   * loses these events on a full unbond).
   */
  endBlock(ctx: Context): void {
    const params = this.getParams(ctx.store);
    for (const address of this.dequeueMatureUnbondings(ctx.store, ctx.blockTimeSeconds)) {
      const u = this.getUnbondingNode(ctx.store, address);
      if (!u) continue;
      const keep: typeof u.entries = [];
      let paid = 0n;
      for (const e of u.entries) {
        const mature = (e.completionTime?.seconds ?? 0n) <= ctx.blockTimeSeconds;
        if (!mature) {
          keep.push(e);
          continue;
        }
        const amount = BigInt(e.balance);
        if (amount > 0n) paid += this.payOutDeposit(ctx, address, u.isMetaNode, amount, params.bondDenom);
      }
      if (keep.length > 0) {
        u.entries = keep;
        this.setUnbondingNode(ctx.store, u);
      } else {
        this.deleteUnbondingNode(ctx.store, address);
        this.markUnbonded(ctx.store, address, u.isMetaNode);
      }
      ev.emitTyped(ctx, u.isMetaNode ? "stratos.register.v1.EventCompleteUnBondingMetaNode" : "stratos.register.v1.EventCompleteUnBondingResourceNode", {
        amount: formatCoin({ denom: params.bondDenom, amount: paid }),
        network_address: address,
      });
    }
    if (ctx.height % 10_000n === 0n) {
      for (const pool of [...this.iterateKickVotePools(ctx.store)]) {
        if ((pool.expireTime?.seconds ?? 0n) < ctx.blockTimeSeconds) this.deleteKickVotePool(ctx.store, pool.targetNetworkAddress);
      }
    }
  }

  /** Returns `amount` of a node's deposit to its owner, minus slashing debt; returns what was paid. */
  private payOutDeposit(ctx: Context, address: string, isMeta: boolean, amount: bigint, denom: string): bigint {
    const node = isMeta ? this.getMetaNode(ctx.store, address) : this.getResourceNode(ctx.store, address);
    if (!node) throw new Error(`unbonding entry for ${address} but the node is gone`);
    const pool = isMeta ? META_NODE_NOT_BONDED_POOL : RESOURCE_NODE_NOT_BONDED_POOL;
    if (this.bank.getModuleBalance(ctx.store, pool, denom) < amount) throw new Error(`${pool} cannot cover the ${amount}${denom} unbonding of ${address}`);
    if (!this.accounts.hasAccount(ctx.store, node.ownerAddress)) throw E.ErrNoOwnerAccountFound.error();
    const { slashed, remaining } = this.deductSlashing(ctx.store, node.ownerAddress, amount);
    if (remaining > 0n) this.bank.sendCoinsFromModuleToAccount(ctx, pool, node.ownerAddress, [{ denom, amount: remaining }]);
    if (slashed > 0n) this.bank.sendCoinsFromModuleToModule(ctx, pool, COMMUNITY_POOL, [{ denom, amount: slashed }]);
    const tokens = BigInt(node.tokens) - amount;
    if (tokens <= 0n) {
      if (isMeta) this.deleteMetaNode(ctx.store, address);
      else this.deleteResourceNode(ctx.store, address);
    } else {
      node.tokens = tokens.toString();
      if (isMeta) this.setMetaNode(ctx.store, node as MetaNode);
      else this.setResourceNode(ctx.store, node as ResourceNode);
    }
    return remaining;
  }

  private markUnbonded(store: KVStore, address: string, isMeta: boolean): void {
    if (isMeta) {
      const n = this.getMetaNode(store, address);
      if (n) this.setMetaNode(store, { ...n, status: BondStatus.BOND_STATUS_UNBONDED });
    } else {
      const n = this.getResourceNode(store, address);
      if (n) this.setResourceNode(store, { ...n, status: BondStatus.BOND_STATUS_UNBONDED });
    }
  }
}
