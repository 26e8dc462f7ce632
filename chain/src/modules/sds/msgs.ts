import type { stratos } from "@stratos/proto";
import { isAccAddress, isSdsAddress } from "../../types/address";
import { checkedCoins as checkedWireCoins, type Coin } from "../../types/coin";
import { ErrInvalidAddress, ErrInvalidCoins } from "../../types/errors";
import { cidProblem } from "./cid";
import {
  ErrEmptyFileHash,
  ErrEmptyReporters,
  ErrEmptyUploaderAddr,
  ErrInvalid,
  ErrInvalidBeneficiaryAddr,
  ErrInvalidFileHash,
  ErrInvalidSenderAddr,
} from "./errors";
import { validateSdsParams } from "./params";

type MsgFileUpload = stratos.sds.v1.MsgFileUpload;
type MsgPrepay = stratos.sds.v1.MsgPrepay;
type MsgUpdateParams = stratos.sds.v1.MsgUpdateParams;
type SliceHolders = stratos.sds.v1.SliceHolders;

/** Most slices a file record may have. */
export const MAX_SLICE_COUNT = 100_000;
/** Most replicas (distinct resource nodes) per slice. */
export const MAX_REPLICAS = 16;
/** Length of a SHA-256 Merkle root. */
export const MERKLE_ROOT_BYTES = 32;

/** Parses and validates a coin list from the wire: valid, sorted, unique, positive, non-empty (ErrInvalidCoins). */
export function checkedCoins(wire: readonly { denom: string; amount: string }[]): Coin[] {
  return checkedWireCoins(wire, ErrInvalidCoins);
}

/** The storage-deal part of a file record or upload. */
export interface Deal {
  readonly size: bigint;
  readonly merkleRoot: Uint8Array;
  readonly chunkSize: bigint;
  readonly sliceCount: number;
  readonly replicas: number;
  readonly holders: readonly SliceHolders[];
}

/**
 * What is wrong with a storage deal, or undefined: size > 0, a 32-byte Merkle root, chunk size
 * > 0, 1 <= slice_count <= min(size, MAX_SLICE_COUNT), 1 <= replicas <= MAX_REPLICAS, and exactly
 * one holders entry per slice index 0..slice_count-1, each naming `replicas` distinct `stsds`
 * addresses.
 */
export function dealProblem(d: Deal): string | undefined {
  if (d.size <= 0n) return "size must be positive";
  if (d.merkleRoot.length !== MERKLE_ROOT_BYTES) return `merkle_root must be ${MERKLE_ROOT_BYTES} bytes, got ${d.merkleRoot.length}`;
  if (d.chunkSize <= 0n) return "chunk_size must be positive";
  if (!Number.isInteger(d.sliceCount) || d.sliceCount < 1) return "slice_count must be at least 1";
  if (d.sliceCount > MAX_SLICE_COUNT) return `slice_count ${d.sliceCount} exceeds the maximum of ${MAX_SLICE_COUNT}`;
  if (BigInt(d.sliceCount) > d.size) return `slice_count ${d.sliceCount} exceeds the file size ${d.size} (every slice holds at least one byte)`;
  if (!Number.isInteger(d.replicas) || d.replicas < 1) return "replicas must be at least 1";
  if (d.replicas > MAX_REPLICAS) return `replicas ${d.replicas} exceeds the maximum of ${MAX_REPLICAS}`;
  if (d.holders.length !== d.sliceCount) return `holders must have one entry per slice: expected ${d.sliceCount}, got ${d.holders.length}`;
  const seen = new Uint8Array(d.sliceCount);
  for (const h of d.holders) {
    if (h.sliceIndex >= d.sliceCount) return `holders: slice_index ${h.sliceIndex} is out of range (slice_count ${d.sliceCount})`;
    if (seen[h.sliceIndex]) return `holders: slice_index ${h.sliceIndex} appears more than once`;
    seen[h.sliceIndex] = 1;
    if (h.sdsAddresses.length !== d.replicas) return `holders: slice ${h.sliceIndex} has ${h.sdsAddresses.length} holders, expected replicas = ${d.replicas}`;
    const distinct = new Set<string>();
    for (const a of h.sdsAddresses) {
      if (!isSdsAddress(a)) return `holders: slice ${h.sliceIndex}: invalid stsds address ${JSON.stringify(a)}`;
      if (distinct.has(a)) return `holders: slice ${h.sliceIndex}: holder ${a} appears more than once`;
      distinct.add(a);
    }
  }
  return undefined;
}

/** A file hash must be a CID (ErrEmptyFileHash / ErrInvalidFileHash). */
export function checkFileHash(fileHash: string): void {
  if (fileHash.length === 0) throw ErrEmptyFileHash.error();
  const problem = cidProblem(fileHash);
  if (problem) throw ErrInvalidFileHash.wrap(`${JSON.stringify(fileHash.slice(0, 100))} is not a CID (${problem})`);
}

/** MsgFileUpload stateless checks: the real chain's (CID, addresses) plus the storage deal. */
export function validateMsgFileUpload(msg: MsgFileUpload): void {
  checkFileHash(msg.fileHash);
  if (!msg.from) throw ErrInvalidAddress.wrap("missing from address");
  if (!isAccAddress(msg.from)) throw ErrInvalidAddress.wrap(`invalid from address ${JSON.stringify(msg.from)}`);
  if (!msg.reporter) throw ErrEmptyReporters.wrap("missing reporter address");
  if (!isSdsAddress(msg.reporter)) throw ErrInvalidAddress.wrap(`invalid reporter address ${JSON.stringify(msg.reporter)}, expected stsds1...`);
  if (!msg.uploader) throw ErrEmptyUploaderAddr.error();
  if (!isAccAddress(msg.uploader)) throw ErrInvalidAddress.wrap(`invalid uploader address ${JSON.stringify(msg.uploader)}`);
  const problem = dealProblem(msg);
  if (problem) throw ErrInvalid.wrap(`invalid storage deal: ${problem}`);
}

/** MsgPrepay stateless checks: sender and beneficiary are `st` addresses, amount valid and non-empty. */
export function validateMsgPrepay(msg: MsgPrepay): void {
  if (!isAccAddress(msg.sender)) throw ErrInvalidSenderAddr.wrap(JSON.stringify(msg.sender));
  if (!isAccAddress(msg.beneficiary)) throw ErrInvalidBeneficiaryAddr.wrap(JSON.stringify(msg.beneficiary));
  checkedCoins(msg.amount);
}

/** MsgUpdateParams stateless checks: a valid authority address and valid params. */
export function validateMsgUpdateParams(msg: MsgUpdateParams): void {
  if (!isAccAddress(msg.authority)) throw ErrInvalid.wrap(`invalid authority address ${JSON.stringify(msg.authority)}`);
  if (!msg.params) throw ErrInvalid.wrap("params must be set");
  const problem = validateSdsParams({ bondDenom: msg.params.bondDenom });
  if (problem) throw ErrInvalid.wrap(`invalid params: ${problem}`);
}
