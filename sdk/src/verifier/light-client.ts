import { toHex } from "@cosmjs/encoding";
import { equalBytes } from "@noble/curves/utils";
import { NotEnoughVotingPowerError, verifyCommit } from "./commit";
import { ProofError } from "./errors";
import { headerHash } from "./header";
import { checkChainId, checkTrustLevel, headerExpired, verifyBackwards, verifyLightBlock, type LightParams, type UntrustedBlock } from "./light-verifier";
import { fetchAllValidators, type LightClientRpc } from "./rpc-client";
import { parseSignedHeader } from "./rpc-json";
import { timestampFromDate } from "./timestamp";
import { memoryTrustedStore, type TrustedBlock, type TrustedStore } from "./trusted-store";
import type { Fraction, SignedHeader, ValidatorSet } from "./types";
import { sortValidators, validatorSetHash } from "./validator-set";

/**
 * Trust a header by its hash (obtained out of band, e.g. from a block explorer you trust).
 *
 * @example
 * const trust: TrustOptions = { height: 1000n, hash: fromHex("A1B2...") };
 */
export interface TrustOptions {
  readonly height: bigint;
  /** The header hash at `height`. */
  readonly hash: Uint8Array;
}

/**
 * Trust the chain's genesis validators: the header at `initialHeight` (default 1) must be signed
 * by more than 2/3 of them.
 *
 * @example
 * const trust: GenesisTrust = { genesisValidators: parseGenesisValidators(await rpc.genesis()) };
 */
export interface GenesisTrust {
  readonly genesisValidators: ValidatorSet;
  readonly initialHeight?: bigint;
}

/**
 * Options of a {@link LightClient}.
 *
 * @example
 * const o: LightClientOptions = { chainId: "stratos-local", rpc: httpLightClientRpc(url), trust: { height: 1n, hash } };
 */
export interface LightClientOptions {
  chainId: string;
  rpc: LightClientRpc;
  trust: TrustOptions | GenesisTrust;
  /** How long a verified header can be verified from (default 14 days). */
  trustingPeriodSeconds?: number;
  /** Share of a trusted set's power that must sign a skipped-to header, within [1/3, 1] (default 1/3). */
  trustLevel?: Fraction;
  /** How far in the future a header's time may be (default 10 s). */
  maxClockDriftSeconds?: number;
  now?: () => Date;
  /** Where trusted blocks are kept (default: in memory). */
  store?: TrustedStore;
  /** Trusted blocks kept in memory: the trust root and the latest ones (default 100). */
  maxTrustedBlocks?: number;
}

const DEFAULT_TRUSTING_PERIOD_SECONDS = 14 * 24 * 3600;
const DEFAULT_MAX_CLOCK_DRIFT_SECONDS = 10;
const DEFAULT_TRUST_LEVEL: Fraction = { numerator: 1n, denominator: 3n };

const heightOf = (b: TrustedBlock): bigint => b.signedHeader.header.height;

/**
 * A CometBFT light client (the rules of CometBFT `light/`, skipping verification): it starts from
 * a trust root (a header hash, or the genesis validators) and accepts a header only when a chain
 * of checked commits leads to it:
 *
 * - above a trusted header: the next height needs its validators to be the trusted header's next
 *   validators and more than 2/3 of them to sign; a later height needs more than `trustLevel` of
 *   the trusted validators and more than 2/3 of its own to sign, else the client bisects (tries
 *   the midpoint, then again from there);
 * - below the latest trusted header: forward as above from the nearest lower trusted header; when
 *   there is none (below the first trusted header) or it has expired: backwards from the nearest
 *   higher trusted header through the `lastBlockId` hashes (one `commit` call per height);
 * - refused: headers of another chain, not higher or not later than the trusted one, from the
 *   future beyond the clock drift, and any step from a trusted header older than the trusting period.
 *
 * Verified headers are saved to the store. A height already trusted is answered at once; calls
 * that verify are serialised. All data comes from the RPC and none of it is trusted before it
 * checks. Failures are {@link ProofError}s (RPC failures propagate).
 *
 * @example
 * const light = new LightClient({ chainId: "stratos-local", rpc: httpLightClientRpc(url), trust: { genesisValidators } });
 * const { signedHeader } = await light.verifyHeaderAt(42n);
 * signedHeader.header.appHash; // the app hash after block 41
 */
export class LightClient {
  private readonly chainId: string;
  private readonly rpc: LightClientRpc;
  private readonly trust: TrustOptions | GenesisTrust;
  private readonly trustingPeriodSeconds: number;
  private readonly trustLevel: Fraction;
  private readonly maxClockDriftSeconds: number;
  private readonly now: () => Date;
  private readonly store: TrustedStore;
  private readonly maxTrustedBlocks: number;
  /** Trusted blocks by ascending height. */
  private trusted: TrustedBlock[] = [];
  private ready: Promise<void> | undefined;
  /** The store is loaded and the trust root checked: `trusted` can answer without waiting. */
  private started = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(o: LightClientOptions) {
    this.chainId = o.chainId;
    this.rpc = o.rpc;
    this.trust = o.trust;
    this.trustingPeriodSeconds = o.trustingPeriodSeconds ?? DEFAULT_TRUSTING_PERIOD_SECONDS;
    this.trustLevel = o.trustLevel ?? DEFAULT_TRUST_LEVEL;
    this.maxClockDriftSeconds = o.maxClockDriftSeconds ?? DEFAULT_MAX_CLOCK_DRIFT_SECONDS;
    this.now = o.now ?? (() => new Date());
    this.store = o.store ?? memoryTrustedStore();
    this.maxTrustedBlocks = Math.max(2, o.maxTrustedBlocks ?? 100);
    checkTrustLevel(this.trustLevel);
    if (!(this.trustingPeriodSeconds > 0)) throw new ProofError("trust", "the trusting period must be positive");
  }

  /**
   * The verified header at `height` with its validators: from the trusted blocks when already
   * there, else verified from them (see the class comment) and saved. Throws ProofError when
   * the chain of checks breaks; RPC errors propagate.
   *
   * @example
   * const block = await light.verifyHeaderAt(q.height + 1n); // app hash proving a query at q.height
   */
  verifyHeaderAt(height: bigint): Promise<TrustedBlock> {
    // A trusted height does not wait behind a verification under way (e.g. a long bisection).
    const known = this.started ? this.trustedAt(height) : undefined;
    if (known) return Promise.resolve(known);
    const run = this.queue.then(() => this.verifyNow(height));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The highest trusted block, if the client has started (after the first `verifyHeaderAt`).
   *
   * @example
   * const h = light.latestTrusted()?.signedHeader.header.height;
   */
  latestTrusted(): TrustedBlock | undefined {
    return this.trusted[this.trusted.length - 1];
  }

  /**
   * The trusted blocks held in memory, by ascending height.
   *
   * @example
   * const heights = light.trustedBlocks().map((b) => b.signedHeader.header.height);
   */
  trustedBlocks(): readonly TrustedBlock[] {
    return [...this.trusted];
  }

  private params(): LightParams {
    return {
      chainId: this.chainId,
      now: timestampFromDate(this.now()),
      trustingPeriodSeconds: this.trustingPeriodSeconds,
      maxClockDriftSeconds: this.maxClockDriftSeconds,
      trustLevel: this.trustLevel,
    };
  }

  private trustedAt(height: bigint): TrustedBlock | undefined {
    return this.trusted.find((b) => heightOf(b) === height);
  }

  private async verifyNow(height: bigint): Promise<TrustedBlock> {
    if (height < 1n) throw new ProofError("trust", `no header at height ${height}`);
    this.ready ??= this.init();
    try {
      await this.ready;
    } catch (e) {
      this.ready = undefined; // try the trust root again next time
      throw e;
    }
    this.started = true;
    const known = this.trustedAt(height);
    if (known) return known;
    const params = this.params();
    const lower = this.trusted.filter((b) => heightOf(b) < height).pop();
    const higher = this.trusted.find((b) => heightOf(b) > height);
    const forward = lower !== undefined && (higher === undefined || !headerExpired(lower.signedHeader.header, this.trustingPeriodSeconds, params.now));
    const block = forward ? await this.verifyForward(lower, height, params) : await this.verifyBackward(higher!, height);
    await this.remember(block);
    return block;
  }

  /** Loads the store, then makes sure the trust root is among the trusted blocks. */
  private async init(): Promise<void> {
    const stored = await this.store.load();
    for (const b of stored) {
      if (b.signedHeader.header.chainId !== this.chainId) throw new ProofError("trust", `the trusted store holds a header of chain ${JSON.stringify(b.signedHeader.header.chainId)}`);
    }
    this.trusted = [...stored].sort((a, b) => (heightOf(a) < heightOf(b) ? -1 : heightOf(a) > heightOf(b) ? 1 : 0));
    const root = "hash" in this.trust ? await this.rootFromHash(this.trust) : await this.rootFromGenesis(this.trust);
    if (root) await this.remember(root);
  }

  private async rootFromHash(t: TrustOptions): Promise<TrustedBlock | undefined> {
    const have = this.trustedAt(t.height);
    if (have) {
      if (!equalBytes(headerHash(have.signedHeader.header), t.hash)) throw new ProofError("trust", `the trusted store's header at ${t.height} is not the trusted hash`, t.height);
      return undefined;
    }
    const b = await this.fetchBlock(t.height);
    const hash = headerHash(b.signedHeader.header);
    if (!equalBytes(hash, t.hash)) throw new ProofError("trust", `header hash ${toHex(hash)} is not the trusted hash ${toHex(t.hash)}`, t.height);
    checkChainId(b.signedHeader.header, this.chainId);
    verifyCommit(this.chainId, b.validators, b.signedHeader);
    return b;
  }

  private async rootFromGenesis(t: GenesisTrust): Promise<TrustedBlock | undefined> {
    const height = t.initialHeight ?? 1n;
    const vals = sortValidators(t.genesisValidators);
    const valsHash = validatorSetHash(vals);
    const have = this.trustedAt(height);
    if (have) {
      if (!equalBytes(have.signedHeader.header.validatorsHash, valsHash)) throw new ProofError("trust", "the trusted store's first header is not signed by the genesis validators", height);
      return undefined;
    }
    const sh = await this.fetchSignedHeader(height);
    checkChainId(sh.header, this.chainId);
    if (!equalBytes(sh.header.validatorsHash, valsHash)) {
      throw new ProofError("validators", `validators hash ${toHex(sh.header.validatorsHash)} of the first header is not the genesis validators' ${toHex(valsHash)}`, height);
    }
    verifyCommit(this.chainId, vals, sh);
    return { signedHeader: sh, validators: vals };
  }

  /** The signed header the RPC gives for `height` (unverified). */
  private async fetchSignedHeader(height: bigint): Promise<SignedHeader> {
    const sh = parseSignedHeader(await this.rpc.commit(height));
    if (sh.header.height !== height) throw new ProofError("rpc_shape", `commit answered for height ${sh.header.height}`, height);
    return sh;
  }

  /** The signed header and validators the RPC gives for `height` (unverified). */
  private async fetchBlock(height: bigint): Promise<UntrustedBlock> {
    const signedHeader = await this.fetchSignedHeader(height);
    return { signedHeader, validators: await fetchAllValidators(this.rpc, height) };
  }

  /**
   * Skipping verification with bisection (CometBFT `verifySkipping`): try the target from the
   * trusted block; when the trusted set's signing power is below the trust level, put the midpoint
   * in front and try that; on success continue from the verified block towards the target.
   */
  private async verifyForward(from: TrustedBlock, target: bigint, params: LightParams): Promise<TrustedBlock> {
    const pending: UntrustedBlock[] = [await this.fetchBlock(target)];
    let verified = from;
    let depth = 0;
    for (;;) {
      const candidate = pending[depth]!;
      try {
        verifyLightBlock(verified, candidate, params);
      } catch (e) {
        if (!(e instanceof NotEnoughVotingPowerError && e.kind === "trust")) throw e;
        if (depth === pending.length - 1) {
          const lo = heightOf(verified);
          const pivot = lo + (heightOf(candidate) - lo) / 2n;
          pending.push(await this.fetchBlock(pivot));
        }
        depth++;
        continue;
      }
      if (depth === 0) return candidate;
      verified = candidate;
      pending.length = depth;
      depth = 0;
    }
  }

  /** Backwards through `lastBlockId` hashes from a higher trusted block (CometBFT `backwards`). */
  private async verifyBackward(from: TrustedBlock, target: bigint): Promise<TrustedBlock> {
    let newer = from.signedHeader.header;
    for (let h = heightOf(from) - 1n; h >= target; h--) {
      if (h === target) {
        const b = await this.fetchBlock(h);
        verifyBackwards(b.signedHeader.header, newer);
        verifyCommit(this.chainId, b.validators, b.signedHeader);
        return b;
      }
      const sh = parseSignedHeader(await this.rpc.commit(h));
      verifyBackwards(sh.header, newer);
      newer = sh.header;
    }
    throw new ProofError("trust", `height ${target} is not below the trusted header ${heightOf(from)}`, target);
  }

  private async remember(b: TrustedBlock): Promise<void> {
    const h = heightOf(b);
    const i = this.trusted.findIndex((x) => heightOf(x) >= h);
    if (i < 0) this.trusted.push(b);
    else if (heightOf(this.trusted[i]!) === h) this.trusted[i] = b;
    else this.trusted.splice(i, 0, b);
    // Keep the trust root and the latest ones.
    while (this.trusted.length > this.maxTrustedBlocks) this.trusted.splice(1, 1);
    await this.store.save(b);
  }
}
