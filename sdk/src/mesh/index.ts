/**
 * The storage mesh protocol shared by the SDK, the CLI and the meta/resource node daemons
 * (nodes/PROTOCOL.md): constants, layout, Merkle trees, CIDs, canonical JSON, wallet keys,
 * signed envelopes and payload schemas.
 *
 * @example
 * import { hashBytes, signAsWallet, newNonce, expiresIn } from "./mesh";
 */
export { CHUNK_SIZE, ENVELOPE_MAX_AHEAD_SECONDS, MESH_CID_CODEC, SLICE_CHUNKS, SLICE_SIZE } from "./constants";
export { MESH_ERROR_STATUS, MeshError, isMeshErrorCode, type MeshErrorCode } from "./errors";
export { chunkCount, sliceCount, sliceRange, slicesForRange } from "./layout";
export {
  chunkLeavesOf,
  fileRootFromSliceLeaves,
  leafHash,
  merkleProof,
  merkleRootOfLeaves,
  nodeHash,
  sliceRoot,
  verifyChunkProof,
  verifyLeafProof,
  type LeafHashFn,
} from "./merkle";
export { FileHasher, hashBytes, hashStream, type FileDigest } from "./hasher";
export { cidFromRoot, isMeshCid, rootFromCid } from "./cid";
export { canonicalJson, payloadDigest } from "./canonical";
export { walletAddressOfPubkey, walletKeyFromMnemonic, walletKeyFromPrivateKey, type WalletKey } from "./wallet-key";
export {
  ReplayGuard,
  decodeEnvelopeHeader,
  encodeEnvelopeHeader,
  newNonce,
  signAsNode,
  signAsWallet,
  verifyEnvelope,
  type BasePayload,
  type Envelope,
  type VerifyEnvelopeOptions,
} from "./envelope";
export {
  DecimalSchema,
  DownloadRequestSchema,
  GetTicketSchema,
  HeartbeatSchema,
  Hex32Schema,
  HexSchema,
  MeshCidSchema,
  NodeAddressSchema,
  NonceSchema,
  PAYLOAD_SCHEMAS,
  PutTicketSchema,
  ReceiptSchema,
  RepairOrderSchema,
  StoredAckSchema,
  UploadCompleteSchema,
  UploadRequestSchema,
  WalletAddressSchema,
  envelopeSchema,
  expiresIn,
  isPayloadType,
  parsePayload,
  unixNow,
  type AnyPayload,
  type DownloadRequest,
  type GetTicket,
  type Heartbeat,
  type PayloadByType,
  type PayloadType,
  type PutTicket,
  type Receipt,
  type RepairOrder,
  type StoredAck,
  type UploadComplete,
  type UploadRequest,
} from "./payloads";
