/**
 * Verification of chain data without trusting the RPC node: pure functions (no network, no
 * Node-only APIs; they run in browsers) for CometBFT headers, commits and validator sets, the
 * state store's ICS23 proofs and mesh chunk proofs, plus a light client that keeps its trusted
 * headers. See README.md for what is checked and what is not.
 *
 * @example
 * import { LightClient, httpLightClientRpc, verifySmtProof } from "./verifier";
 */
export { ProofError, type ProofErrorKind } from "./errors";
export { BLOCK_ID_FLAG, type BlockId, type Commit, type CommitSig, type Fraction, type Header, type SignedHeader, type Timestamp, type Validator, type ValidatorSet } from "./types";
export { GO_ZERO_TIME, addSeconds, compareTimestamps, formatTimestamp, parseRfc3339, timestampFromDate } from "./timestamp";
export { simpleMerkleRoot } from "./simple-merkle";
export { headerHash } from "./header";
export { checkValidatorSet, sortValidators, totalVotingPower, validatorAddress, validatorSetHash } from "./validator-set";
export { voteSignBytes, type VoteToSign } from "./vote";
export {
  NotEnoughVotingPowerError,
  checkCommitBasic,
  checkSignedHeader,
  verifyCommit,
  verifyCommitLight,
  verifyCommitLightTrusting,
  type VerifiedSignatures,
} from "./commit";
export { SMT_EMPTY_ROOT, calculateExistenceRoot, verifySmtMembership, verifySmtNonMembership, verifySmtProof } from "./smt-proof";
export { parseAbciQuery, parseGenesisValidators, parseSignedHeader, parseStatus, parseValidators, type AbciQueryResult } from "./rpc-json";
export { RpcCallError, VALIDATORS_PER_PAGE, fetchAllValidators, httpLightClientRpc, type HttpLightClientRpc, type LightClientRpc } from "./rpc-client";
export { memoryTrustedStore, type TrustedBlock, type TrustedStore } from "./trusted-store";
export {
  checkTrustLevel,
  headerExpired,
  verifyAdjacent,
  verifyBackwards,
  verifyLightBlock,
  verifyNonAdjacent,
  type LightParams,
  type UntrustedBlock,
} from "./light-verifier";
export { LightClient, type GenesisTrust, type LightClientOptions, type TrustOptions } from "./light-client";
export {
  parseReceiptsReference,
  receiptInclusionProof,
  receiptLeaf,
  receiptsReference,
  verifyReceiptInclusion,
  type ReceiptInclusionProof,
} from "./receipt-inclusion";
/** Mesh chunk proofs (the mesh module's, re-exported here: one implementation). */
export { merkleProof, verifyChunkProof } from "../mesh/merkle";
