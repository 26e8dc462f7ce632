import { z } from "zod";
import { MeshRequestError } from "./errors";

/** A count or size on the wire: a decimal string (the protocol's form) or a JSON number. */
const big = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const int = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => Number(v));
const hex32 = z.string().regex(/^[0-9a-fA-F]{64}$/).transform((s) => s.toLowerCase());
/** A ticket: the envelope object, or already base64 of its JSON. */
const ticket = z.union([z.string().min(1), z.looseObject({ payload: z.looseObject({}) })]);

const holderWithTicket = z.looseObject({ node: z.string(), url: z.string(), ticket });

/**
 * @internal `POST /v1/uploads` answer.
 * @example
 * const a = UploadAnswerSchema.parse(json); // a.placements[0].holders[0].ticket
 */
export const UploadAnswerSchema = z.looseObject({
  upload_id: z.string().min(1),
  cost_noz: big.optional(),
  placements: z.array(z.looseObject({ slice_index: int, holders: z.array(holderWithTicket) })),
});
/** @internal @example const a: UploadAnswer = UploadAnswerSchema.parse(json); */
export type UploadAnswer = z.output<typeof UploadAnswerSchema>;

/**
 * @internal `GET /v1/uploads/:id` answer; `missing` entries may carry fresh tickets.
 * @example
 * const s = UploadStatusSchema.parse(json); // s.acked, s.missing
 */
export const UploadStatusSchema = z.looseObject({
  upload_id: z.string(),
  cid: z.string().optional(),
  acked: z.array(z.looseObject({ slice_index: int, node: z.string() })).default([]),
  missing: z
    .array(
      z.union([
        z.looseObject({ slice_index: int, node: z.string().optional(), url: z.string().optional(), ticket: ticket.optional() }),
        int.transform((slice_index) => ({ slice_index, node: undefined, url: undefined, ticket: undefined })),
      ]),
    )
    .default([]),
  placements: z.array(z.looseObject({ slice_index: int, holders: z.array(holderWithTicket) })).optional(),
});
/** @internal @example const s: UploadStatus = UploadStatusSchema.parse(json); */
export type UploadStatus = z.output<typeof UploadStatusSchema>;

/**
 * @internal `POST /v1/uploads/:id/complete` answer.
 * @example
 * const { tx_hash, height } = CompleteAnswerSchema.parse(json);
 */
export const CompleteAnswerSchema = z.looseObject({ cid: z.string(), tx_hash: z.string(), height: int });

/**
 * @internal `POST /v1/downloads` answer (`leaves` is an optional extension: every chunk leaf, hex).
 * @example
 * const d = DownloadAnswerSchema.parse(json); // d.size is a bigint
 */
export const DownloadAnswerSchema = z.looseObject({
  download_id: z.string().optional(),
  size: big,
  chunk_size: int.optional(),
  merkle_root: hex32,
  leaves: z.array(hex32).optional(),
  slices: z.array(z.looseObject({ slice_index: int, slice_root: hex32, slice_size: int, holders: z.array(holderWithTicket) })),
});
/** @internal @example const d: DownloadAnswer = DownloadAnswerSchema.parse(json); */
export type DownloadAnswer = z.output<typeof DownloadAnswerSchema>;

/**
 * @internal `GET /v1/files/:cid` answer.
 * @example
 * const f = FileAnswerSchema.parse(json); // f.slices[i].slice_root
 */
export const FileAnswerSchema = z.looseObject({
  cid: z.string(),
  owner: z.string(),
  size: big,
  chunk_size: int.optional(),
  merkle_root: hex32,
  slice_count: int.optional(),
  replicas: int.optional(),
  height: int.optional(),
  name: z.string().optional(),
  slices: z
    .array(z.looseObject({ slice_index: int, slice_root: hex32, holders: z.array(z.looseObject({ node: z.string(), healthy: z.boolean().optional() })).default([]) }))
    .default([]),
});
/** @internal @example const f: FileAnswer = FileAnswerSchema.parse(json); */
export type FileAnswer = z.output<typeof FileAnswerSchema>;

/**
 * @internal `GET /v1/ozone/:wallet` answer.
 * @example
 * const { balance_noz } = OzoneAnswerSchema.parse(json);
 */
export const OzoneAnswerSchema = z.looseObject({ wallet: z.string(), balance_noz: big, prepaid_noz: big.optional(), spent_noz: big.optional() });

/**
 * @internal `GET /v1/receipts/proof` answer: where a receipt sits in its epoch's receipts tree.
 * @example
 * const { epoch, index, count, siblings, reference } = ReceiptProofAnswerSchema.parse(json);
 */
export const ReceiptProofAnswerSchema = z.looseObject({
  epoch: z.string().regex(/^\d+$/),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  siblings: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  reference: z.string(),
  tx_hash: z.string().optional(),
});

/**
 * @internal `GET /v1/status` answer (the parts the SDK uses).
 * @example
 * const { epoch } = MetaStatusSchema.parse(json);
 */
export const MetaStatusSchema = z.looseObject({ epoch: int.optional(), height: int.optional(), chain_id: z.string().optional() });

/**
 * @internal Validates a node's JSON answer; a malformed one is a MeshRequestError `bad_answer`.
 * @example
 * const a = parseAnswer(UploadAnswerSchema, json, "POST /v1/uploads", url);
 */
export function parseAnswer<S extends z.ZodType>(schema: S, value: unknown, what: string, url: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  throw new MeshRequestError(`malformed answer to ${what}`, { code: "bad_answer", url, details });
}
