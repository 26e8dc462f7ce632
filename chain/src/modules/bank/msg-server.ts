import { MsgMultiSend, MsgMultiSendResponse, MsgSend, MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { createBankAminoConverters } from "@cosmjs/stargate";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { ErrUnauthorized } from "../../types/errors";
import { ErrSendDisabled } from "./errors";
import type { BankKeeper } from "./keeper";
import { checkedCoins, validateMsgMultiSend, validateMsgSend } from "./msgs";
import { isSendEnabled } from "./params";

const amino = createBankAminoConverters();

function requireSendEnabled(keeper: BankKeeper, ctx: Context, denoms: readonly string[]): void {
  const params = keeper.getParams(ctx.store);
  for (const d of denoms) if (!isSendEnabled(params, d)) throw ErrSendDisabled.wrap(`${d} transfers are currently disabled`);
}

/** The bank Msg service: MsgSend and MsgMultiSend. */
export function bankMsgRoutes(keeper: BankKeeper): MsgRoute<unknown>[] {
  const send: MsgRoute<MsgSend> = {
    typeUrl: "/cosmos.bank.v1beta1.MsgSend",
    responseTypeUrl: "/cosmos.bank.v1beta1.MsgSendResponse",
    decode: (b) => MsgSend.decode(b),
    validateBasic: validateMsgSend,
    signers: (m) => [m.fromAddress],
    handle: (ctx, m) => {
      const coins = checkedCoins(m.amount);
      requireSendEnabled(keeper, ctx, coins.map((c) => c.denom));
      if (keeper.isBlocked(m.toAddress)) throw ErrUnauthorized.wrap(`${m.toAddress} is not allowed to receive funds`);
      keeper.sendCoins(ctx, m.fromAddress, m.toAddress, coins);
      return MsgSendResponse.encode({}).finish();
    },
    amino: amino["/cosmos.bank.v1beta1.MsgSend"]!,
  };
  const multiSend: MsgRoute<MsgMultiSend> = {
    typeUrl: "/cosmos.bank.v1beta1.MsgMultiSend",
    responseTypeUrl: "/cosmos.bank.v1beta1.MsgMultiSendResponse",
    decode: (b) => MsgMultiSend.decode(b),
    validateBasic: validateMsgMultiSend,
    signers: (m) => m.inputs.slice(0, 1).map((i) => i.address),
    handle: (ctx, m) => {
      const input = m.inputs[0]!;
      const inCoins = checkedCoins(input.coins);
      requireSendEnabled(keeper, ctx, inCoins.map((c) => c.denom));
      const outputs = m.outputs.map((o) => {
        if (keeper.isBlocked(o.address)) throw ErrUnauthorized.wrap(`${o.address} is not allowed to receive funds`);
        return { address: o.address, coins: checkedCoins(o.coins) };
      });
      keeper.inputOutputCoins(ctx, { address: input.address, coins: inCoins }, outputs);
      return MsgMultiSendResponse.encode({}).finish();
    },
    amino: amino["/cosmos.bank.v1beta1.MsgMultiSend"]!,
  };
  return [send as MsgRoute<unknown>, multiSend as MsgRoute<unknown>];
}
