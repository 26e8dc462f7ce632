/**
 * An in-memory CometBFT chain for unit tests: ed25519 validators (deterministic keys), headers
 * linked by their hashes, commits signed over the canonical vote sign bytes, validator sets that
 * change with the height, and a {@link LightClientRpc} answering with the RPC's JSON. Test-only.
 */
import { toBase64, toHex } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519";
import { sha256 } from "@noble/hashes/sha2";
import { headerHash } from "../header";
import type { LightClientRpc } from "../rpc-client";
import { GO_ZERO_TIME, formatTimestamp } from "../timestamp";
import { BLOCK_ID_FLAG, type BlockId, type Commit, type CommitSig, type Header, type SignedHeader, type Timestamp, type Validator } from "../types";
import { sortValidators, validatorAddress, validatorSetHash } from "../validator-set";
import { voteSignBytes } from "../vote";

/** The empty block id: what a nil vote is for, and the last block id of block 1. */
const EMPTY_BLOCK_ID: BlockId = Object.freeze({ hash: new Uint8Array(0), partSetHeader: Object.freeze({ total: 0, hash: new Uint8Array(0) }) });

/**
 * A validator with its private key.
 *
 * @example
 * const [a, b] = [fakeValidator(1), fakeValidator(2, 5n)];
 */
export interface FakeValidator {
  readonly privateKey: Uint8Array;
  readonly validator: Validator;
}

/**
 * Validator number `n` (a fixed key per `n`) with `power`.
 *
 * @example
 * const v = fakeValidator(3, 10n);
 */
export function fakeValidator(n: number, power = 10n): FakeValidator {
  const privateKey = sha256(new TextEncoder().encode(`fake validator ${n}`));
  const pubKey = ed25519.getPublicKey(privateKey);
  return { privateKey, validator: { address: validatorAddress(pubKey), pubKey, votingPower: power, proposerPriority: 0n } };
}

/**
 * The validators in CometBFT's set order.
 *
 * @example
 * const set = orderedSet([fakeValidator(1), fakeValidator(2)]);
 */
export function orderedSet(vals: readonly FakeValidator[]): FakeValidator[] {
  const order = sortValidators(vals.map((v) => v.validator));
  return order.map((v) => vals.find((f) => f.validator.address === v.address)!);
}

/**
 * How validator #i of the set votes: for the block, for nil, or not at all.
 *
 * @example
 * const vote = (i: number): FakeVote => (i === 0 ? "absent" : "commit");
 */
export type FakeVote = "commit" | "nil" | "absent";

/**
 * Signs a commit for `blockId` at `header.height` by `set` (CometBFT order), each validator voting
 * as `vote(index)` says (default: all for the block). Vote times are the header time + 1 s + index ms.
 *
 * @example
 * const commit = signCommit("test-chain", set, header.height, blockId, header.time, (i) => (i === 0 ? "absent" : "commit"));
 */
export function signCommit(
  chainId: string,
  set: readonly FakeValidator[],
  height: bigint,
  blockId: BlockId,
  time: Timestamp,
  vote: (index: number) => FakeVote = () => "commit",
  round = 0,
): Commit {
  const signatures = set.map((v, i): CommitSig => {
    const how = vote(i);
    if (how === "absent") return { blockIdFlag: BLOCK_ID_FLAG.ABSENT, validatorAddress: new Uint8Array(0), timestamp: GO_ZERO_TIME, signature: new Uint8Array(0) };
    const timestamp = { seconds: time.seconds + 1n, nanos: i * 1_000_000 };
    const id = how === "commit" ? blockId : EMPTY_BLOCK_ID;
    const signature = ed25519.sign(voteSignBytes(chainId, { height, round, blockId: id, timestamp }), v.privateKey);
    return { blockIdFlag: how === "commit" ? BLOCK_ID_FLAG.COMMIT : BLOCK_ID_FLAG.NIL, validatorAddress: v.validator.address, timestamp, signature };
  });
  return { height, round, blockId, signatures };
}

/**
 * Options of {@link FakeChain}.
 *
 * @example
 * const o: FakeChainOptions = { chainId: "test-chain", height: 40, validatorsAt: (h) => [fakeValidator(1)] };
 */
export interface FakeChainOptions {
  chainId: string;
  /** Blocks 1..height are made. */
  height: number;
  /** The validator set signing block `h` (any order; it is sorted). */
  validatorsAt: (height: bigint) => readonly FakeValidator[];
  /** How validator #i votes on block `h` (default: all for the block). */
  vote?: (height: bigint, index: number) => FakeVote;
  /** Time of block 1 (default 2024-01-01T00:00:00Z); blocks are `blockSeconds` (default 5) apart. */
  genesisTime?: Timestamp;
  blockSeconds?: number;
}

/**
 * A chain of `height` blocks with signed commits. `blocks` can be edited to serve a tampered
 * chain; `calls` records the RPC calls made.
 *
 * @example
 * const chain = new FakeChain({ chainId: "test-chain", height: 20, validatorsAt: () => [fakeValidator(1)] });
 * const light = new LightClient({ chainId: "test-chain", rpc: chain.rpc(), trust: { genesisValidators: chain.validators(1n) }, now: () => chain.timeAt(21n) });
 */
export class FakeChain {
  readonly chainId: string;
  readonly blocks = new Map<bigint, { signedHeader: SignedHeader; validators: FakeValidator[] }>();
  readonly calls: string[] = [];
  private readonly genesisTime: Timestamp;
  private readonly blockSeconds: number;

  constructor(o: FakeChainOptions) {
    this.chainId = o.chainId;
    this.genesisTime = o.genesisTime ?? { seconds: 1_704_067_200n, nanos: 0 };
    this.blockSeconds = o.blockSeconds ?? 5;
    let last = EMPTY_BLOCK_ID;
    for (let i = 1; i <= o.height; i++) {
      const h = BigInt(i);
      const set = orderedSet(o.validatorsAt(h));
      const next = orderedSet(o.validatorsAt(h + 1n));
      const tag = (s: string): Uint8Array => sha256(new TextEncoder().encode(`${s} ${i}`));
      const header: Header = {
        version: { block: 11n, app: 1n },
        chainId: o.chainId,
        height: h,
        time: this.timeAt(h),
        lastBlockId: last,
        lastCommitHash: tag("last commit"),
        dataHash: sha256(new Uint8Array(0)),
        validatorsHash: validatorSetHash(set.map((v) => v.validator)),
        nextValidatorsHash: validatorSetHash(next.map((v) => v.validator)),
        consensusHash: tag("consensus"),
        appHash: tag("app"),
        lastResultsHash: sha256(new Uint8Array(0)),
        evidenceHash: sha256(new Uint8Array(0)),
        proposerAddress: set[0]!.validator.address,
      };
      const blockId: BlockId = { hash: headerHash(header), partSetHeader: { total: 1, hash: tag("parts") } };
      const commit = signCommit(o.chainId, set, h, blockId, header.time, (idx) => o.vote?.(h, idx) ?? "commit");
      this.blocks.set(h, { signedHeader: { header, commit }, validators: set });
      last = blockId;
    }
  }

  /**
   * A deep copy with no calls recorded (signing is slow in pure JS: build once, clone per test).
   *
   * @example
   * const chain = template.clone();
   */
  clone(): FakeChain {
    const c = Object.create(FakeChain.prototype) as FakeChain;
    return Object.assign(c, { chainId: this.chainId, blocks: new Map(structuredClone([...this.blocks])), calls: [], genesisTime: this.genesisTime, blockSeconds: this.blockSeconds });
  }

  /**
   * Time of block `h` as a Timestamp.
   *
   * @example
   * chain.timeAt(3n); // genesis time + 10 s
   */
  timeAt(h: bigint): Timestamp {
    return { seconds: this.genesisTime.seconds + (h - 1n) * BigInt(this.blockSeconds), nanos: 0 };
  }

  /**
   * Time of block `h` plus `extraSeconds`, as a Date (for a light client's `now`).
   *
   * @example
   * const now = () => chain.dateAt(20n, 1);
   */
  dateAt(h: bigint, extraSeconds = 0): Date {
    return new Date(Number(this.timeAt(h).seconds + BigInt(extraSeconds)) * 1000);
  }

  /**
   * The validator set of block `h` (CometBFT order).
   *
   * @example
   * const genesisValidators = chain.validators(1n);
   */
  validators(h: bigint): Validator[] {
    return this.block(h).validators.map((v) => v.validator);
  }

  /**
   * The signed header of block `h`.
   *
   * @example
   * const sh = chain.signedHeader(5n);
   */
  signedHeader(h: bigint): SignedHeader {
    return this.block(h).signedHeader;
  }

  private block(h: bigint): { signedHeader: SignedHeader; validators: FakeValidator[] } {
    const b = this.blocks.get(h);
    if (!b) throw new Error(`height ${h} must be less than or equal to the current blockchain height`);
    return b;
  }

  /**
   * A {@link LightClientRpc} answering with CometBFT's JSON for this chain (records `calls`).
   *
   * @example
   * const rpc = chain.rpc();
   */
  rpc(): LightClientRpc {
    return {
      commit: async (h) => {
        this.calls.push(`commit ${h}`);
        return { signed_header: signedHeaderJson(this.signedHeader(h)), canonical: true };
      },
      validators: async (h, page, perPage) => {
        this.calls.push(`validators ${h} ${page}`);
        const all = this.validators(h);
        return validatorsJson(h, all.slice((page - 1) * perPage, page * perPage), all.length);
      },
    };
  }
}

const hex = (b: Uint8Array): string => toHex(b).toUpperCase();
const blockIdJson = (id: BlockId): unknown => ({ hash: hex(id.hash), parts: { total: id.partSetHeader.total, hash: hex(id.partSetHeader.hash) } });

/**
 * The JSON the RPC `commit` puts under `signed_header`.
 *
 * @example
 * const json = { signed_header: signedHeaderJson(sh), canonical: true };
 */
export function signedHeaderJson(sh: SignedHeader): unknown {
  const h = sh.header;
  return {
    header: {
      version: { block: h.version.block.toString(), app: h.version.app.toString() },
      chain_id: h.chainId,
      height: h.height.toString(),
      time: formatTimestamp(h.time),
      last_block_id: blockIdJson(h.lastBlockId),
      last_commit_hash: hex(h.lastCommitHash),
      data_hash: hex(h.dataHash),
      validators_hash: hex(h.validatorsHash),
      next_validators_hash: hex(h.nextValidatorsHash),
      consensus_hash: hex(h.consensusHash),
      app_hash: hex(h.appHash),
      last_results_hash: hex(h.lastResultsHash),
      evidence_hash: hex(h.evidenceHash),
      proposer_address: hex(h.proposerAddress),
    },
    commit: {
      height: sh.commit.height.toString(),
      round: sh.commit.round,
      block_id: blockIdJson(sh.commit.blockId),
      signatures: sh.commit.signatures.map((s) => ({
        block_id_flag: s.blockIdFlag,
        validator_address: hex(s.validatorAddress),
        timestamp: formatTimestamp(s.timestamp),
        signature: s.signature.length === 0 ? null : toBase64(s.signature),
      })),
    },
  };
}

/**
 * The JSON of one page of the RPC `validators`.
 *
 * @example
 * const json = validatorsJson(5n, vals, vals.length);
 */
export function validatorsJson(height: bigint, page: readonly Validator[], total: number): unknown {
  return {
    block_height: height.toString(),
    validators: page.map((v) => ({
      address: hex(v.address),
      pub_key: { type: "tendermint/PubKeyEd25519", value: toBase64(v.pubKey) },
      voting_power: v.votingPower.toString(),
      proposer_priority: v.proposerPriority.toString(),
    })),
    count: String(page.length),
    total: String(total),
  };
}
