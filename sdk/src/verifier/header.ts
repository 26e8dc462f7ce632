import { BinaryWriter } from "cosmjs-types/binary";
import { Timestamp as PbTimestamp } from "cosmjs-types/google/protobuf/timestamp";
import { BlockID } from "cosmjs-types/tendermint/types/types";
import { Consensus } from "cosmjs-types/tendermint/version/types";
import { ProofError } from "./errors";
import { simpleMerkleRoot } from "./simple-merkle";
import type { BlockId, Header } from "./types";

/** `gogotypes.StringValue{value}`; empty for "". */
function stringValue(s: string): Uint8Array {
  return s === "" ? new Uint8Array(0) : new BinaryWriter().uint32(10).string(s).finish();
}

/** `gogotypes.Int64Value{value}`; empty for 0. */
function int64Value(v: bigint): Uint8Array {
  return v === 0n ? new Uint8Array(0) : new BinaryWriter().uint32(8).int64(v).finish();
}

/** `gogotypes.BytesValue{value}`; empty for no bytes. */
function bytesValue(b: Uint8Array): Uint8Array {
  return b.length === 0 ? new Uint8Array(0) : new BinaryWriter().uint32(10).bytes(b).finish();
}

/**
 * Protobuf encoding of a `tendermint.types.BlockID` (the part-set header is always written, as
 * gogoproto does for a non-nullable field).
 */
function encodeBlockId(id: BlockId): Uint8Array {
  return BlockID.encode({ hash: id.hash, partSetHeader: { total: id.partSetHeader.total, hash: id.partSetHeader.hash } }).finish();
}

/**
 * The 14 encoded fields CometBFT's `Header.Hash` puts in its Merkle tree, in order: version,
 * chain id, height, time, last block id, then the nine hashes and the proposer address (scalars
 * in gogoproto wrapper messages, empty when zero).
 */
function headerFields(h: Header): Uint8Array[] {
  return [
    Consensus.encode({ block: h.version.block, app: h.version.app }).finish(),
    stringValue(h.chainId),
    int64Value(h.height),
    PbTimestamp.encode({ seconds: h.time.seconds, nanos: h.time.nanos }).finish(),
    encodeBlockId(h.lastBlockId),
    bytesValue(h.lastCommitHash),
    bytesValue(h.dataHash),
    bytesValue(h.validatorsHash),
    bytesValue(h.nextValidatorsHash),
    bytesValue(h.consensusHash),
    bytesValue(h.appHash),
    bytesValue(h.lastResultsHash),
    bytesValue(h.evidenceHash),
    bytesValue(h.proposerAddress),
  ];
}

/**
 * The block hash of a header (CometBFT `Header.Hash`): the simple Merkle root of its 14 encoded
 * fields. A header without a validators hash has no hash in CometBFT: ProofError `header`.
 *
 * @example
 * if (toHex(headerHash(sh.header)) !== toHex(sh.commit.blockId.hash)) throw new Error("commit is for another block");
 */
export function headerHash(h: Header): Uint8Array {
  if (h.validatorsHash.length === 0) throw new ProofError("header", "header has no validators hash", h.height);
  return simpleMerkleRoot(headerFields(h));
}
