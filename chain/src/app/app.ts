import { AminoTypes } from "@cosmjs/stargate";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import {
  CheckTxType,
  ResponseProcessProposal_ProposalStatus,
  type RequestApplySnapshotChunk,
  type RequestCheckTx,
  type RequestListSnapshots,
  type RequestLoadSnapshotChunk,
  type RequestOfferSnapshot,
  type ResponseApplySnapshotChunk,
  type ResponseListSnapshots,
  type ResponseLoadSnapshotChunk,
  type ResponseOfferSnapshot,
  type RequestPrepareProposal,
  type RequestProcessProposal,
  type ResponsePrepareProposal,
  type ResponseProcessProposal,
  type RequestFinalizeBlock,
  type RequestInfo,
  type RequestInitChain,
  type RequestQuery,
  type ResponseCheckTx,
  type ResponseCommit,
  type ResponseFinalizeBlock,
  type ResponseInfo,
  type ResponseInitChain,
  type ResponseQuery,
  type ValidatorUpdate,
} from "cosmjs-types/tendermint/abci/types";
import { BaseApplication, trimTxsToMaxBytes } from "../abci/base-application";
import { authModule, AuthKeeper } from "../modules/auth";
import { bankModule, BankKeeper } from "../modules/bank";
import { stakingModule, StakingKeeper } from "../modules/staking";
import { registerModule, RegisterKeeper } from "../modules/register";
import { sdsModule, SdsKeeper } from "../modules/sds";
import { potModule, PotKeeper } from "../modules/pot";
import { MODULE_ACCOUNTS } from "../types/module-accounts";
import { CacheStore } from "../store/cache-store";
import type { CommitStore } from "../store/commit-store";
import type { KVStore } from "../store/kv-store";
import type { Coin } from "../types/coin";
import { ChainError, ErrInvalidRequest, ErrUnknownRequest } from "../types/errors";
import { EventManager } from "../types/events";
import { signDigest, type AnteDeps } from "./ante/ante";
import { SignatureCache } from "./ante/signature-cache";
import type { Context } from "./context";
import { GasMeter } from "./gas";
import { parseAppState } from "./genesis";
import { HistoricalStore } from "./historical-store";
import type { Module, MsgRoute, QueryHandler } from "./module";
import { QueryError } from "./query-error";
import { queryStoreKey, STORE_KEY_QUERY_PATH } from "./store-query";
import { ReadOnlyStore } from "./read-only-store";
import { runTx, type BlockInfo } from "./tx-runner";
import { DecodeCache, type DecodedTx } from "./ante/decode";
import { VerifierPool, type SignatureCheck } from "./ante/verifier-pool";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { SECP256K1_PUBKEY_TYPE_URL } from "../modules/auth";
import { tuneCosmjsTypesWriter } from "./codec-tuning";
import { SnapshotBuilder, type SnapshotOptions } from "./snapshots/snapshot-builder";
import { SNAPSHOT_FORMAT } from "./snapshots/snapshot-format";
import { SnapshotRestorer } from "./snapshots/snapshot-restorer";

tuneCosmjsTypesWriter();

export const APP_NAME = "stratos";
export const APP_VERSION = "0.1.0";
export const BOND_DENOM = "wei";
const utf8 = new TextEncoder();
const utf8d = new TextDecoder();
const CHAIN_ID_KEY = utf8.encode("app/chain_id");
/** Blocks smaller than this are verified inline; a worker round trip is not worth it. */
const PREVERIFY_MIN_TXS = 16;

/** Node settings (not consensus). */
export interface AppOptions {
  /** Minimum gas price for CheckTx, e.g. 1000000000wei. */
  readonly minGasPrice?: Coin;
  /** Largest tx accepted, in bytes. */
  readonly maxTxBytes?: number;
  /** Verified-signature cache; pass a NoSignatureCache to verify every signature twice. */
  readonly signatureCache?: SignatureCache;
  /**
   * Worker threads that verify a block's signatures in parallel before it executes (the
   * calling thread takes a share too). 0 verifies inline only. Default 1 (2-core machines).
   */
  readonly verifyWorkers?: number;
  readonly logger?: (line: string) => void;
  /** State-sync snapshots this node takes and serves (none when absent; restoring works either way). */
  readonly snapshots?: SnapshotOptions;
}

/**
 * The Stratos ABCI application: wires the modules, keeps the three state branches the
 * Cosmos SDK keeps (committed, block, check) and maps ABCI calls onto them. Everything that
 * runs in consensus is deterministic: block height and time come from the request, maps
 * are iterated in sorted key order by the stores, amounts are bigint.
 */
export class StratosApp extends BaseApplication {
  readonly auth = new AuthKeeper();
  readonly bank = new BankKeeper(this.auth);
  readonly staking = new StakingKeeper(this.bank);
  readonly register = new RegisterKeeper(this.bank, this.auth);
  /** The address allowed to send MsgUpdateParams (the x/gov module account, as on Stratos). */
  readonly authority = this.auth.moduleAccountAddress("gov");
  readonly sds = new SdsKeeper(this.bank, this.register, this.authority);
  readonly pot = new PotKeeper(this.bank, this.register, this.authority);
  readonly modules: readonly Module[];
  private readonly routes = new Map<string, MsgRoute<unknown>>();
  private readonly queries = new Map<string, QueryHandler>();
  private readonly deps: AnteDeps;
  private readonly verifier: VerifierPool | undefined;
  private readonly decodeCache: DecodeCache;
  private readonly log: (line: string) => void;
  /** Takes and serves snapshots (undefined: this node serves none). */
  readonly snapshots: SnapshotBuilder | undefined;
  private readonly restorer: SnapshotRestorer;

  /** Block branch: InitChain and FinalizeBlock write here; Commit persists it. */
  private deliver: CacheStore | undefined;
  /** Check branch: CheckTx writes here (sequence bumps); reset at every Commit. */
  private check: CacheStore;
  private pendingHeight: bigint | undefined;
  /** The chain-id, fixed at genesis; memoised so CheckTx does not read and decode it each time. */
  private chainIdMemo: string | undefined;
  /** Per-block counters for the operator log line (not consensus state). */
  private stats = { checks: 0, rechecks: 0, checkMs: 0, finalizeMs: 0, txs: 0, failed: 0 };

  constructor(
    private readonly store: CommitStore,
    options: AppOptions = {},
  ) {
    super();
    for (const m of MODULE_ACCOUNTS) this.bank.blockModuleAccount(m.name);
    this.modules = [
      authModule(this.auth),
      bankModule(this.bank, this.auth),
      stakingModule(this.staking, this.bank),
      registerModule(this.register, this.bank, this.authority),
      sdsModule(this.sds),
      potModule(this.pot),
    ];
    for (const m of this.modules) {
      for (const r of m.msgs) {
        if (this.routes.has(r.typeUrl)) throw new Error(`message ${r.typeUrl} routed twice`);
        this.routes.set(r.typeUrl, r);
      }
      for (const [path, h] of Object.entries(m.queries)) {
        if (this.queries.has(path)) throw new Error(`query ${path} routed twice`);
        this.queries.set(path, h);
      }
    }
    this.decodeCache = new DecodeCache(this.routes);
    const aminoTypes = new AminoTypes(Object.fromEntries([...this.routes.values()].map((r) => [r.typeUrl, r.amino])));
    this.deps = {
      auth: this.auth,
      bank: this.bank,
      aminoTypes,
      minGasPrice: options.minGasPrice,
      maxTxBytes: options.maxTxBytes ?? 1024 * 1024,
      signatureCache: options.signatureCache ?? new SignatureCache(),
    };
    this.log = options.logger ?? (() => undefined);
    this.snapshots = options.snapshots ? new SnapshotBuilder(store, options.snapshots, this.log) : undefined;
    this.restorer = new SnapshotRestorer(store, this.log);
    const workers = options.verifyWorkers ?? 1;
    this.verifier = workers > 0 ? new VerifierPool(workers) : undefined;
    this.check = new CacheStore(store.committed(), { cacheReads: true });
  }

  /** Message routes by type URL (for tooling and tests). */
  msgRoutes(): ReadonlyMap<string, MsgRoute<unknown>> {
    return this.routes;
  }

  /** The chain-id recorded at genesis; empty before InitChain. */
  chainId(): string {
    if (this.chainIdMemo !== undefined) return this.chainIdMemo;
    const raw = this.store.committed().get(CHAIN_ID_KEY) ?? this.deliver?.get(CHAIN_ID_KEY);
    if (!raw) return ""; // before InitChain: not memoised
    this.chainIdMemo = utf8d.decode(raw);
    return this.chainIdMemo;
  }

  override info(_req: RequestInfo): ResponseInfo {
    const last = this.store.lastCommit();
    return {
      data: APP_NAME,
      version: APP_VERSION,
      appVersion: 1n,
      lastBlockHeight: last.height,
      lastBlockAppHash: last.height === 0n ? new Uint8Array() : last.appHash,
    };
  }

  override initChain(req: RequestInitChain): ResponseInitChain {
    if (this.store.lastCommit().height !== 0n) throw new Error("InitChain called on a chain that already has blocks");
    const sections = parseAppState(req.appStateBytes, this.modules);
    const deliver = new CacheStore(this.store.committed(), { cacheReads: true });
    deliver.set(CHAIN_ID_KEY, utf8.encode(req.chainId));
    const ctx: Context = {
      store: deliver,
      chainId: req.chainId,
      height: req.initialHeight > 0n ? req.initialHeight : 1n,
      blockTimeSeconds: req.time.seconds,
      mode: "genesis",
      gasMeter: new GasMeter(undefined),
      events: new EventManager(),
    };
    const validators = new ValidatorUpdatesOf();
    for (const m of this.modules) {
      validators.add(m.name, m.initGenesis(ctx, sections.get(m.name)));
      // Module accounts right after auth's accounts (numbers follow them) and before any
      // module can move coins to a module address.
      if (m.name === "auth") for (const a of MODULE_ACCOUNTS) this.auth.getOrCreateModuleAccount(deliver, a.name, a.permissions);
    }
    this.deliver = deliver;
    this.pendingHeight = undefined; // a block executed before a crash and a second InitChain
    const appHash = this.store.stage(deliver.changes());
    this.log(`init chain ${req.chainId}: app hash ${Buffer.from(appHash).toString("hex")}`);
    // Empty (no staking validators in genesis): CometBFT keeps the validators of genesis.json.
    return { validators: validators.list, appHash };
  }

  /**
   * The proposal: mempool txs in order, minus any that cannot be decoded (they could only
   * fail, and would pay no fee for their block space), trimmed to `maxTxBytes`.
   */
  override prepareProposal(req: RequestPrepareProposal): ResponsePrepareProposal {
    const decodable = req.txs.filter((raw) => this.isDecodable(raw));
    return { txs: trimTxsToMaxBytes(decodable, req.maxTxBytes) };
  }

  /**
   * Rejects a proposal that carries a tx our PrepareProposal would have dropped. Depends
   * only on the proposal's bytes (decoding is deterministic), so every honest node agrees.
   */
  override processProposal(req: RequestProcessProposal): ResponseProcessProposal {
    const ok = req.txs.every((raw) => this.isDecodable(raw));
    return { status: ok ? ResponseProcessProposal_ProposalStatus.ACCEPT : ResponseProcessProposal_ProposalStatus.REJECT };
  }

  private isDecodable(raw: Uint8Array): boolean {
    return this.tryDecode(raw) !== undefined;
  }

  /** The decoded tx, or undefined when it does not decode (runTx then reports why). */
  private tryDecode(raw: Uint8Array): DecodedTx | undefined {
    try {
      return this.decodeCache.decode(raw);
    } catch {
      return undefined;
    }
  }

  override checkTx(req: RequestCheckTx): ResponseCheckTx {
    const t0 = performance.now();
    const recheck = req.type === CheckTxType.RECHECK;
    const out = runTx(recheck ? "recheck" : "check", req.tx, this.check, this.checkBlock(), this.routes, this.deps, this.tryDecode(req.tx));
    if (recheck) this.stats.rechecks++;
    else this.stats.checks++;
    this.stats.checkMs += performance.now() - t0;
    return { code: out.code, data: out.data, log: out.log, info: "", gasWanted: out.gasWanted, gasUsed: out.gasUsed, events: [], codespace: out.codespace };
  }

  private checkBlock(): BlockInfo {
    const last = this.store.lastCommit();
    return { chainId: this.chainId(), height: last.height + 1n, blockTimeSeconds: 0n };
  }

  override async finalizeBlock(req: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    const last = this.store.lastCommit().height;
    if (last !== 0n && req.height !== last + 1n) {
      throw new Error(`FinalizeBlock for height ${req.height} but the last committed height is ${last}`);
    }
    if (this.pendingHeight !== undefined) {
      // The last FinalizeBlock was never committed: CometBFT died between the two and, started
      // again, executes that height anew. Its staged changes must not be applied twice.
      this.log(`discarding uncommitted block ${this.pendingHeight} (CometBFT restarted before Commit)`);
      this.resetToCommitted();
    }
    const t0 = performance.now();
    const deliver = this.deliver ?? new CacheStore(this.store.committed(), { cacheReads: true });
    this.deliver = deliver;
    const decoded = req.txs.map((raw) => this.tryDecode(raw));
    if (this.verifier && req.txs.length >= PREVERIFY_MIN_TXS) await this.preverify(deliver, decoded);
    const block: BlockInfo = { chainId: this.chainId(), height: req.height, blockTimeSeconds: req.time.seconds };
    const txResults = req.txs.map((raw, i) => {
      const out = runTx("finalize", raw, deliver, block, this.routes, this.deps, decoded[i]);
      return { code: out.code, data: out.data, log: out.log, info: "", gasWanted: out.gasWanted, gasUsed: out.gasUsed, events: out.events, codespace: out.codespace };
    });
    const { events, validatorUpdates } = this.endBlock(deliver, block);
    const appHash = this.store.stage(deliver.changes());
    this.pendingHeight = req.height;
    this.stats.txs = txResults.length;
    this.stats.failed = txResults.filter((r) => r.code !== 0).length;
    this.stats.finalizeMs = performance.now() - t0;
    return { events, txResults, validatorUpdates, appHash };
  }

  /**
   * Runs every module's EndBlock work (staking: the bonded set and CometBFT's validator
   * updates, maturities; register: unbonding payouts; pot: reward maturity) in module order,
   * on the block branch, with no gas limit. A failure here is a broken invariant and stops the
   * app rather than letting nodes diverge.
   */
  private endBlock(store: CacheStore, block: BlockInfo): { events: ResponseFinalizeBlock["events"]; validatorUpdates: ValidatorUpdate[] } {
    const ctx: Context = { ...block, store, mode: "finalize", gasMeter: new GasMeter(undefined), events: new EventManager() };
    const updates = new ValidatorUpdatesOf();
    for (const m of this.modules) updates.add(m.name, m.hooks?.endBlock?.(ctx));
    return { events: ctx.events.events(), validatorUpdates: updates.list };
  }

  /**
   * Verifies the block's signatures on the verifier pool, against sign bytes built from the
   * state at the start of the block, and records the valid ones in the signature cache.
   * Only successes are recorded and a later tx of the same signer simply misses the cache,
   * so execution results are the same with or without this step.
   */
  private async preverify(state: KVStore, txs: readonly (DecodedTx | undefined)[]): Promise<void> {
    const view = new ReadOnlyStore(state);
    const chainId = this.chainId();
    const checks: SignatureCheck[] = [];
    for (const tx of txs) {
      if (!tx) continue;
      tx.signers.forEach((signer, i) => {
        const signature = tx.signatures[i];
        const info = tx.authInfo.signerInfos[i];
        if (!signature || !info) return;
        // A tx this step cannot read (a signer that is not an address, a garbage public key, sign
        // bytes that cannot be built) is not pre-verified; the ante then refuses it with a code.
        let pubkey: Uint8Array | undefined;
        let digest: Uint8Array;
        try {
          const account = this.auth.getAccount(view, signer);
          if (!account) return;
          pubkey = info.publicKey?.typeUrl === SECP256K1_PUBKEY_TYPE_URL ? PubKey.decode(info.publicKey.value).key : account.pubKey;
          if (!pubkey) return;
          const mode = info.modeInfo?.single?.mode;
          if (mode !== SignMode.SIGN_MODE_DIRECT && mode !== SignMode.SIGN_MODE_LEGACY_AMINO_JSON) return;
          digest = signDigest(tx, i, this.deps.aminoTypes, chainId, account.accountNumber, account.sequence, mode);
        } catch {
          return;
        }
        if (!this.deps.signatureCache.has(digest, signature, pubkey)) checks.push({ digest, signature, pubkey });
      });
    }
    if (checks.length === 0) return;
    const results = await this.verifier!.verify(checks);
    results.forEach((ok, i) => {
      const c = checks[i]!;
      if (ok) this.deps.signatureCache.add(c.digest, c.signature, c.pubkey);
    });
  }

  /** Stops the verifier workers (the node calls this on shutdown). */
  async close(): Promise<void> {
    await Promise.all([this.verifier?.close(), this.snapshots?.close()]);
  }

  override commit(): ResponseCommit {
    if (this.pendingHeight === undefined) throw new Error("Commit without FinalizeBlock");
    const t0 = performance.now();
    const info = this.store.commit(this.pendingHeight);
    const st = this.stats;
    if (st.txs > 0 || st.checks > 0) {
      this.log(
        `height ${info.height}: ${st.txs} txs (${st.failed} failed), finalize ${st.finalizeMs.toFixed(0)} ms, commit ${(performance.now() - t0).toFixed(0)} ms; ` +
          `since last block CheckTx new ${st.checks}, recheck ${st.rechecks}, ${st.checkMs.toFixed(0)} ms; app hash ${Buffer.from(info.appHash).toString("hex").slice(0, 16)}`,
      );
    }
    this.stats = { checks: 0, rechecks: 0, checkMs: 0, finalizeMs: 0, txs: 0, failed: 0 };
    this.resetToCommitted();
    this.snapshots?.afterCommit(info.height);
    return { retainHeight: 0n };
  }

  /** No block in progress: the next FinalizeBlock and every CheckTx start from the committed state. */
  private resetToCommitted(): void {
    this.pendingHeight = undefined;
    this.deliver = undefined;
    this.check = new CacheStore(this.store.committed(), { cacheReads: true });
  }

  /** State sync, serving side: the snapshots kept (newest first). */
  override listSnapshots(_req: RequestListSnapshots): ResponseListSnapshots {
    return { snapshots: this.snapshots?.serveList() ?? [] };
  }

  /** State sync, serving side: one chunk (empty when there is no such snapshot or chunk). */
  override loadSnapshotChunk(req: RequestLoadSnapshotChunk): ResponseLoadSnapshotChunk {
    if (req.format !== SNAPSHOT_FORMAT) return { chunk: new Uint8Array() };
    return { chunk: this.snapshots?.serveChunk(req.height, req.chunk) ?? new Uint8Array() };
  }

  /** State sync, joining side: see SnapshotRestorer. */
  override offerSnapshot(req: RequestOfferSnapshot): ResponseOfferSnapshot {
    return { result: this.restorer.offer(req) };
  }

  /** State sync, joining side: once the last chunk is in, the state is committed and every branch starts from it. */
  override applySnapshotChunk(req: RequestApplySnapshotChunk): ResponseApplySnapshotChunk {
    const { response, restored } = this.restorer.apply(req);
    if (restored !== undefined) this.resetToCommitted();
    return response;
  }

  override query(req: RequestQuery): ResponseQuery {
    const latest = this.store.lastCommit().height;
    const height = req.height === 0n ? latest : req.height;
    const base = { index: 0n, key: new Uint8Array(), value: new Uint8Array(), info: "", height, codespace: "", log: "" };
    const fail = (code: number, codespace: string, log: string): ResponseQuery => ({ ...base, code, codespace, log });
    if (height > latest) return fail(ErrInvalidRequest.code, ErrInvalidRequest.codespace, "cannot query with height in the future; please provide a valid height: invalid request");
    if (height < 0n) return fail(ErrInvalidRequest.code, ErrInvalidRequest.codespace, "cannot query with negative height: invalid request");
    try {
      if (req.path === "/cosmos.tx.v1beta1.Service/Simulate") return { ...base, code: 0, value: this.simulate(req.data) };
      if (req.path === STORE_KEY_QUERY_PATH) return { ...base, code: 0, ...queryStoreKey(this.store, req.data, height, req.prove) };
      const handler = this.queries.get(req.path);
      if (!handler) return fail(ErrUnknownRequest.code, ErrUnknownRequest.codespace, `unknown query path ${req.path}: unknown request`);
      const view: KVStore = height === latest ? new ReadOnlyStore(this.store.committed()) : new ReadOnlyStore(new HistoricalStore(this.store, height));
      return { ...base, code: 0, value: handler(view, req.data) };
    } catch (e) {
      if (e instanceof QueryError) {
        const kind = e.abciKind();
        return fail(kind.code, kind.codespace, `${e.grpcText()}: ${kind.description}`);
      }
      if (e instanceof ChainError) return fail(e.code, e.codespace, e.message);
      // Malformed request bytes and the like: the query fails, the app does not.
      return fail(ErrInvalidRequest.code, ErrInvalidRequest.codespace, `${(e as Error).message}: invalid request`);
    }
  }

  /** Runs a tx on a throwaway branch of the check state, with no signature checks and unlimited gas. */
  private simulate(data: Uint8Array): Uint8Array {
    const req = SimulateRequest.decode(data);
    if (req.txBytes.length === 0) throw QueryError.invalidArgument("empty txBytes is not allowed");
    const branch = new CacheStore(this.check);
    const out = runTx("simulate", req.txBytes, branch, this.checkBlock(), this.routes, this.deps);
    if (out.code !== 0) {
      throw new ChainError(ErrUnknownRequest, `${out.log} With gas wanted: '${out.gasWanted}' and gas used: '${out.gasUsed}' : unknown request`);
    }
    return SimulateResponse.encode({
      gasInfo: { gasWanted: out.gasWanted, gasUsed: out.gasUsed },
      result: { data: out.data, log: "", events: out.events, msgResponses: [...out.msgResponses] },
    }).finish();
  }

  /** Exports every module's state as genesis JSON (for tests and tooling). */
  exportAppState(): Record<string, unknown> {
    const view = new ReadOnlyStore(this.store.committed());
    return Object.fromEntries(this.modules.map((m) => [m.name, m.exportGenesis(view)]));
  }
}

/** Collects validator updates from modules; only one module may return any (the SDK's rule). */
class ValidatorUpdatesOf {
  list: ValidatorUpdate[] = [];
  private from: string | undefined;

  add(module: string, updates: ValidatorUpdate[] | void): void {
    if (!updates || updates.length === 0) return;
    if (this.from !== undefined) throw new Error(`validator updates returned by more than one module (${this.from}, ${module})`);
    this.from = module;
    this.list = updates;
  }
}
