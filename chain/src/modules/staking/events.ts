import type { Context } from "../../app/context";
import { formatCoin, type Coin } from "../../types/coin";
import type { Dec } from "../../types/dec";
import { formatRfc3339 } from "../../types/time";

/** Event types and attribute keys of cosmos-sdk x/staking (types/events.go). */
export const EVENT_CREATE_VALIDATOR = "create_validator";
export const EVENT_EDIT_VALIDATOR = "edit_validator";
export const EVENT_DELEGATE = "delegate";
export const EVENT_UNBOND = "unbond";
export const EVENT_CANCEL_UNBONDING_DELEGATION = "cancel_unbonding_delegation";
export const EVENT_REDELEGATE = "redelegate";
export const EVENT_COMPLETE_UNBONDING = "complete_unbonding";
export const EVENT_COMPLETE_REDELEGATION = "complete_redelegation";

export const ATTR_VALIDATOR = "validator";
export const ATTR_DELEGATOR = "delegator";
export const ATTR_AMOUNT = "amount";
export const ATTR_NEW_SHARES = "new_shares";
export const ATTR_COMMISSION_RATE = "commission_rate";
export const ATTR_MIN_SELF_DELEGATION = "min_self_delegation";
export const ATTR_SRC_VALIDATOR = "source_validator";
export const ATTR_DST_VALIDATOR = "destination_validator";
export const ATTR_CREATION_HEIGHT = "creation_height";
export const ATTR_COMPLETION_TIME = "completion_time";

export function emitCreateValidator(ctx: Context, validator: string, amount: Coin): void {
  ctx.events.emit(EVENT_CREATE_VALIDATOR, [
    [ATTR_VALIDATOR, validator],
    [ATTR_AMOUNT, formatCoin(amount)],
  ]);
}

export function emitEditValidator(ctx: Context, commissionRate: Dec, minSelfDelegation: bigint): void {
  ctx.events.emit(EVENT_EDIT_VALIDATOR, [
    [ATTR_COMMISSION_RATE, commissionRate.toString()],
    [ATTR_MIN_SELF_DELEGATION, minSelfDelegation.toString()],
  ]);
}

export function emitDelegate(ctx: Context, validator: string, delegator: string, amount: Coin, newShares: Dec): void {
  ctx.events.emit(EVENT_DELEGATE, [
    [ATTR_VALIDATOR, validator],
    [ATTR_DELEGATOR, delegator],
    [ATTR_AMOUNT, formatCoin(amount)],
    [ATTR_NEW_SHARES, newShares.toString()],
  ]);
}

export function emitUnbond(ctx: Context, validator: string, delegator: string, amount: Coin, completionSeconds: bigint): void {
  ctx.events.emit(EVENT_UNBOND, [
    [ATTR_VALIDATOR, validator],
    [ATTR_DELEGATOR, delegator],
    [ATTR_AMOUNT, formatCoin(amount)],
    [ATTR_COMPLETION_TIME, formatRfc3339(completionSeconds)],
  ]);
}

export function emitCancelUnbonding(ctx: Context, validator: string, delegator: string, amount: Coin, creationHeight: bigint): void {
  ctx.events.emit(EVENT_CANCEL_UNBONDING_DELEGATION, [
    [ATTR_AMOUNT, formatCoin(amount)],
    [ATTR_VALIDATOR, validator],
    [ATTR_DELEGATOR, delegator],
    [ATTR_CREATION_HEIGHT, creationHeight.toString()],
  ]);
}

export function emitRedelegate(ctx: Context, src: string, dst: string, delegator: string, amount: Coin, completionSeconds: bigint): void {
  ctx.events.emit(EVENT_REDELEGATE, [
    [ATTR_SRC_VALIDATOR, src],
    [ATTR_DST_VALIDATOR, dst],
    [ATTR_DELEGATOR, delegator],
    [ATTR_AMOUNT, formatCoin(amount)],
    [ATTR_COMPLETION_TIME, formatRfc3339(completionSeconds)],
  ]);
}

/** `amount` is empty when nothing was paid (an entry of zero balance), as `sdk.Coins{}.String()`. */
export function emitCompleteUnbonding(ctx: Context, amount: Coin, validator: string, delegator: string): void {
  ctx.events.emit(EVENT_COMPLETE_UNBONDING, [
    [ATTR_AMOUNT, amount.amount > 0n ? formatCoin(amount) : ""],
    [ATTR_VALIDATOR, validator],
    [ATTR_DELEGATOR, delegator],
  ]);
}

export function emitCompleteRedelegation(ctx: Context, amount: Coin, delegator: string, src: string, dst: string): void {
  ctx.events.emit(EVENT_COMPLETE_REDELEGATION, [
    [ATTR_AMOUNT, amount.amount > 0n ? formatCoin(amount) : ""],
    [ATTR_DELEGATOR, delegator],
    [ATTR_SRC_VALIDATOR, src],
    [ATTR_DST_VALIDATOR, dst],
  ]);
}
