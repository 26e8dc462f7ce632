import { stratos } from "@stratos/proto";
import { createStratosAminoConverters } from "@stratos/proto/src/amino";
import type { AminoConverter } from "@cosmjs/stargate";
import type { MsgRoute } from "../../app/module";
import type { SdsKeeper } from "./keeper";
import { checkedCoins, validateMsgFileUpload, validateMsgPrepay, validateMsgUpdateParams } from "./msgs";

const T = stratos.sds.v1;
const amino = createStratosAminoConverters();

function aminoOf(typeUrl: string): AminoConverter {
  const c = amino[typeUrl];
  if (!c) throw new Error(`no amino converter for ${typeUrl}`);
  return c as AminoConverter;
}

/** The sds Msg service: MsgFileUpload, MsgPrepay, MsgUpdateParams. */
export function sdsMsgRoutes(keeper: SdsKeeper): MsgRoute<unknown>[] {
  const fileUpload: MsgRoute<stratos.sds.v1.MsgFileUpload> = {
    typeUrl: "/stratos.sds.v1.MsgFileUpload",
    responseTypeUrl: "/stratos.sds.v1.MsgFileUploadResponse",
    decode: (b) => T.MsgFileUpload.decode(b),
    validateBasic: validateMsgFileUpload,
    signers: (m) => [m.from],
    handle: (ctx, m) => {
      keeper.fileUpload(ctx, m);
      return T.MsgFileUploadResponse.encode({}).finish();
    },
    amino: aminoOf("/stratos.sds.v1.MsgFileUpload"),
  };
  const prepay: MsgRoute<stratos.sds.v1.MsgPrepay> = {
    typeUrl: "/stratos.sds.v1.MsgPrepay",
    responseTypeUrl: "/stratos.sds.v1.MsgPrepayResponse",
    decode: (b) => T.MsgPrepay.decode(b),
    validateBasic: validateMsgPrepay,
    signers: (m) => [m.sender],
    handle: (ctx, m) => {
      keeper.prepay(ctx, m.sender, m.beneficiary, checkedCoins(m.amount));
      return T.MsgPrepayResponse.encode({}).finish();
    },
    amino: aminoOf("/stratos.sds.v1.MsgPrepay"),
  };
  const updateParams: MsgRoute<stratos.sds.v1.MsgUpdateParams> = {
    typeUrl: "/stratos.sds.v1.MsgUpdateParams",
    responseTypeUrl: "/stratos.sds.v1.MsgUpdateParamsResponse",
    decode: (b) => T.MsgUpdateParams.decode(b),
    validateBasic: validateMsgUpdateParams,
    signers: (m) => [m.authority],
    handle: (ctx, m) => {
      keeper.updateParams(ctx, m.authority, { bondDenom: m.params?.bondDenom ?? "" });
      return T.MsgUpdateParamsResponse.encode({}).finish();
    },
    amino: aminoOf("/stratos.sds.v1.MsgUpdateParams"),
  };
  return [fileUpload as MsgRoute<unknown>, prepay as MsgRoute<unknown>, updateParams as MsgRoute<unknown>];
}
