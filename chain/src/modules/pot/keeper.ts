import { stratos } from "@stratos/proto";
import { Coin as CoinProto } from "cosmjs-types/cosmos/base/v1beta1/coin";
import type { Context } from "../../app/context";
import { tierFor, totalMining } from "../../economics/mining-schedule";
import { metaNodeReward, NozSupplyExceededError, resourceNodeReward, splitEpoch, trafficRewardOf, type EpochSplit, type NodeReward } from "../../economics/traffic-reward";
import { bytesEqual, concatBytes, prefixEnd, toHex } from "../../store/bytes";
import type { KVStore } from "../../store/kv-store";
import { PrefixStore } from "../../store/prefix-store";
import { formatCoins, type Coin } from "../../types/coin";
import { Dec } from "../../types/dec";
import { sha256 } from "../../types/hash";
import { decodeInt, encodeInt, readU64be } from "../../types/store-codec";
import {
  BONDED_TOKENS_POOL,
  COMMUNITY_POOL,
  FEE_COLLECTOR,
  FOUNDATION_ACCOUNT,
  META_NODE_BONDED_POOL,
  NOT_BONDED_TOKENS_POOL,
  RESOURCE_NODE_BONDED_POOL,
  RESOURCE_NODE_NOT_BONDED_POOL,
  TOTAL_REWARD_POOL,
  TOTAL_UNISSUED_PREPAY,
} from "../../types/module-accounts";
import { BondStatus, isActiveMetaNode, nodeTypeLabel } from "../register/node-status";
import { ed25519KeyFromAny, sdsAddressOfKey } from "../register/pubkey";
import { amountOf, coinsOf, coversAll, fromWire, subCoins, toWire } from "./coins";
import * as E from "./errors";
import * as ev from "./events";
import type { BankKeeper, RegisterKeeper } from "./expected-keepers";
import * as k from "./keys";
import { DEFAULT_POT_PARAMS, epochOfHeight, potParamsFromProto, potParamsToProto, type PotParams } from "./params";
import { ED25519_SIGNATURE_LENGTH, reachesThreshold, verifyEd25519, volumeReportTxData } from "./report-signature";

type Reward = stratos.pot.v1.Reward;
type TotalReward = stratos.pot.v1.TotalReward;
type VolumeReportRecord = stratos.pot.v1.VolumeReportRecord;
type MsgVolumeReport = stratos.pot.v1.MsgVolumeReport;
type MsgSlashingResourceNode = stratos.pot.v1.MsgSlashingResourceNode;
const P = stratos.pot.v1;

/** Most wallets matured per EndBlock (Stratos' MatureCountPerBlock). */
export const MATURE_COUNT_PER_BLOCK = 100;

/** Decoded params by the identity of their stored bytes (as bank and auth memoise theirs). */
const paramsMemo = new WeakMap<Uint8Array, PotParams>();

/** What one volume report paid, all in wei (returned for tests and logs). */
export interface DistributionResult {
  readonly split: EpochSplit;
  readonly totalVolume: bigint;
  /** Per payee wallet, sorted by bech32. */
  readonly rewards: readonly { wallet: string; mining: bigint; traffic: bigint }[];
  readonly minedTotal: bigint;
  readonly nodeMining: bigint;
  readonly nodeTraffic: bigint;
  readonly communityTax: bigint;
  readonly outOfIssuance: boolean;
  readonly matureEpoch: bigint;
}

/**
 * The pot module's state and rules: volume reports and their signatures, the per-epoch reward
 * split (fact sheet section 2.4), maturity, withdrawals, foundation deposits and slashing.
 */
export class PotKeeper {
  constructor(
    private readonly bank: BankKeeper,
    private readonly register: RegisterKeeper,
    /** Address allowed to send MsgUpdateParams (the gov module account). */
    readonly authority: string,
  ) {}

  private view(store: KVStore): PrefixStore {
    return new PrefixStore(store, k.STORE_PREFIX);
  }

  private *scan(store: KVStore, start: Uint8Array, end: Uint8Array | undefined): IterableIterator<[Uint8Array, Uint8Array]> {
    yield* this.view(store).iterate({ start, ...(end ? { end } : {}) });
  }

  private *scanPrefix(store: KVStore, prefix: Uint8Array): IterableIterator<[Uint8Array, Uint8Array]> {
    yield* this.scan(store, prefix, prefixEnd(prefix));
  }

  private getInt(store: KVStore, key: Uint8Array): bigint {
    const raw = this.view(store).get(key);
    return raw ? decodeInt(raw) : 0n;
  }

  // ------------------------------------------------------------------ params and singletons

  getParams(store: KVStore): PotParams {
    const raw = this.view(store).get(k.PARAMS_KEY);
    if (!raw) return DEFAULT_POT_PARAMS;
    const memo = paramsMemo.get(raw);
    if (memo) return memo;
    const p = potParamsFromProto(P.Params.decode(raw));
    paramsMemo.set(raw, p);
    return p;
  }

  setParams(store: KVStore, p: PotParams): void {
    this.view(store).set(k.PARAMS_KEY, P.Params.encode(potParamsToProto(p)).finish());
  }

  /** Total mined so far (wei of the reward denom). */
  getTotalMinedToken(store: KVStore): bigint {
    const raw = this.view(store).get(k.TOTAL_MINED_TOKEN_KEY);
    return raw ? BigInt(CoinProto.decode(raw).amount || "0") : 0n;
  }

  setTotalMinedToken(store: KVStore, amount: bigint): void {
    const denom = this.getParams(store).rewardDenom;
    this.view(store).set(k.TOTAL_MINED_TOKEN_KEY, CoinProto.encode({ denom, amount: amount.toString() }).finish());
  }

  getLastDistributedEpoch(store: KVStore): bigint {
    return this.getInt(store, k.LAST_DISTRIBUTED_EPOCH_KEY);
  }

  setLastDistributedEpoch(store: KVStore, epoch: bigint): void {
    this.view(store).set(k.LAST_DISTRIBUTED_EPOCH_KEY, encodeInt(epoch));
  }

  /** Every individual reward keyed at or below this mature epoch has matured. */
  getMaturedEpoch(store: KVStore): bigint {
    return this.getInt(store, k.MATURED_EPOCH_KEY);
  }

  setMaturedEpoch(store: KVStore, epoch: bigint): void {
    this.view(store).set(k.MATURED_EPOCH_KEY, encodeInt(epoch));
  }

  /** The epoch the block at `height` belongs to. */
  epochAt(store: KVStore, height: bigint): bigint {
    return epochOfHeight(height, this.getParams(store).epochLength);
  }

  currentEpoch(ctx: Context): bigint {
    return this.epochAt(ctx.store, ctx.height);
  }

  // ------------------------------------------------------------------ rewards

  getIndividualReward(store: KVStore, matureEpoch: bigint, wallet: string): Reward | undefined {
    const raw = this.view(store).get(k.individualRewardKey(matureEpoch, wallet));
    return raw ? P.Reward.decode(raw) : undefined;
  }

  setIndividualReward(store: KVStore, matureEpoch: bigint, reward: Reward): void {
    this.view(store).set(k.individualRewardKey(matureEpoch, reward.walletAddress), P.Reward.encode(reward).finish());
  }

  /** Rewards maturing at `matureEpoch`, in wallet-byte order. */
  *iterateIndividualRewards(store: KVStore, matureEpoch: bigint): IterableIterator<Reward> {
    for (const [, v] of this.scanPrefix(store, k.individualRewardEpochPrefix(matureEpoch))) yield P.Reward.decode(v);
  }

  /** Rewards maturing at `matureEpoch` from wallet bytes `from` on (pagination), with their wallet bytes. */
  *iterateIndividualRewardsFrom(store: KVStore, matureEpoch: bigint, from: Uint8Array | undefined): IterableIterator<{ walletBytes: Uint8Array; reward: Reward }> {
    const prefix = k.individualRewardEpochPrefix(matureEpoch);
    for (const [key, v] of this.scan(store, from ? concatBytes(prefix, from) : prefix, prefixEnd(prefix))) {
      yield { walletBytes: key.slice(prefix.length), reward: P.Reward.decode(v) };
    }
  }

  /** Every pending individual reward with its mature epoch, in key order. */
  *iterateAllIndividualRewards(store: KVStore): IterableIterator<{ matureEpoch: bigint; reward: Reward }> {
    for (const [key, v] of this.scanPrefix(store, Uint8Array.of(k.INDIVIDUAL_REWARD_PREFIX))) {
      yield { matureEpoch: k.matureEpochOfKey(key), reward: P.Reward.decode(v) };
    }
  }

  getMatureTotal(store: KVStore, wallet: string): Coin[] {
    const raw = this.view(store).get(k.matureTotalKey(wallet));
    return raw ? fromWire(P.MatureTotal.decode(raw).value) : [];
  }

  setMatureTotal(store: KVStore, wallet: string, coins: readonly Coin[]): void {
    if (coins.every((c) => c.amount === 0n)) this.view(store).delete(k.matureTotalKey(wallet));
    else this.view(store).set(k.matureTotalKey(wallet), P.MatureTotal.encode({ walletAddress: wallet, value: toWire(coins) }).finish());
  }

  *iterateMatureTotals(store: KVStore): IterableIterator<{ wallet: string; value: Coin[] }> {
    for (const [, v] of this.scanPrefix(store, Uint8Array.of(k.MATURE_TOTAL_PREFIX))) {
      const t = P.MatureTotal.decode(v);
      yield { wallet: t.walletAddress, value: fromWire(t.value) };
    }
  }

  getImmatureTotal(store: KVStore, wallet: string): Coin[] {
    const raw = this.view(store).get(k.immatureTotalKey(wallet));
    return raw ? fromWire(P.ImmatureTotal.decode(raw).value) : [];
  }

  setImmatureTotal(store: KVStore, wallet: string, coins: readonly Coin[]): void {
    if (coins.every((c) => c.amount === 0n)) this.view(store).delete(k.immatureTotalKey(wallet));
    else this.view(store).set(k.immatureTotalKey(wallet), P.ImmatureTotal.encode({ walletAddress: wallet, value: toWire(coins) }).finish());
  }

  *iterateImmatureTotals(store: KVStore): IterableIterator<{ wallet: string; value: Coin[] }> {
    for (const [, v] of this.scanPrefix(store, Uint8Array.of(k.IMMATURE_TOTAL_PREFIX))) {
      const t = P.ImmatureTotal.decode(v);
      yield { wallet: t.walletAddress, value: fromWire(t.value) };
    }
  }

  getVolumeReport(store: KVStore, epoch: bigint): VolumeReportRecord | undefined {
    const raw = this.view(store).get(k.volumeReportKey(epoch));
    return raw ? P.VolumeReportRecord.decode(raw) : undefined;
  }

  setVolumeReport(store: KVStore, epoch: bigint, record: VolumeReportRecord): void {
    this.view(store).set(k.volumeReportKey(epoch), P.VolumeReportRecord.encode(record).finish());
  }

  getTotalReward(store: KVStore, epoch: bigint): TotalReward | undefined {
    const raw = this.view(store).get(k.totalRewardKey(epoch));
    return raw ? P.TotalReward.decode(raw) : undefined;
  }

  setTotalReward(store: KVStore, epoch: bigint, total: TotalReward): void {
    this.view(store).set(k.totalRewardKey(epoch), P.TotalReward.encode(total).finish());
  }

  *iterateTotalRewards(store: KVStore): IterableIterator<{ epoch: bigint; total: TotalReward }> {
    for (const [key, v] of this.scanPrefix(store, Uint8Array.of(k.TOTAL_REWARD_PREFIX))) {
      yield { epoch: readU64be(key, 1), total: P.TotalReward.decode(v) };
    }
  }

  // ------------------------------------------------------------------ volume reports

  /**
   * MsgVolumeReport: reporter and owner, epoch, txData, signatures and threshold, then the
   * report is recorded and its rewards distributed. `txHash` goes into the VolumeReportRecord.
   */
  handleVolumeReport(ctx: Context, msg: MsgVolumeReport): DistributionResult {
    const store = ctx.store;
    const reporter = this.register.getMetaNode(store, msg.reporter);
    if (!reporter || reporter.ownerAddress !== msg.reporterOwner) {
      throw E.ErrReporterAddressOrOwner.wrap(`${msg.reporter} is not a meta node owned by ${msg.reporterOwner}`);
    }
    if (!isActiveMetaNode(reporter)) throw E.ErrReporterAddressOrOwner.wrap(`meta node ${msg.reporter} is not active (it must be bonded and not suspended)`);

    const epoch = BigInt(msg.epoch);
    const last = this.getLastDistributedEpoch(store);
    const current = this.currentEpoch(ctx);
    if (epoch <= last) throw E.ErrMatureEpoch.wrap(`epoch ${epoch} is not after the last distributed epoch ${last}`);
    if (epoch >= current) {
      throw E.ErrMatureEpoch.wrap(`epoch ${epoch} has not ended: block ${ctx.height} is in epoch ${current} (${this.getParams(store).epochLength} blocks per epoch)`);
    }

    this.verifyReportSignatures(store, msg);

    // tx_hash: the uppercase hex SHA-256 of the raw tx, as on Stratos (what CometBFT indexes).
    // Outside a tx (tests calling the keeper directly) it is the hash of the encoded Msg.
    const txHash = toHex(ctx.txHash ?? sha256(P.MsgVolumeReport.encode(msg).finish())).toUpperCase();
    this.setVolumeReport(store, epoch, { reporter: msg.reporter, reportReference: msg.reportReference, txHash });
    const volumes = msg.walletVolumes.map((v) => ({ wallet: v.walletAddress, volume: BigInt(v.volume) }));
    const result = this.distributePotReward(ctx, volumes, epoch);
    ev.emitVolumeReport(ctx.events, msg.reportReference, epoch);
    return result;
  }

  /** txData, pub_keys (distinct registered keys of bonded, non-suspended meta nodes), signatures, threshold. */
  verifyReportSignatures(store: KVStore, msg: MsgVolumeReport): void {
    const sig = msg.BLSSignature;
    if (!sig) throw E.ErrBLSSignatureInvalid.wrap("missing BLS_signature");
    const txData = volumeReportTxData(msg);
    if (!bytesEqual(txData, sig.txData)) throw E.ErrBLSTxDataInvalid.wrap("txData is not keccak256 of the report encoded without its signature");

    const seen = new Set<string>();
    const signers: string[] = [];
    for (const [i, pk] of sig.pubKeys.entries()) {
      if (pk.length !== 32) throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}] has ${pk.length} bytes; an ed25519 key has 32`);
      const hex = toHex(pk);
      if (seen.has(hex)) throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}] is listed twice`);
      seen.add(hex);
      const address = sdsAddressOfKey(pk);
      const node = this.register.getMetaNode(store, address);
      if (!node) throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}] is not the key of a registered meta node (${address})`);
      let registered: Uint8Array | undefined;
      try {
        registered = ed25519KeyFromAny(node.pubkey);
      } catch {
        registered = undefined;
      }
      if (!registered || !bytesEqual(registered, pk)) throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}] is not the registered key of meta node ${address}`);
      if (node.status !== BondStatus.BOND_STATUS_BONDED || node.suspend) {
        throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}]: meta node ${address} is not bonded or is suspended`);
      }
      signers.push(address);
    }

    const n = sig.pubKeys.length;
    if (sig.signature.length !== ED25519_SIGNATURE_LENGTH * n) {
      throw E.ErrBLSSignatureInvalid.wrap(`signature has ${sig.signature.length} bytes; expected ${ED25519_SIGNATURE_LENGTH} per public key (${ED25519_SIGNATURE_LENGTH * n})`);
    }
    for (let i = 0; i < n; i++) {
      const s = sig.signature.subarray(i * ED25519_SIGNATURE_LENGTH, (i + 1) * ED25519_SIGNATURE_LENGTH);
      if (!verifyEd25519(sig.pubKeys[i]!, txData, s)) throw E.ErrBLSVerifyFailed.wrap(`signature ${i} (meta node ${signers[i]}) does not verify over txData`);
    }

    const bonded = this.register.getBondedMetaNodeCount(store);
    if (!reachesThreshold(BigInt(n), bonded)) {
      throw E.ErrBLSNotReachThreshold.wrap(`${n} of ${bonded} bonded meta nodes signed; at least two thirds must`);
    }
  }

  /**
   * Distributes one epoch's rewards (fact sheet section 2.4): the split from St, Pt, Lt read
   * before any change, per-wallet resource-node shares, equal meta-node shares, individual
   * rewards keyed at `epoch + mature_epoch` (accumulated), totals, Lt += Y and the transfers.
   */
  distributePotReward(ctx: Context, volumes: readonly { wallet: string; volume: bigint }[], epoch: bigint): DistributionResult {
    const store = ctx.store;
    const params = this.getParams(store);
    const Y = volumes.reduce((s, v) => s + v.volume, 0n);
    if (Y <= 0n) throw E.ErrVolumeReport.wrap("the report's total volume is zero, so there is no traffic to reward");

    const pools = this.register.ozonePools(store);
    const rate = this.register.getDepositNozRate(store);
    const totalMined = this.getTotalMinedToken(store);
    const { tier, outOfIssuance } = tierFor(params.miningTiers, totalMined);
    let split: EpochSplit;
    try {
      split = splitEpoch(pools, rate, Y, tier, outOfIssuance);
    } catch (e) {
      if (e instanceof NozSupplyExceededError) throw E.ErrVolumeReport.wrap(`${e.message} (consumed ${Y} + remaining ${pools.Lt} noz)`);
      throw e;
    }

    const byWallet = new Map<string, { mining: bigint; traffic: bigint }>();
    let tax = Dec.ZERO;
    const add = (wallet: string, r: NodeReward) => {
      const cur = byWallet.get(wallet) ?? { mining: 0n, traffic: 0n };
      byWallet.set(wallet, { mining: cur.mining + r.mining, traffic: cur.traffic + r.traffic });
      tax = tax.add(r.tax);
    };
    for (const v of volumes) add(v.wallet, resourceNodeReward(split, v.volume, Y, params.communityTax));

    const bonded = this.register.getBondedMetaNodeCount(store);
    if (bonded <= 0n) throw E.ErrVolumeReport.wrap("there are no bonded meta nodes to pay");
    const perMetaNode = metaNodeReward(split, bonded, params.communityTax);
    for (const node of this.register.iterateMetaNodes(store)) {
      if (node.status !== BondStatus.BOND_STATUS_BONDED) continue;
      add(node.beneficiaryAddress || node.ownerAddress, perMetaNode);
    }

    const wallets = [...byWallet.keys()].sort();
    let nodeMining = 0n;
    let nodeTraffic = 0n;
    for (const w of wallets) {
      const r = byWallet.get(w)!;
      nodeMining += r.mining;
      nodeTraffic += r.traffic;
    }
    const communityTax = tax.truncate();
    const minedTotal = split.validatorMining + nodeMining;
    const trafficTotal = split.validatorTraffic + nodeTraffic + communityTax;

    // Mining is never minted: the foundation account must hold it, and the prepay pool the traffic part.
    const foundation = this.bank.getModuleBalance(store, FOUNDATION_ACCOUNT, params.rewardDenom);
    if (foundation < minedTotal) {
      throw E.ErrVolumeReport.wrap(`${FOUNDATION_ACCOUNT} holds ${foundation}${params.rewardDenom} but epoch ${epoch} mines ${minedTotal}${params.rewardDenom}; fund it with MsgFoundationDeposit`);
    }
    const prepay = this.bank.getModuleBalance(store, TOTAL_UNISSUED_PREPAY, params.bondDenom);
    if (prepay < trafficTotal) {
      throw E.ErrVolumeReport.wrap(`${TOTAL_UNISSUED_PREPAY} holds ${prepay}${params.bondDenom} but epoch ${epoch} pays ${trafficTotal}${params.bondDenom} of traffic rewards`);
    }

    const matureEpoch = epoch + params.matureEpoch;
    const rewards: { wallet: string; mining: bigint; traffic: bigint }[] = [];
    for (const wallet of wallets) {
      const r = byWallet.get(wallet)!;
      rewards.push({ wallet, ...r });
      const mining = coinsOf(params.rewardDenom, r.mining);
      const traffic = coinsOf(params.bondDenom, r.traffic);
      // Stratos overwrites an entry already at this key; we add to it (nothing is ever lost).
      const existing = this.getIndividualReward(store, matureEpoch, wallet);
      const merged = existing
        ? { walletAddress: wallet, rewardFromMiningPool: toWire([...fromWire(existing.rewardFromMiningPool), ...mining]), rewardFromTrafficPool: toWire([...fromWire(existing.rewardFromTrafficPool), ...traffic]) }
        : { walletAddress: wallet, rewardFromMiningPool: toWire(mining), rewardFromTrafficPool: toWire(traffic) };
      this.setIndividualReward(store, matureEpoch, merged);
      this.setImmatureTotal(store, wallet, [...this.getImmatureTotal(store, wallet), ...mining, ...traffic]);
    }

    this.setTotalMinedToken(store, totalMined + minedTotal);
    this.setLastDistributedEpoch(store, epoch);
    this.setTotalReward(store, epoch, { miningReward: toWire(coinsOf(params.rewardDenom, minedTotal)), trafficReward: toWire(coinsOf(params.bondDenom, trafficTotal)) });
    this.register.setRemainingOzoneLimit(store, pools.Lt + Y);

    const move = (from: string, to: string, denom: string, amount: bigint) => {
      if (amount > 0n) this.bank.sendCoinsFromModuleToModule(ctx, from, to, [{ denom, amount }]);
    };
    move(FOUNDATION_ACCOUNT, FEE_COLLECTOR, params.rewardDenom, split.validatorMining);
    move(TOTAL_UNISSUED_PREPAY, FEE_COLLECTOR, params.bondDenom, split.validatorTraffic);
    move(FOUNDATION_ACCOUNT, TOTAL_REWARD_POOL, params.rewardDenom, nodeMining);
    move(TOTAL_UNISSUED_PREPAY, TOTAL_REWARD_POOL, params.bondDenom, nodeTraffic);
    move(TOTAL_UNISSUED_PREPAY, COMMUNITY_POOL, params.bondDenom, communityTax);

    return { split, totalVolume: Y, rewards, minedTotal, nodeMining, nodeTraffic, communityTax, outOfIssuance, matureEpoch };
  }

  // ------------------------------------------------------------------ maturity

  /**
   * EndBlock: rewards keyed at mature epoch M mature once the current epoch (from the block
   * height) is >= M. At most MATURE_COUNT_PER_BLOCK wallets per block, in key order (mature
   * epoch, then wallet bytes); processed records are deleted, so the next block resumes where
   * this one stopped. Slashing debt is collected from the reward denom part first.
   */
  matureRewards(ctx: Context): { matured: number; slashed: bigint } {
    const store = ctx.store;
    const current = this.currentEpoch(ctx);
    if (current <= 0n) return { matured: 0, slashed: 0n };
    const params = this.getParams(store);
    const start = Uint8Array.of(k.INDIVIDUAL_REWARD_PREFIX);
    const end = k.individualRewardEpochPrefix(current + 1n);
    const due: [Uint8Array, Uint8Array][] = [];
    for (const [key, value] of this.scan(store, start, end)) {
      due.push([key.slice(), value]);
      if (due.length > MATURE_COUNT_PER_BLOCK) break;
    }
    const more = due.length > MATURE_COUNT_PER_BLOCK;
    const batch = more ? due.slice(0, MATURE_COUNT_PER_BLOCK) : due;

    let slashedTotal = 0n;
    for (const [key, value] of batch) {
      const reward = P.Reward.decode(value);
      const wallet = reward.walletAddress;
      const toMature = fromWire([...reward.rewardFromMiningPool, ...reward.rewardFromTrafficPool]);
      const { slashed, remaining } = this.register.deductSlashing(store, wallet, amountOf(toMature, params.rewardDenom));
      slashedTotal += slashed;
      const matured = toMature.map((c) => (c.denom === params.rewardDenom ? { denom: c.denom, amount: remaining } : c));
      this.setMatureTotal(store, wallet, [...this.getMatureTotal(store, wallet), ...matured]);
      this.setImmatureTotal(store, wallet, subCoins(this.getImmatureTotal(store, wallet), toMature).result);
      this.view(store).delete(key);
    }
    if (slashedTotal > 0n) this.bank.sendCoinsFromModuleToModule(ctx, TOTAL_REWARD_POOL, COMMUNITY_POOL, [{ denom: params.rewardDenom, amount: slashedTotal }]);
    if (!more && batch.length > 0 && this.getMaturedEpoch(store) < current) this.setMaturedEpoch(store, current);
    return { matured: batch.length, slashed: slashedTotal };
  }

  // ------------------------------------------------------------------ withdraw, deposit, slashing

  /** MsgWithdraw: matured rewards leave total_reward_pool for `target`. */
  withdraw(ctx: Context, wallet: string, target: string, amount: readonly Coin[]): void {
    const mature = this.getMatureTotal(ctx.store, wallet);
    if (!coversAll(mature, amount)) {
      throw E.ErrInsufficientMatureTotal.wrap(`${wallet} has ${formatCoins(mature) || "0"} of matured rewards, ${formatCoins(amount)} requested`);
    }
    this.bank.sendCoinsFromModuleToAccount(ctx, TOTAL_REWARD_POOL, target, amount);
    this.setMatureTotal(ctx.store, wallet, subCoins(mature, amount).result);
    ev.emitWithdraw(ctx.events, formatCoins(amount), wallet, target);
  }

  /** MsgFoundationDeposit: any account funds the foundation account (the source of mining rewards). */
  foundationDeposit(ctx: Context, from: string, amount: readonly Coin[]): void {
    this.bank.sendCoinsFromAccountToModule(ctx, from, FOUNDATION_ACCOUNT, amount);
    ev.emitFoundationDeposit(ctx.events, formatCoins(amount));
  }

  /**
   * MsgSlashingResourceNode: every reporter is an active meta node of the owner at the same
   * index; the slash (noz) becomes a wei debt trunc(R(Y)) of the wallet; a newly suspended node
   * loses its effective deposit from St and Lt. No coins move now (collected at maturity or unbonding).
   */
  slashResourceNode(ctx: Context, msg: MsgSlashingResourceNode): bigint {
    const store = ctx.store;
    if (msg.reporters.length === 0 || msg.reporters.length !== msg.reporterOwner.length) {
      throw E.ErrReporterAddressOrOwner.wrap(`${msg.reporters.length} reporters and ${msg.reporterOwner.length} owners; need at least one of each, as many owners as reporters`);
    }
    msg.reporters.forEach((reporter, i) => {
      const owner = msg.reporterOwner[i]!;
      const node = this.register.getMetaNode(store, reporter);
      if (!node || node.ownerAddress !== owner) throw E.ErrReporterAddressOrOwner.wrap(`reporter ${reporter} is not a meta node owned by ${owner}`);
      if (!isActiveMetaNode(node)) throw E.ErrReporterAddressOrOwner.wrap(`reporter ${reporter} is not an active meta node`);
    });
    const node = this.register.getResourceNode(store, msg.networkAddress);
    if (!node) throw E.ErrSlashingResourceNodeFailure.wrap(`no resource node ${msg.networkAddress}`);

    const amount = trafficRewardOf(this.register.ozonePools(store), BigInt(msg.slashing)).truncate();
    const toBeSuspended = !node.suspend && msg.suspend;
    this.register.setSlashing(store, msg.walletAddress, this.register.getSlashing(store, msg.walletAddress) + amount);
    if (toBeSuspended) this.register.suspendResourceNode(store, node);
    node.suspend = msg.suspend;
    this.register.setResourceNode(store, node);
    ev.emitSlashing(ctx.events, {
      walletAddress: msg.walletAddress,
      networkAddress: msg.networkAddress,
      amount,
      slashingType: nodeTypeLabel(node.nodeType),
      suspend: msg.suspend,
    });
    return amount;
  }

  /** Outstanding slashing debt of a wallet (wei; kept in the register store). */
  getSlashing(store: KVStore, wallet: string): bigint {
    return this.register.getSlashing(store, wallet);
  }

  // ------------------------------------------------------------------ supply figures

  /** Bank supply of `denom`. */
  bankSupply(store: KVStore, denom: string): bigint {
    return this.bank.getSupply(store, denom).amount;
  }

  /** Bank supply of the bond denom minus what is still to be mined (40M cap minus total mined). */
  circulationSupply(store: KVStore): Coin {
    const params = this.getParams(store);
    const supply = this.bank.getSupply(store, params.bondDenom).amount;
    const unmined = totalMining(params.miningTiers) - this.getTotalMinedToken(store);
    const c = supply - (unmined > 0n ? unmined : 0n);
    return { denom: params.bondDenom, amount: c > 0n ? c : 0n };
  }

  /** The Metrics query's figures, computed on demand (Stratos caches them for 5 minutes). */
  metrics(store: KVStore): stratos.pot.v1.Metrics {
    const params = this.getParams(store);
    const d = params.bondDenom;
    const mod = (name: string) => this.bank.getModuleBalance(store, name, d);
    const totalMined = this.getTotalMinedToken(store);
    const { tier, outOfIssuance } = tierFor(params.miningTiers, totalMined);
    const reward = outOfIssuance ? 0n : tier.reward;
    const bp = (n: bigint) => (reward * n) / 10_000n;
    const resourceBonded = mod(RESOURCE_NODE_BONDED_POOL);
    const s = (n: bigint) => n.toString();
    return P.Metrics.fromPartial({
      totalSupply: s(this.bank.getSupply(store, d).amount),
      totalMiningSupply: s(totalMining(params.miningTiers)),
      totalMinedTokens: s(totalMined),
      totalResourceNodesDeposit: s(resourceBonded + mod(RESOURCE_NODE_NOT_BONDED_POOL)),
      totalBondedDelegation: s(mod(BONDED_TOKENS_POOL)),
      totalUnbondedDelegation: "0",
      totalUnbondingDelegation: s(mod(NOT_BONDED_TOKENS_POOL)),
      circulationSupply: s(this.circulationSupply(store).amount),
      totalMiningReward: s(reward),
      chainMiningReward: s(bp(tier.chainBp)),
      resourceMiningReward: s(bp(tier.resourceNodeBp)),
      metaMiningReward: s(bp(tier.metaNodeBp)),
      resourceNodeDeposit: s(resourceBonded),
      metaNodeDeposit: s(mod(META_NODE_BONDED_POOL)),
      unissuedPrepay: s(mod(TOTAL_UNISSUED_PREPAY)),
    });
  }
}
