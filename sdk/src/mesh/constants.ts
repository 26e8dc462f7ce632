/**
 * Size of one chunk, the leaf unit of the mesh Merkle tree (256 KiB). The last chunk of a file may be shorter.
 *
 * @example
 * const chunks = Math.ceil(Number(size) / CHUNK_SIZE);
 */
export const CHUNK_SIZE = 262144;

/**
 * Number of consecutive chunks in one slice (the unit stored by a resource node).
 *
 * @example
 * const firstChunkOfSlice = sliceIndex * SLICE_CHUNKS;
 */
export const SLICE_CHUNKS = 32;

/**
 * Size of a full slice in bytes (8 MiB); the last slice of a file may be shorter.
 *
 * @example
 * if (body.length > SLICE_SIZE) throw new MeshError("too_large", "slice too large");
 */
export const SLICE_SIZE = CHUNK_SIZE * SLICE_CHUNKS;

/**
 * How far in the future (seconds) an envelope's `expires` may lie before a receiver refuses it.
 *
 * @example
 * const expires = expiresIn(ENVELOPE_MAX_AHEAD_SECONDS);
 */
export const ENVELOPE_MAX_AHEAD_SECONDS = 600;

/**
 * The multicodec of mesh CIDs ("stratos merkle sha2-256", private-use range).
 *
 * @example
 * const cid = cidFromRoot(root); // CIDv1 with codec MESH_CID_CODEC
 */
export const MESH_CID_CODEC = 0x300001;
