import { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import type { ProofOps } from "cosmjs-types/tendermint/crypto/proof";
import { MAX_KEY_LENGTH, type CommitStore } from "../store/commit-store";
import { STORE_PROOF_OP_TYPE } from "@stratos/proto/src/store-proof";
import { QueryError } from "./query-error";

export { STORE_KEY_QUERY_PATH, STORE_PROOF_OP_TYPE } from "@stratos/proto/src/store-proof";

export interface StoreKeyAnswer {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly proofOps?: ProofOps;
}

/** Reads (and with `prove`, proves) one state key at a committed height. */
export function queryStoreKey(store: CommitStore, key: Uint8Array, height: bigint, prove: boolean): StoreKeyAnswer {
  if (key.length === 0) throw QueryError.invalidArgument("empty state key");
  if (key.length > MAX_KEY_LENGTH) throw QueryError.invalidArgument(`state key of ${key.length} bytes is longer than ${MAX_KEY_LENGTH}`);
  if (store.rootAt(height) === undefined) throw QueryError.invalidArgument(`version ${height} is not available (pruned or never committed)`);
  if (!prove) return { key, value: store.getAt(key, height) ?? new Uint8Array() };
  const { value, proof } = store.prove(key, height);
  return {
    key,
    value: value ?? new Uint8Array(),
    proofOps: { ops: [{ type: STORE_PROOF_OP_TYPE, key, data: CommitmentProof.encode(proof).finish() }] },
  };
}
