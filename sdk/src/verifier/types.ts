/**
 * The CometBFT data the verifier checks, decoded (bytes as Uint8Array, int64 as bigint). The field
 * names follow CometBFT's Go types; `rpc-json.ts` builds them from the RPC's JSON.
 */

/**
 * A block id: the header hash and the part-set header of the block's parts.
 *
 * @example
 * const nilBlock: BlockId = { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };
 */
export interface BlockId {
  hash: Uint8Array;
  partSetHeader: { total: number; hash: Uint8Array };
}

/**
 * A point in time as protobuf's `google.protobuf.Timestamp` (UTC, nanosecond precision).
 *
 * @example
 * const t: Timestamp = { seconds: 1_700_000_000n, nanos: 123_456_789 };
 */
export interface Timestamp {
  seconds: bigint;
  nanos: number;
}

/**
 * A block header (`tendermint.types.Header`).
 *
 * @example
 * const appHashOfPreviousBlock = header.appHash;
 */
export interface Header {
  version: { block: bigint; app: bigint };
  chainId: string;
  height: bigint;
  time: Timestamp;
  lastBlockId: BlockId;
  lastCommitHash: Uint8Array;
  dataHash: Uint8Array;
  validatorsHash: Uint8Array;
  nextValidatorsHash: Uint8Array;
  consensusHash: Uint8Array;
  appHash: Uint8Array;
  lastResultsHash: Uint8Array;
  evidenceHash: Uint8Array;
  proposerAddress: Uint8Array;
}

/**
 * `BlockIDFlag` values of a commit signature.
 *
 * @example
 * if (sig.blockIdFlag === BLOCK_ID_FLAG.COMMIT) tally += power;
 */
export const BLOCK_ID_FLAG = { ABSENT: 1, COMMIT: 2, NIL: 3 } as const;

/**
 * One validator's precommit in a commit: for the block (`COMMIT`), for nil (`NIL`) or absent (`ABSENT`).
 *
 * @example
 * const signedTheBlock = sig.blockIdFlag === BLOCK_ID_FLAG.COMMIT;
 */
export interface CommitSig {
  blockIdFlag: number;
  validatorAddress: Uint8Array;
  timestamp: Timestamp;
  signature: Uint8Array;
}

/**
 * The precommits for one block, one entry per validator of the set in the set's order.
 *
 * @example
 * const signers = commit.signatures.filter((s) => s.blockIdFlag === BLOCK_ID_FLAG.COMMIT).length;
 */
export interface Commit {
  height: bigint;
  round: number;
  blockId: BlockId;
  signatures: CommitSig[];
}

/**
 * A header with the commit that signs it (RPC `commit`).
 *
 * @example
 * verifyCommit(chainId, validators, signedHeader);
 */
export interface SignedHeader {
  header: Header;
  commit: Commit;
}

/**
 * A validator: its address (first 20 bytes of sha256 of the key), ed25519 key (32 bytes) and power.
 *
 * @example
 * const v: Validator = { address, pubKey, votingPower: 10n, proposerPriority: 0n };
 */
export interface Validator {
  address: Uint8Array;
  pubKey: Uint8Array;
  votingPower: bigint;
  proposerPriority: bigint;
}

/**
 * A validator set in CometBFT's order (voting power descending, then address ascending).
 *
 * @example
 * const total = vals.reduce((s, v) => s + v.votingPower, 0n);
 */
export type ValidatorSet = readonly Validator[];

/**
 * A fraction of voting power, e.g. the light client's trust level (default 1/3).
 *
 * @example
 * const twoThirds: Fraction = { numerator: 2n, denominator: 3n };
 */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}
