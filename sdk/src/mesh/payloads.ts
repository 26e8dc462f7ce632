import { fromBech32 } from "@cosmjs/encoding";
import { z } from "zod";
import { STRATOS_PREFIX } from "../client/wallet";
import { SDS_PREFIX } from "../nodes/node-key";
import { isMeshCid } from "./cid";
import { MeshError } from "./errors";

function bech32With(prefix: string): (s: string) => boolean {
  return (s) => {
    try {
      return fromBech32(s).prefix === prefix;
    } catch {
      return false;
    }
  };
}

/**
 * Schema of a non-negative integer as a decimal string (no sign, no leading zeros).
 *
 * @example
 * DecimalSchema.parse("42"); // "42"
 */
export const DecimalSchema = z.string().regex(/^(0|[1-9][0-9]*)$/, "a non-negative decimal integer string");
/**
 * Schema of a 32-byte value as 64 lowercase hex characters.
 *
 * @example
 * Hex32Schema.parse(toHex(root));
 */
export const Hex32Schema = z.string().regex(/^[0-9a-f]{64}$/, "32 bytes as lowercase hex");
/**
 * Schema of lowercase hex of any even length.
 *
 * @example
 * HexSchema.parse("00ff");
 */
export const HexSchema = z.string().regex(/^(?:[0-9a-f]{2})*$/, "lowercase hex");
/**
 * Schema of a mesh CID.
 *
 * @example
 * MeshCidSchema.parse(cidFromRoot(root));
 */
export const MeshCidSchema = z.string().refine((s) => isMeshCid(s), "a mesh CID (CIDv1 base32, codec 0x300001, sha2-256)");
/**
 * Schema of a wallet address (`st1...`).
 *
 * @example
 * WalletAddressSchema.parse(key.address);
 */
export const WalletAddressSchema = z.string().refine(bech32With(STRATOS_PREFIX), "a bech32 st1... address");
/**
 * Schema of a node address (`stsds1...`).
 *
 * @example
 * NodeAddressSchema.parse(nodeKey.address);
 */
export const NodeAddressSchema = z.string().refine(bech32With(SDS_PREFIX), "a bech32 stsds1... address");

/**
 * Schema of a nonce: 16 bytes as 32 lowercase hex characters.
 *
 * @example
 * NonceSchema.parse(newNonce());
 */
export const NonceSchema = z.string().regex(/^[0-9a-f]{32}$/, "16 bytes as lowercase hex");

const base = {
  chain_id: z.string().min(1).max(128),
  nonce: NonceSchema,
  expires: DecimalSchema,
};

const sliceRef = {
  cid: MeshCidSchema,
  slice_index: DecimalSchema,
  slice_root: Hex32Schema,
  slice_size: DecimalSchema,
};

/**
 * `upload.request` (wallet → meta node): the file to store.
 *
 * @example
 * const p: UploadRequest = UploadRequestSchema.parse(json);
 */
export const UploadRequestSchema = z.strictObject({
  type: z.literal("upload.request"),
  ...base,
  cid: MeshCidSchema,
  size: DecimalSchema,
  chunk_size: DecimalSchema,
  slice_roots: z.array(Hex32Schema).min(1),
  replicas: DecimalSchema,
  name: z.string().max(1024).optional(),
});
/** @example const p: UploadRequest = { type: "upload.request", chain_id, nonce: newNonce(), expires: expiresIn(300), cid, size: "5", chunk_size: "262144", slice_roots: [hex], replicas: "2" }; */
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

/**
 * `put.ticket` (meta node → wallet, presented to a resource node): permission to store one slice.
 *
 * @example
 * const t: PutTicket = parsePayload("put.ticket", env.payload);
 */
export const PutTicketSchema = z.strictObject({
  type: z.literal("put.ticket"),
  ...base,
  ...sliceRef,
  node: NodeAddressSchema,
  wallet: WalletAddressSchema,
  upload_id: z.string().min(1).max(128),
});
/** @example const t: PutTicket = verifyEnvelope<PutTicket>(env, { chainId, nowSeconds, kind: "node", type: "put.ticket" }); */
export type PutTicket = z.infer<typeof PutTicketSchema>;

/**
 * `stored.ack` (resource node → meta node): a slice is stored.
 *
 * @example
 * const ack: StoredAck = parsePayload("stored.ack", env.payload);
 */
export const StoredAckSchema = z.strictObject({
  type: z.literal("stored.ack"),
  ...base,
  ...sliceRef,
  node: NodeAddressSchema,
  upload_id: z.string().min(1).max(128),
});
/** @example const ack: StoredAck = { type: "stored.ack", chain_id, nonce: newNonce(), expires: expiresIn(600), cid, slice_index: "0", slice_root, slice_size: "5", node: key.address, upload_id }; */
export type StoredAck = z.infer<typeof StoredAckSchema>;

/**
 * `upload.complete` (wallet → meta node): finish an upload.
 *
 * @example
 * UploadCompleteSchema.parse(payload);
 */
export const UploadCompleteSchema = z.strictObject({
  type: z.literal("upload.complete"),
  ...base,
  upload_id: z.string().min(1).max(128),
  cid: MeshCidSchema,
});
/** @example const p: UploadComplete = { type: "upload.complete", chain_id, nonce: newNonce(), expires: expiresIn(300), upload_id, cid }; */
export type UploadComplete = z.infer<typeof UploadCompleteSchema>;

/**
 * `download.request` (wallet → meta node), with an optional inclusive byte range.
 *
 * @example
 * DownloadRequestSchema.parse({ ...basePayload, type: "download.request", cid, range: { start: "0", end: "99" } });
 */
export const DownloadRequestSchema = z.strictObject({
  type: z.literal("download.request"),
  ...base,
  cid: MeshCidSchema,
  range: z
    .strictObject({ start: DecimalSchema, end: DecimalSchema })
    .refine((r) => BigInt(r.start) <= BigInt(r.end), "range start after end")
    .optional(),
});
/** @example const p: DownloadRequest = { type: "download.request", chain_id, nonce: newNonce(), expires: expiresIn(300), cid }; */
export type DownloadRequest = z.infer<typeof DownloadRequestSchema>;

/**
 * `get.ticket` (meta node → wallet, presented to a resource node): permission to read one slice.
 *
 * @example
 * const t: GetTicket = parsePayload("get.ticket", env.payload);
 */
export const GetTicketSchema = z.strictObject({
  type: z.literal("get.ticket"),
  ...base,
  ...sliceRef,
  node: NodeAddressSchema,
  wallet: WalletAddressSchema,
  download_id: z.string().min(1).max(128),
});
/** @example const t: GetTicket = verifyEnvelope<GetTicket>(env, { chainId, nowSeconds, kind: "node", type: "get.ticket" }); */
export type GetTicket = z.infer<typeof GetTicketSchema>;

/**
 * `receipt` (wallet → resource node → meta node): bytes received from a node.
 *
 * @example
 * const r: Receipt = parsePayload("receipt", env.payload);
 */
export const ReceiptSchema = z.strictObject({
  type: z.literal("receipt"),
  ...base,
  node: NodeAddressSchema,
  cid: MeshCidSchema,
  slice_index: DecimalSchema,
  bytes: DecimalSchema,
  ticket_nonce: NonceSchema,
  epoch_hint: DecimalSchema,
});
/** @example const r: Receipt = { type: "receipt", chain_id, nonce: newNonce(), expires: expiresIn(600), node, cid, slice_index: "0", bytes: "100", ticket_nonce: ticket.nonce, epoch_hint: "3" }; */
export type Receipt = z.infer<typeof ReceiptSchema>;

/**
 * `heartbeat` (resource node → meta node).
 *
 * @example
 * HeartbeatSchema.parse(env.payload);
 */
export const HeartbeatSchema = z.strictObject({
  type: z.literal("heartbeat"),
  ...base,
  node: NodeAddressSchema,
  url: z.string().url(),
  capacity_bytes: DecimalSchema,
  used_bytes: DecimalSchema,
  slices: DecimalSchema,
  /** Slices this node found corrupt and quarantined since its last delivered heartbeat: no longer held. */
  lost: z.array(z.strictObject({ cid: MeshCidSchema, slice_index: DecimalSchema })).max(1024).optional(),
});
/** @example const h: Heartbeat = { type: "heartbeat", chain_id, nonce: newNonce(), expires: expiresIn(60), node, url: "http://127.0.0.1:18100", capacity_bytes: "1000", used_bytes: "0", slices: "0" }; */
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/**
 * Schema of a signed envelope whose payload matches `payload` (structure only; the signature is
 * checked by `verifyEnvelope`).
 *
 * @example
 * const GetTicketEnvelopeSchema = envelopeSchema(GetTicketSchema);
 */
export function envelopeSchema<S extends z.ZodType>(payload: S) {
  return z.strictObject({
    payload,
    signer: z.strictObject({ pubkey: HexSchema.min(64).max(66), address: z.string().min(1).max(128) }),
    signature: z.string().regex(/^[0-9a-f]{128}$/, "64 bytes as lowercase hex"),
  });
}

/**
 * `repair.order` (meta node → resource node): copy a slice from `source` with the enclosed
 * `get_ticket` envelope.
 *
 * @example
 * const order: RepairOrder = parsePayload("repair.order", env.payload);
 */
export const RepairOrderSchema = z.strictObject({
  type: z.literal("repair.order"),
  ...base,
  ...sliceRef,
  source: NodeAddressSchema,
  source_url: z.string().url(),
  target: NodeAddressSchema,
  get_ticket: envelopeSchema(GetTicketSchema),
});
/** @example const order: RepairOrder = verifyEnvelope<RepairOrder>(env, { chainId, nowSeconds, kind: "node", type: "repair.order" }); */
export type RepairOrder = z.infer<typeof RepairOrderSchema>;

/**
 * The schema of each payload type, by its `type`.
 *
 * @example
 * PAYLOAD_SCHEMAS["put.ticket"].safeParse(value).success;
 */
export const PAYLOAD_SCHEMAS = {
  "upload.request": UploadRequestSchema,
  "put.ticket": PutTicketSchema,
  "stored.ack": StoredAckSchema,
  "upload.complete": UploadCompleteSchema,
  "download.request": DownloadRequestSchema,
  "get.ticket": GetTicketSchema,
  receipt: ReceiptSchema,
  heartbeat: HeartbeatSchema,
  "repair.order": RepairOrderSchema,
} as const;

/**
 * The payload type names.
 *
 * @example
 * const t: PayloadType = "get.ticket";
 */
export type PayloadType = keyof typeof PAYLOAD_SCHEMAS;

/**
 * The payload TS type of each type name.
 *
 * @example
 * type T = PayloadByType["receipt"]; // Receipt
 */
export type PayloadByType = { [K in PayloadType]: z.infer<(typeof PAYLOAD_SCHEMAS)[K]> };

/**
 * Any mesh payload (a union discriminated by `type`).
 *
 * @example
 * function handle(p: AnyPayload) { if (p.type === "receipt") console.log(p.bytes); }
 */
export type AnyPayload = PayloadByType[PayloadType];

/**
 * True when `s` names a payload type.
 *
 * @example
 * if (isPayloadType(body.payload?.type)) parsePayload(body.payload.type, body.payload);
 */
export function isPayloadType(s: unknown): s is PayloadType {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(PAYLOAD_SCHEMAS, s);
}

/**
 * Validates `value` as a payload of `type` and returns it typed; throws MeshError `bad_request`
 * (with the problems in `details`) otherwise.
 *
 * @example
 * const ticket = parsePayload("put.ticket", env.payload); // PutTicket
 */
export function parsePayload<T extends PayloadType>(type: T, value: unknown): PayloadByType[T] {
  const schema = PAYLOAD_SCHEMAS[type] as z.ZodType | undefined;
  if (!schema) throw new MeshError("bad_request", `unknown payload type ${JSON.stringify(type)}`);
  const r = schema.safeParse(value);
  if (!r.success) {
    const details = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new MeshError("bad_request", `invalid ${type} payload: ${details}`, { details });
  }
  return r.data as PayloadByType[T];
}

/**
 * The current unix time in seconds.
 *
 * @example
 * verifyEnvelope(env, { chainId, nowSeconds: unixNow(), kind: "wallet" });
 */
export function unixNow(): bigint {
  return BigInt(Math.floor(Date.now() / 1000));
}

/**
 * An `expires` value `seconds` from now (or from `nowSeconds`), as a decimal string.
 *
 * @example
 * const payload = { type: "upload.complete", chain_id, nonce: newNonce(), expires: expiresIn(300), upload_id, cid };
 */
export function expiresIn(seconds: number, nowSeconds?: bigint): string {
  if (!Number.isSafeInteger(seconds)) throw new MeshError("bad_request", `expiresIn needs whole seconds, got ${seconds}`);
  return ((nowSeconds ?? unixNow()) + BigInt(seconds)).toString(10);
}
