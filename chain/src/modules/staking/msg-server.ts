import { createStakingAminoConverters, type AminoConverter } from "@cosmjs/stargate";
import {
  MsgBeginRedelegate,
  MsgBeginRedelegateResponse,
  MsgCancelUnbondingDelegation,
  MsgCancelUnbondingDelegationResponse,
  MsgCreateValidator,
  MsgCreateValidatorResponse,
  MsgDelegate,
  MsgDelegateResponse,
  MsgEditValidator,
  MsgEditValidatorResponse,
  MsgUndelegate,
  MsgUndelegateResponse,
} from "cosmjs-types/cosmos/staking/v1beta1/tx";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import type { Coin } from "../../types/coin";
import { timestampOf } from "../../types/time";
import * as ev from "./events";
import { requireBondDenom, type StakingKeeper } from "./keeper";
import * as v from "./msgs";
import { BondStatus } from "./validator";

/** cosmjs's staking converters: the amino JSON the client signs is the one the ante rebuilds. */
const amino = createStakingAminoConverters();

interface Codec<M> {
  decode(bytes: Uint8Array): M;
}

/** One `/cosmos.staking.v1beta1.<name>` route with cosmjs's amino converter. */
function route<M>(name: string, codec: Codec<M>, validateBasic: (m: M) => void, signers: (m: M) => string[], handle: (ctx: Context, m: M) => Uint8Array): MsgRoute<unknown> {
  const typeUrl = `/cosmos.staking.v1beta1.${name}`;
  const converter = amino[typeUrl];
  if (!converter) throw new Error(`no amino converter for ${typeUrl}`);
  const r: MsgRoute<M> = { typeUrl, responseTypeUrl: `${typeUrl}Response`, decode: (b) => codec.decode(b), validateBasic, signers, handle, amino: converter as AminoConverter };
  return r as MsgRoute<unknown>;
}

/**
 * The staking Msg service (cosmos.staking.v1beta1.Msg) in cosmos-sdk v0.50's order of checks.
 * MsgCreateValidator and MsgEditValidator are signed by the operator's account (the validator
 * address's bytes as `st1...`); the others by the delegator. MsgUpdateParams is not routed
 * (there is no governance to send it).
 */
export function stakingMsgRoutes(keeper: StakingKeeper): MsgRoute<unknown>[] {
  return [
    route("MsgCreateValidator", MsgCreateValidator, v.validateCreateValidator, (m) => [v.operatorAccount(m.validatorAddress)], (ctx, m) => {
      keeper.createValidator(ctx, {
        operator: m.validatorAddress,
        consensusKey: v.consensusKeyOf(m.pubkey),
        description: m.description,
        commission: v.commissionOf(m),
        minSelfDelegation: v.positiveInt(m.minSelfDelegation, "minimum self delegation"),
        value: v.positiveCoin(m.value, "invalid delegation amount"),
      });
      return MsgCreateValidatorResponse.encode({}).finish();
    }),
    route("MsgEditValidator", MsgEditValidator, v.validateEditValidator, (m) => [v.operatorAccount(m.validatorAddress)], (ctx, m) => {
      keeper.editValidator(ctx, { operator: m.validatorAddress, description: m.description, ...v.editFieldsOf(m) });
      return MsgEditValidatorResponse.encode({}).finish();
    }),
    route("MsgDelegate", MsgDelegate, v.validateDelegate, (m) => [m.delegatorAddress], (ctx, m) => {
      const amount = v.positiveCoin(m.amount, "invalid delegation amount");
      const validator = keeper.mustGetValidator(ctx.store, m.validatorAddress);
      requireBondDenom(amount, keeper.getParams(ctx.store).bondDenom);
      const newShares = keeper.delegate(ctx, m.delegatorAddress, amount.amount, BondStatus.BOND_STATUS_UNBONDED, validator, true);
      ev.emitDelegate(ctx, m.validatorAddress, m.delegatorAddress, amount, newShares);
      return MsgDelegateResponse.encode({}).finish();
    }),
    route("MsgUndelegate", MsgUndelegate, v.validateUndelegate, (m) => [m.delegatorAddress], (ctx, m) => {
      const amount = v.positiveCoin(m.amount, "invalid shares amount");
      const shares = keeper.validateUnbondAmount(ctx.store, m.delegatorAddress, m.validatorAddress, amount.amount);
      requireBondDenom(amount, keeper.getParams(ctx.store).bondDenom);
      const out = keeper.undelegate(ctx, m.delegatorAddress, m.validatorAddress, shares);
      const paid: Coin = { denom: amount.denom, amount: out.amount };
      ev.emitUnbond(ctx, m.validatorAddress, m.delegatorAddress, paid, out.completionSeconds);
      return MsgUndelegateResponse.encode({ completionTime: timestampOf(out.completionSeconds), amount: { denom: paid.denom, amount: paid.amount.toString() } }).finish();
    }),
    route("MsgBeginRedelegate", MsgBeginRedelegate, v.validateBeginRedelegate, (m) => [m.delegatorAddress], (ctx, m) => {
      const amount = v.positiveCoin(m.amount, "invalid shares amount");
      const shares = keeper.validateUnbondAmount(ctx.store, m.delegatorAddress, m.validatorSrcAddress, amount.amount);
      requireBondDenom(amount, keeper.getParams(ctx.store).bondDenom);
      const completion = keeper.beginRedelegation(ctx, m.delegatorAddress, m.validatorSrcAddress, m.validatorDstAddress, shares);
      ev.emitRedelegate(ctx, m.validatorSrcAddress, m.validatorDstAddress, m.delegatorAddress, amount, completion);
      return MsgBeginRedelegateResponse.encode({ completionTime: timestampOf(completion) }).finish();
    }),
    route("MsgCancelUnbondingDelegation", MsgCancelUnbondingDelegation, v.validateCancelUnbondingDelegation, (m) => [m.delegatorAddress], (ctx, m) => {
      const amount = v.positiveCoin(m.amount, "invalid amount");
      requireBondDenom(amount, keeper.getParams(ctx.store).bondDenom);
      keeper.cancelUnbondingDelegation(ctx, m.delegatorAddress, m.validatorAddress, amount.amount, m.creationHeight);
      ev.emitCancelUnbonding(ctx, m.validatorAddress, m.delegatorAddress, amount, m.creationHeight);
      return MsgCancelUnbondingDelegationResponse.encode({}).finish();
    }),
  ];
}
