/**
 * @stratos/sdk: a typed client for the Stratos chain: the chain client with its typed errors, Msg
 * builders for the Stratos modules (`register`, `sds`, `pot`), their registry and amino converters,
 * query extensions, node keys and volume-report signing.
 */
export { StratosError } from "./errors/base";
export { TxFailedError, TxRejectedError, TxTimeoutError, type ChainErrorCode } from "./errors/tx";
export {
  StratosClient,
  type CreateMetaNodeParams,
  type CreateResourceNodeParams,
  type FileUploadParams,
  type KickMetaNodeVoteParams,
  type SlashResourceNodeParams,
  type StratosClientOptions,
  type TxOptions,
  type TxResult,
  type UpdateEffectiveDepositParams,
  type VolumeReportParams,
  type VoteMetaNodeRegistrationParams,
} from "./client/stratos-client";
export { STRATOS_HD_PATH, STRATOS_PREFIX, walletFromMnemonic } from "./client/wallet";

// Msg builders, EncodeObject types and type guards.
export {
  ED25519_PUBKEY_TYPE_URL,
  WEI,
  ed25519PubkeyFromAny,
  ed25519PubkeyToAny,
  type Amount,
  type CoinsAmount,
  type IntValue,
} from "./messages/common";
export {
  isMsgCreateMetaNodeEncodeObject,
  isMsgCreateResourceNodeEncodeObject,
  isMsgKickMetaNodeVoteEncodeObject,
  isMsgMetaNodeRegistrationVoteEncodeObject,
  isMsgRemoveMetaNodeEncodeObject,
  isMsgRemoveResourceNodeEncodeObject,
  isMsgUpdateEffectiveDepositEncodeObject,
  isMsgUpdateMetaNodeDepositEncodeObject,
  isMsgUpdateMetaNodeEncodeObject,
  isMsgUpdateRegisterParamsEncodeObject,
  isMsgUpdateResourceNodeDepositEncodeObject,
  isMsgUpdateResourceNodeEncodeObject,
  msgCreateMetaNode,
  msgCreateResourceNode,
  msgKickMetaNodeVote,
  msgMetaNodeRegistrationVote,
  msgRemoveMetaNode,
  msgRemoveResourceNode,
  msgUpdateEffectiveDeposit,
  msgUpdateMetaNode,
  msgUpdateMetaNodeDeposit,
  msgUpdateRegisterParams,
  msgUpdateResourceNode,
  msgUpdateResourceNodeDeposit,
  type CreateMetaNodeInput,
  type CreateResourceNodeInput,
  type DescriptionInput,
  type KickMetaNodeVoteInput,
  type MetaNodeRegistrationVoteInput,
  type MsgCreateMetaNodeEncodeObject,
  type MsgCreateResourceNodeEncodeObject,
  type MsgKickMetaNodeVoteEncodeObject,
  type MsgMetaNodeRegistrationVoteEncodeObject,
  type MsgRemoveMetaNodeEncodeObject,
  type MsgRemoveResourceNodeEncodeObject,
  type MsgUpdateEffectiveDepositEncodeObject,
  type MsgUpdateMetaNodeDepositEncodeObject,
  type MsgUpdateMetaNodeEncodeObject,
  type MsgUpdateRegisterParamsEncodeObject,
  type MsgUpdateResourceNodeDepositEncodeObject,
  type MsgUpdateResourceNodeEncodeObject,
  type UpdateEffectiveDepositInput,
  type UpdateMetaNodeInput,
  type UpdateNodeDepositInput,
  type UpdateResourceNodeInput,
} from "./messages/register";
export {
  isMsgFileUploadEncodeObject,
  isMsgPrepayEncodeObject,
  isMsgUpdateSdsParamsEncodeObject,
  msgFileUpload,
  msgPrepay,
  msgUpdateSdsParams,
  type FileUploadInput,
  type MsgFileUploadEncodeObject,
  type MsgPrepayEncodeObject,
  type MsgUpdateSdsParamsEncodeObject,
  type PrepayInput,
} from "./messages/sds";
export {
  isMsgFoundationDepositEncodeObject,
  isMsgSlashingResourceNodeEncodeObject,
  isMsgUpdatePotParamsEncodeObject,
  isMsgVolumeReportEncodeObject,
  isMsgWithdrawEncodeObject,
  msgFoundationDeposit,
  msgSlashingResourceNode,
  msgUpdatePotParams,
  msgVolumeReport,
  msgWithdraw,
  type MsgFoundationDepositEncodeObject,
  type MsgSlashingResourceNodeEncodeObject,
  type MsgUpdatePotParamsEncodeObject,
  type MsgVolumeReportEncodeObject,
  type MsgWithdrawEncodeObject,
  type SlashingResourceNodeInput,
  type VolumeReportInput,
  type WithdrawInput,
} from "./messages/pot";
export { STRATOS_MSG_TYPES, createStratosAminoConverters, stratosAminoTypes, stratosRegistry, type StratosAminoConverter } from "./messages/registry";

// Node keys, addresses and volume-report signing.
export { SDS_PREFIX, nodeKeyFromSeed, randomNodeKey, sdsAddressFromPubkey, type NodeKey } from "./nodes/node-key";
export { signVolumeReport, volumeReportSignBytes, type VolumeReportSigner } from "./nodes/volume-report";

// Query extensions.
export { type PageOptions } from "./queries/common";
export { DepositQueryType, setupRegisterExtension, type RegisterExtension } from "./queries/register";
export { setupSdsExtension, type SdsExtension } from "./queries/sds";
export { setupPotExtension, type PotExtension } from "./queries/pot";

// ---- mesh protocol (sdk/src/mesh): constants, Merkle/CID, canonical JSON, envelopes, payloads ----
export * from "./mesh";
// ---- end mesh ----

// ---- storage client (sdk/src/storage): MeshClient upload/download/verify, typed errors ----
export {
  IntegrityError,
  MeshAbortError,
  MeshClient,
  MeshRequestError,
  OzoneInsufficientError,
  UploadIncompleteError,
  parseByteRange,
  prepareSource,
  resolveRange,
  rootCause,
  sliceWindow,
  type ByteRange,
  type DownloadOptions,
  type DownloadProgress,
  type FileInfoResult,
  type HolderFailure,
  type MeshClientOptions,
  type MeshFileRecord,
  type OzoneBalance,
  type PreparedSource,
  type UploadOptions,
  type UploadProgress,
  type UploadResult,
  type UploadSource,
  type VerifyResult,
  type ChunkProof,
} from "./storage";
/** Node-only: the mesh hashers on node's native SHA-256 (same digests, ~15x faster). */
export { FastFileHasher, fastChunkLeaves, fastLeafHash } from "./storage/fast-hash";
// ---- end storage ----

// ---- verifier (sdk/src/verifier): headers, commits, validator sets, state proofs, light client ----
export * from "./verifier";
// ---- end verifier ----

// ---- verified reads (sdk/src/verified): client.verified.*, state keys, receipt inclusion on chain ----
export * from "./verified";
// ---- end verified ----
