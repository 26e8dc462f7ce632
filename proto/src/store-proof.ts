/**
 * The chain's proven state reads, as chain and SDK both speak them: ABCI query path
 * {@link STORE_KEY_QUERY_PATH} with `data` = a raw state key answers its value (empty when absent)
 * and, with `prove`, one proof op of type {@link STORE_PROOF_OP_TYPE} whose `data` is a protobuf
 * `cosmos.ics23.v1.CommitmentProof` of the state store's sparse Merkle tree against the app hash
 * of the height asked (which CometBFT puts in the header of the next block).
 */
export const STORE_KEY_QUERY_PATH = "/store/key";

/** ProofOp type of the state store's proofs (ICS23 `SmtSpec` layout). */
export const STORE_PROOF_OP_TYPE = "ics23:smt";
