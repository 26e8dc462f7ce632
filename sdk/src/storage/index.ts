/**
 * The storage-mesh client of the SDK: {@link MeshClient} (upload, download, verify, ozone, ls, info),
 * its typed errors and byte-range helpers.
 *
 * @example
 * import { MeshClient } from "./storage";
 * const mesh = new MeshClient({ metaUrl: "http://127.0.0.1:18100", chainId: "stratos-localnet", wallet });
 */
export {
  MeshClient,
  type DownloadOptions,
  type DownloadProgress,
  type FileInfoResult,
  type HolderFailure,
  type MeshClientOptions,
  type MeshFileRecord,
  type OzoneBalance,
  type UploadOptions,
  type UploadProgress,
  type UploadResult,
  type VerifyResult,
  type ChunkProof,
} from "./mesh-client";
export { IntegrityError, MeshAbortError, MeshRequestError, OzoneInsufficientError, UploadIncompleteError, rootCause } from "./errors";
export { parseByteRange, resolveRange, sliceWindow, type ByteRange } from "./ranges";
export { prepareSource, type PreparedSource, type UploadSource } from "./source";
