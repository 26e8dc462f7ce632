export { createVerifiedQueries, type VerifiedQueriesOptions, type VerifiedTrust } from "./connect";
export { proveReceiptCounted, type ReceiptCounted } from "./receipt-check";
export { accountStateKey, balanceStateKey, fileRecordStateKey, nodeStateKey, rewardStateKeys, supplyStateKey, volumeReportStateKey } from "./state-keys";
export {
  STORE_KEY_QUERY_PATH,
  STORE_PROOF_OP_TYPE,
  VerifiedQueries,
  type Proven,
  type ProvenAccount,
  type ProvenRewards,
  type VerifiedQueryRpc,
} from "./verified-queries";
