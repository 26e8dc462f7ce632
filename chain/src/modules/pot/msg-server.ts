import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { stratosMsgRoute, type EmptyResponseCodec, type MsgCodec } from "../../app/stratos-msg-route";
import { isAccAddress } from "../../types/address";
import { ErrInvalidAddress, ErrUnauthorized } from "../../types/errors";
import * as E from "./errors";
import type { PotKeeper } from "./keeper";
import * as v from "./msgs";
import { potParamsFromProto, validatePotParams, type PotParams } from "./params";

const P = stratos.pot.v1;
/** One pot route (see stratosMsgRoute). */
function route<M>(name: string, codec: MsgCodec<M>, response: EmptyResponseCodec, validate: (m: M) => void, signers: (m: M) => string[], handle: (ctx: Context, m: M) => void): MsgRoute<unknown> {
  return stratosMsgRoute("pot", name, codec, response, validate, signers, handle);
}

/** Params of a MsgUpdateParams, checked (every field must be set). */
export function checkedUpdateParams(msg: stratos.pot.v1.MsgUpdateParams): PotParams {
  if (!msg.params) throw E.ErrInvalid.wrap("params are required");
  const p = potParamsFromProto(msg.params);
  validatePotParams(p);
  return p;
}

/** The `stratos.pot.v1.Msg` service. */
export function potMsgRoutes(keeper: PotKeeper): MsgRoute<unknown>[] {
  return [
    route(
      "MsgVolumeReport",
      P.MsgVolumeReport,
      P.MsgVolumeReportResponse,
      v.validateMsgVolumeReport,
      (m) => [m.reporterOwner],
      (ctx, m) => void keeper.handleVolumeReport(ctx, m),
    ),
    route(
      "MsgWithdraw",
      P.MsgWithdraw,
      P.MsgWithdrawResponse,
      (m) => void v.validateMsgWithdraw(m),
      (m) => [m.walletAddress],
      (ctx, m) => keeper.withdraw(ctx, m.walletAddress, m.targetAddress, v.validateMsgWithdraw(m)),
    ),
    route(
      "MsgFoundationDeposit",
      P.MsgFoundationDeposit,
      P.MsgFoundationDepositResponse,
      (m) => void v.validateMsgFoundationDeposit(m),
      (m) => [m.from],
      (ctx, m) => keeper.foundationDeposit(ctx, m.from, v.validateMsgFoundationDeposit(m)),
    ),
    route(
      "MsgSlashingResourceNode",
      P.MsgSlashingResourceNode,
      P.MsgSlashingResourceNodeResponse,
      v.validateMsgSlashingResourceNode,
      (m) => [...new Set(m.reporterOwner)],
      (ctx, m) => void keeper.slashResourceNode(ctx, m),
    ),
    route(
      "MsgUpdateParams",
      P.MsgUpdateParams,
      P.MsgUpdateParamsResponse,
      (m) => {
        if (!isAccAddress(m.authority)) throw ErrInvalidAddress.wrap(`invalid authority address ${JSON.stringify(m.authority)}`);
        checkedUpdateParams(m);
      },
      (m) => [m.authority],
      (ctx, m) => {
        if (m.authority !== keeper.authority) throw ErrUnauthorized.wrap(`invalid authority; expected ${keeper.authority}, got ${m.authority}`);
        keeper.setParams(ctx.store, checkedUpdateParams(m));
      },
    ),
  ];
}
