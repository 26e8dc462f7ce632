import { Params, SliceHolders } from "../../gen/ts/stratos/sds/v1/sds";
import { MsgFileUpload, MsgPrepay, MsgUpdateParams } from "../../gen/ts/stratos/sds/v1/tx";
import { bytes, coins, int32, int64, message, messages, msgConverter, objectCodec, str, strings, type StratosAminoConverter } from "./fields";

// Amino JSON of the `sds` Msgs, with the legacy amino codec names (x/sds/types/codec.go).

const sliceHolders = objectCodec<SliceHolders>({
  sliceIndex: int32("slice_index"),
  sdsAddresses: strings("sds_addresses"),
});

const params = objectCodec<Params>({
  bondDenom: str("bond_denom"),
});

/**
 * Converters of the `stratos.sds.v1` Msgs, keyed by type URL.
 *
 * @example
 * const { aminoType } = createSdsAminoConverters()["/stratos.sds.v1.MsgPrepay"]!;
 */
export function createSdsAminoConverters(): Record<string, StratosAminoConverter<unknown>> {
  return {
    "/stratos.sds.v1.MsgFileUpload": msgConverter<MsgFileUpload>("sds/FileUploadTx", MsgFileUpload, {
      fileHash: str("file_hash"),
      from: str("from"),
      reporter: str("reporter"),
      uploader: str("uploader"),
      size: int64("size"),
      merkleRoot: bytes("merkle_root"),
      chunkSize: int64("chunk_size"),
      sliceCount: int32("slice_count"),
      replicas: int32("replicas"),
      holders: messages("holders", sliceHolders),
    }),
    "/stratos.sds.v1.MsgPrepay": msgConverter<MsgPrepay>("sds/PrepayTx", MsgPrepay, {
      sender: str("sender"),
      beneficiary: str("beneficiary"),
      amount: coins("amount"),
    }),
    "/stratos.sds.v1.MsgUpdateParams": msgConverter<MsgUpdateParams>("sds/UpdateParamsTx", MsgUpdateParams, {
      authority: str("authority"),
      params: message("params", params),
    }),
  };
}
