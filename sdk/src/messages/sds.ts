import type { EncodeObject } from "@cosmjs/proto-signing";
import { stratos } from "@stratos/proto";
import type { Params, SliceHolders } from "@stratos/proto/gen/ts/stratos/sds/v1/sds";
import type { MsgFileUpload, MsgPrepay, MsgUpdateParams } from "@stratos/proto/gen/ts/stratos/sds/v1/tx";
import { toCoins, type CoinsAmount } from "./common";

const tx = stratos.sds.v1;

/**
 * `MsgFileUpload` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgFileUploadEncodeObject = msgFileUpload({ fileHash: cid, from: "st1...", reporter: "stsds1...", uploader: "st1..." });
 */
export interface MsgFileUploadEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.sds.v1.MsgFileUpload";
  readonly value: MsgFileUpload;
}

/**
 * Input of {@link msgFileUpload}: the Stratos fields and the optional storage-deal fields.
 *
 * @example
 * const input: FileUploadInput = { fileHash: "bafk...", from: "st1metaowner", reporter: "stsds1meta", uploader: "st1user", size: 1024n };
 */
export interface FileUploadInput {
  /** The file's CID (the record's key). */
  readonly fileHash: string;
  /** `st` owner of the reporting meta node; signs. */
  readonly from: string;
  /** The reporting meta node (`stsds`). */
  readonly reporter: string;
  /** `st` address of the uploading wallet (the file's owner). */
  readonly uploader: string;
  /** File size in bytes. */
  readonly size?: bigint;
  /** 32-byte SHA-256 Merkle root over `chunkSize` chunks. */
  readonly merkleRoot?: Uint8Array;
  /** Chunk size in bytes. */
  readonly chunkSize?: bigint;
  readonly sliceCount?: number;
  /** Distinct resource nodes per slice. */
  readonly replicas?: number;
  /** Which resource nodes hold which slice. */
  readonly holders?: readonly SliceHolders[];
}

/**
 * A meta node records a file upload, i.e. the storage deal (signer: `from`).
 *
 * @example
 * const msg = msgFileUpload({ fileHash: "bafk...", from: "st1metaowner", reporter: "stsds1meta", uploader: "st1user", size: 1024n, sliceCount: 1, replicas: 1 });
 */
export function msgFileUpload(input: FileUploadInput): MsgFileUploadEncodeObject {
  return {
    typeUrl: "/stratos.sds.v1.MsgFileUpload",
    value: tx.MsgFileUpload.fromPartial({
      fileHash: input.fileHash,
      from: input.from,
      reporter: input.reporter,
      uploader: input.uploader,
      size: input.size ?? 0n,
      merkleRoot: input.merkleRoot ?? new Uint8Array(0),
      chunkSize: input.chunkSize ?? 0n,
      sliceCount: input.sliceCount ?? 0,
      replicas: input.replicas ?? 0,
      holders: (input.holders ?? []).map((h) => ({ sliceIndex: h.sliceIndex, sdsAddresses: [...h.sdsAddresses] })),
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgFileUpload`.
 *
 * @example
 * if (isMsgFileUploadEncodeObject(o)) console.log(o.value.fileHash);
 */
export function isMsgFileUploadEncodeObject(o: EncodeObject): o is MsgFileUploadEncodeObject {
  return o.typeUrl === "/stratos.sds.v1.MsgFileUpload";
}

/**
 * `MsgPrepay` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgPrepayEncodeObject = msgPrepay({ sender: "st1...", amount: 10n ** 18n });
 */
export interface MsgPrepayEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.sds.v1.MsgPrepay";
  readonly value: MsgPrepay;
}

/**
 * Input of {@link msgPrepay}.
 *
 * @example
 * const input: PrepayInput = { sender: "st1...", beneficiary: "st1...", amount: 10n ** 18n };
 */
export interface PrepayInput {
  readonly sender: string;
  /** Who gets the ozone; default: the sender. */
  readonly beneficiary?: string;
  /** wei as a bigint, or coins (only the bond denom counts). */
  readonly amount: CoinsAmount;
}

/**
 * Buys ozone with STOS (signer: `sender`); the purchased amount is in the `EventPrePay` of the result.
 *
 * @example
 * const msg = msgPrepay({ sender: "st1...", amount: 10n ** 18n }); // 1 STOS
 */
export function msgPrepay(input: PrepayInput): MsgPrepayEncodeObject {
  return {
    typeUrl: "/stratos.sds.v1.MsgPrepay",
    value: tx.MsgPrepay.fromPartial({ sender: input.sender, beneficiary: input.beneficiary ?? input.sender, amount: toCoins(input.amount) }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgPrepay`.
 *
 * @example
 * if (isMsgPrepayEncodeObject(o)) console.log(o.value.amount);
 */
export function isMsgPrepayEncodeObject(o: EncodeObject): o is MsgPrepayEncodeObject {
  return o.typeUrl === "/stratos.sds.v1.MsgPrepay";
}

/**
 * `stratos.sds.v1.MsgUpdateParams` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateSdsParamsEncodeObject = msgUpdateSdsParams({ authority: govAddress, params: { bondDenom: "wei" } });
 */
export interface MsgUpdateSdsParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.sds.v1.MsgUpdateParams";
  readonly value: MsgUpdateParams;
}

/**
 * Replaces all sds params (signer: `authority`, the x/gov module account).
 *
 * @example
 * const msg = msgUpdateSdsParams({ authority: govAddress, params: { bondDenom: "wei" } });
 */
export function msgUpdateSdsParams(input: { readonly authority: string; readonly params: Params }): MsgUpdateSdsParamsEncodeObject {
  return { typeUrl: "/stratos.sds.v1.MsgUpdateParams", value: tx.MsgUpdateParams.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `stratos.sds.v1.MsgUpdateParams`.
 *
 * @example
 * if (isMsgUpdateSdsParamsEncodeObject(o)) console.log(o.value.params);
 */
export function isMsgUpdateSdsParamsEncodeObject(o: EncodeObject): o is MsgUpdateSdsParamsEncodeObject {
  return o.typeUrl === "/stratos.sds.v1.MsgUpdateParams";
}
