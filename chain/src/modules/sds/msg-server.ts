import { stratos } from "@stratos/proto";
import type { MsgRoute } from "../../app/module";
import { stratosMsgRoute } from "../../app/stratos-msg-route";
import type { SdsKeeper } from "./keeper";
import { checkedCoins, validateMsgFileUpload, validateMsgPrepay, validateMsgUpdateParams } from "./msgs";

const T = stratos.sds.v1;

/** The sds Msg service: MsgFileUpload, MsgPrepay, MsgUpdateParams. */
export function sdsMsgRoutes(keeper: SdsKeeper): MsgRoute<unknown>[] {
  return [
    stratosMsgRoute("sds", "MsgFileUpload", T.MsgFileUpload, T.MsgFileUploadResponse, validateMsgFileUpload, (m) => [m.from], (ctx, m) => keeper.fileUpload(ctx, m)),
    stratosMsgRoute("sds", "MsgPrepay", T.MsgPrepay, T.MsgPrepayResponse, validateMsgPrepay, (m) => [m.sender], (ctx, m) => {
      keeper.prepay(ctx, m.sender, m.beneficiary, checkedCoins(m.amount));
    }),
    stratosMsgRoute("sds", "MsgUpdateParams", T.MsgUpdateParams, T.MsgUpdateParamsResponse, validateMsgUpdateParams, (m) => [m.authority], (ctx, m) => {
      keeper.updateParams(ctx, m.authority, { bondDenom: m.params?.bondDenom ?? "" });
    }),
  ];
}
