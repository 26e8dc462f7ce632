import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import { nozPrice, nozSupply, OzoneLimitExceededError, prepay } from "../../economics/ozone";
import { bytesEqual, prefixEnd, toHex } from "../../store/bytes";
import type { KVStore } from "../../store/kv-store";
import { PrefixStore } from "../../store/prefix-store";
import { formatCoin, type Coin } from "../../types/coin";
import type { Dec } from "../../types/dec";
import { TOTAL_UNISSUED_PREPAY } from "../../types/module-accounts";
import { BondStatus, isActiveMetaNode } from "../register/node-status";
import { setBit } from "./bitmap";
import { ErrInvalid, ErrInvalidDenom, ErrOzoneLimitNotEnough, ErrPrepayFailure, ErrReporterAddressOrOwner } from "./errors";
import * as ev from "./events";
import type { BankKeeper, RegisterKeeper } from "./expected-keepers";
import {
  FILE_PREFIX,
  fileHashFromKey,
  fileHashFromOwnerIndexKey,
  fileKey,
  ownerIndexKey,
  ownerIndexPrefix,
  PARAMS_KEY,
  STORE_PREFIX,
} from "./keys";
import { DEFAULT_SDS_PARAMS, sdsParamsFromProto, sdsParamsToProto, validateSdsParams, type SdsParams } from "./params";

type FileInfo = stratos.sds.v1.FileInfo;
type MsgFileUpload = stratos.sds.v1.MsgFileUpload;
const P = stratos.sds.v1;

/**
 * The sds module's state and rules: file records (= storage deals) with their reporter bitmaps
 * and owner index, and the ozone prepay that moves STOS into `total_unissued_prepay` and lowers
 * the remaining ozone limit Lt kept by register.
 */
export class SdsKeeper {
  constructor(
    private readonly bank: BankKeeper,
    private readonly register: RegisterKeeper,
    /** The only address MsgUpdateParams accepts: the gov module account. */
    readonly authority: string,
  ) {}

  private view(store: KVStore): PrefixStore {
    return new PrefixStore(store, STORE_PREFIX);
  }

  private *scan(store: KVStore, prefix: Uint8Array): IterableIterator<[Uint8Array, Uint8Array]> {
    const end = prefixEnd(prefix);
    yield* this.view(store).iterate({ start: prefix, ...(end ? { end } : {}) });
  }

  // ------------------------------------------------------------------ params

  getParams(store: KVStore): SdsParams {
    const raw = this.view(store).get(PARAMS_KEY);
    return raw ? sdsParamsFromProto(P.Params.decode(raw)) : DEFAULT_SDS_PARAMS;
  }

  setParams(store: KVStore, params: SdsParams): void {
    this.view(store).set(PARAMS_KEY, P.Params.encode(sdsParamsToProto(params)).finish());
  }

  // ------------------------------------------------------------------ file records

  getFileInfo(store: KVStore, fileHash: string): FileInfo | undefined {
    const raw = this.view(store).get(fileKey(fileHash));
    return raw ? P.FileInfo.decode(raw) : undefined;
  }

  hasFile(store: KVStore, fileHash: string): boolean {
    return this.view(store).has(fileKey(fileHash));
  }

  /** Writes a record and keeps the owner index in step with its `owner`. */
  setFileInfo(store: KVStore, fileHash: string, info: FileInfo): void {
    const view = this.view(store);
    const previous = this.getFileInfo(store, fileHash);
    if (previous?.owner && previous.owner !== info.owner) view.delete(ownerIndexKey(previous.owner, fileHash));
    view.set(fileKey(fileHash), P.FileInfo.encode(info).finish());
    if (info.owner) view.set(ownerIndexKey(info.owner, fileHash), new Uint8Array());
  }

  /** Every record, in file-hash byte order. */
  *iterateFiles(store: KVStore): IterableIterator<{ fileHash: string; fileInfo: FileInfo }> {
    for (const [k, v] of this.scan(store, Uint8Array.of(FILE_PREFIX))) yield { fileHash: fileHashFromKey(k), fileInfo: P.FileInfo.decode(v) };
  }

  /** Hashes of the files owned by `owner` (an `st` address), in file-hash byte order. */
  filesByOwner(store: KVStore, owner: string): string[] {
    const out: string[] = [];
    for (const [k] of this.scan(store, ownerIndexPrefix(owner))) out.push(fileHashFromOwnerIndexKey(k));
    return out;
  }

  // ------------------------------------------------------------------ ozone

  /** Noz a prepay of `amount` (bond denom) would buy now; 0 for a non-positive amount. */
  simulatePrepay(store: KVStore, amount: bigint): bigint {
    if (amount <= 0n) return 0n;
    try {
      return prepay(this.register.ozonePools(store), amount).purchased;
    } catch (e) {
      if (e instanceof OzoneLimitExceededError) return 0n;
      throw e;
    }
  }

  /** (St + Pt) / Lt in wei per noz; undefined while Lt is 0. */
  nozPrice(store: KVStore): Dec | undefined {
    return nozPrice(this.register.ozonePools(store));
  }

  /** {total: trunc(St / rate), remaining: Lt}. */
  nozSupply(store: KVStore): { total: bigint; remaining: bigint } {
    return nozSupply(this.register.ozonePools(store), this.register.getDepositNozRate(store));
  }

  /**
   * MsgPrepay: X = the bond-denom part of `amount` (other denoms ignored) buys
   * trunc(Lt * X / (St + Pt + X)) noz, with the pools read before the transfer; X moves from the
   * sender to `total_unissued_prepay` and Lt drops by the noz bought. A prepay that would buy
   * nothing is refused, so it takes no coins. Returns the noz purchased.
   */
  prepay(ctx: Context, sender: string, beneficiary: string, amount: readonly Coin[]): bigint {
    const { bondDenom } = this.getParams(ctx.store);
    const X = amount.find((c) => c.denom === bondDenom)?.amount ?? 0n;
    if (X <= 0n) throw ErrInvalidDenom.wrap(`prepay amount has no ${bondDenom}`);
    const paid: Coin = { denom: bondDenom, amount: X };
    const balance = this.bank.getBalance(ctx.store, sender, bondDenom);
    if (balance.amount < X) throw ErrPrepayFailure.wrap(`insufficient funds: spendable balance ${formatCoin(balance)} is smaller than ${formatCoin(paid)}`);
    const pools = this.register.ozonePools(ctx.store);
    let purchased: bigint;
    try {
      purchased = prepay(pools, X).purchased;
    } catch (e) {
      if (e instanceof OzoneLimitExceededError) throw ErrOzoneLimitNotEnough.wrap(e.message);
      throw e;
    }
    if (purchased === 0n) throw ErrOzoneLimitNotEnough.wrap(`a prepay of ${formatCoin(paid)} would buy 0 noz (remaining limit ${pools.Lt} noz)`);
    this.bank.sendCoinsFromAccountToModule(ctx, sender, TOTAL_UNISSUED_PREPAY, [paid]);
    this.register.setRemainingOzoneLimit(ctx.store, pools.Lt - purchased);
    ev.emitPrepay(ctx, { sender, beneficiary, amount: formatCoin(paid), purchasedNoz: purchased });
    return purchased;
  }

  // ------------------------------------------------------------------ file upload

  /** `from` must own the reporter meta node, and that node must be active (Bonded, not suspended). */
  private requireActiveReporter(store: KVStore, from: string, reporter: string): number {
    const node = this.register.getMetaNode(store, reporter);
    if (!node || node.ownerAddress !== from) throw ErrReporterAddressOrOwner.wrap(`${from} does not own meta node ${reporter}`);
    if (!isActiveMetaNode(node)) throw ErrReporterAddressOrOwner.wrap(`meta node ${reporter} is not active (bonded and not suspended)`);
    const index = this.register.metaNodeBitmapIndex(store, reporter);
    if (index === undefined) throw ErrReporterAddressOrOwner.wrap(`meta node ${reporter} has no bitmap index`);
    return index;
  }

  /** Every holder must be a registered resource node that is Bonded and not suspended. */
  private requireActiveHolders(store: KVStore, msg: MsgFileUpload): void {
    const checked = new Set<string>();
    for (const h of msg.holders) {
      for (const a of h.sdsAddresses) {
        if (checked.has(a)) continue;
        checked.add(a);
        const node = this.register.getResourceNode(store, a);
        if (!node) throw ErrInvalid.wrap(`holder ${a} of slice ${h.sliceIndex} is not a registered resource node`);
        if (node.status !== BondStatus.BOND_STATUS_BONDED || node.suspend) {
          throw ErrInvalid.wrap(`holder ${a} of slice ${h.sliceIndex} is not an active resource node (bonded and not suspended)`);
        }
      }
    }
  }

  /**
   * MsgFileUpload (already through validateMsgFileUpload): records the storage deal under the
   * file hash. A first upload sets the owner (the uploader); a later upload of the same CID must
   * carry the same root, size and chunk size and then re-records the slices and holders (a
   * repair), ORs in the reporter's bit and moves height and uploader, never the owner.
   */
  fileUpload(ctx: Context, msg: MsgFileUpload): void {
    const store = ctx.store;
    const bit = this.requireActiveReporter(store, msg.from, msg.reporter);
    this.requireActiveHolders(store, msg);
    const existing = this.getFileInfo(store, msg.fileHash);
    let owner = msg.uploader;
    let reporters: Uint8Array = new Uint8Array();
    if (existing) {
      // A record without a deal (imported from the real chain) is adopted by its first deal.
      const hasDeal = existing.merkleRoot.length > 0;
      if (hasDeal && (!bytesEqual(existing.merkleRoot, msg.merkleRoot) || existing.size !== msg.size || existing.chunkSize !== msg.chunkSize)) {
        throw ErrInvalid.wrap(`file already recorded with a different root: ${msg.fileHash} has root ${toHex(existing.merkleRoot)}, size ${existing.size}, chunk size ${existing.chunkSize}`);
      }
      owner = existing.owner || msg.uploader;
      reporters = existing.reporters;
    }
    const holders = [...msg.holders]
      .sort((a, b) => a.sliceIndex - b.sliceIndex)
      .map((h) => P.SliceHolders.fromPartial({ sliceIndex: h.sliceIndex, sdsAddresses: [...h.sdsAddresses] }));
    this.setFileInfo(
      store,
      msg.fileHash,
      P.FileInfo.fromPartial({
        height: ctx.height.toString(),
        reporters: setBit(reporters, bit),
        uploader: msg.uploader,
        cid: msg.fileHash,
        owner,
        size: msg.size,
        merkleRoot: msg.merkleRoot,
        chunkSize: msg.chunkSize,
        sliceCount: msg.sliceCount,
        replicas: msg.replicas,
        holders,
      }),
    );
    ev.emitFileUpload(ctx, { sender: msg.from, reporter: msg.reporter, uploader: msg.uploader, fileHash: msg.fileHash });
  }

  // ------------------------------------------------------------------ governance

  /** MsgUpdateParams: only the gov module account may replace the params. */
  updateParams(ctx: Context, authority: string, params: SdsParams): void {
    if (authority !== this.authority) throw ErrInvalid.wrap(`invalid authority; expected ${this.authority}, got ${authority}`);
    const problem = validateSdsParams(params);
    if (problem) throw ErrInvalid.wrap(`invalid params: ${problem}`);
    this.setParams(ctx.store, params);
  }
}
