import { stratos } from "@stratos/proto";
import { createStratosAminoConverters } from "@stratos/proto/src/amino";
import type { AminoConverter } from "@cosmjs/stargate";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { isAccAddress } from "../../types/address";
import { ErrInvalidAddress, ErrUnauthorized } from "../../types/errors";
import * as E from "./errors";
import type { PotKeeper } from "./keeper";
import * as v from "./msgs";
import { potParamsFromProto, validatePotParams, type PotParams } from "./params";

const P = stratos.pot.v1;
const amino = createStratosAminoConverters();

interface Codec<M> {
  decode(bytes: Uint8Array): M;
}
interface ResponseCodec {
  encode(m: Record<string, never>): { finish(): Uint8Array };
}

/** One route: the type URL's codec, checks, signers and handler; every response is empty. */
function route<M>(name: string, codec: Codec<M>, response: ResponseCodec, validate: (m: M) => void, signers: (m: M) => string[], handle: (ctx: Context, m: M) => void): MsgRoute<unknown> {
  const typeUrl = `/stratos.pot.v1.${name}`;
  const converter = amino[typeUrl];
  if (!converter) throw new Error(`no amino converter for ${typeUrl}`);
  const r: MsgRoute<M> = {
    typeUrl,
    responseTypeUrl: `${typeUrl}Response`,
    decode: (b) => codec.decode(b),
    validateBasic: validate,
    signers,
    handle: (ctx, m) => {
      handle(ctx, m);
      return response.encode({}).finish();
    },
    amino: converter as AminoConverter,
  };
  return r as MsgRoute<unknown>;
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
