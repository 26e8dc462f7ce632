import { BinaryWriter } from "cosmjs-types/binary";
import { Timestamp as PbTimestamp } from "cosmjs-types/google/protobuf/timestamp";
import type { BlockId, Timestamp } from "./types";

/** `SignedMsgType` of a precommit. */
const PRECOMMIT_TYPE = 2;

/**
 * What a precommit signs, apart from the chain id.
 *
 * @example
 * const vote: VoteToSign = { height: 5n, round: 0, blockId: commit.blockId, timestamp: sig.timestamp };
 */
export interface VoteToSign {
  height: bigint;
  round: number;
  /** The block voted for; an empty id (no hash, empty part-set header) is a vote for nil. */
  blockId: BlockId;
  timestamp: Timestamp;
}

function isZeroBlockId(id: BlockId): boolean {
  return id.hash.length === 0 && id.partSetHeader.total === 0 && id.partSetHeader.hash.length === 0;
}

/**
 * The bytes a validator signs for a precommit (CometBFT `VoteSignBytes`): the length-delimited
 * protobuf `CanonicalVote{type: PRECOMMIT, height (sfixed64), round (sfixed64), block_id
 * (CanonicalBlockID, left out for a nil vote), timestamp, chain_id}`.
 *
 * @example
 * const ok = ed25519.verify(sig.signature, voteSignBytes(chainId, { height, round, blockId, timestamp: sig.timestamp }), pubKey);
 */
export function voteSignBytes(chainId: string, vote: VoteToSign): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(8).int32(PRECOMMIT_TYPE);
  if (vote.height !== 0n) w.uint32(17).sfixed64(vote.height);
  if (vote.round !== 0) w.uint32(25).sfixed64(BigInt(vote.round));
  if (!isZeroBlockId(vote.blockId)) {
    w.uint32(34).fork();
    if (vote.blockId.hash.length > 0) w.uint32(10).bytes(vote.blockId.hash);
    w.uint32(18).fork();
    if (vote.blockId.partSetHeader.total !== 0) w.uint32(8).uint32(vote.blockId.partSetHeader.total);
    if (vote.blockId.partSetHeader.hash.length > 0) w.uint32(18).bytes(vote.blockId.partSetHeader.hash);
    w.ldelim();
    w.ldelim();
  }
  PbTimestamp.encode({ seconds: vote.timestamp.seconds, nanos: vote.timestamp.nanos }, w.uint32(42).fork()).ldelim();
  if (chainId !== "") w.uint32(50).string(chainId);
  const body = w.finish();
  return new BinaryWriter().bytes(body).finish();
}
