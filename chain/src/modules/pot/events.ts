import type { EventManager } from "../../types/events";
import { emitTypedEvent } from "../../types/events";

/** Typed event names (proto full names, as Stratos' EmitTypedEvent spells them; the SDS relayer listens for these). */
export const EVENT_VOLUME_REPORT = "stratos.pot.v1.EventVolumeReport";
export const EVENT_WITHDRAW = "stratos.pot.v1.EventWithdraw";
export const EVENT_FOUNDATION_DEPOSIT = "stratos.pot.v1.EventFoundationDeposit";
export const EVENT_SLASHING = "stratos.pot.v1.EventSlashing";

export function emitVolumeReport(events: EventManager, reportReference: string, epoch: bigint): void {
  emitTypedEvent(events, EVENT_VOLUME_REPORT, { report_reference: reportReference, epoch: epoch.toString() });
}

export function emitWithdraw(events: EventManager, amount: string, walletAddress: string, targetAddress: string): void {
  emitTypedEvent(events, EVENT_WITHDRAW, { amount, wallet_address: walletAddress, target_address: targetAddress });
}

export function emitFoundationDeposit(events: EventManager, amount: string): void {
  emitTypedEvent(events, EVENT_FOUNDATION_DEPOSIT, { amount });
}

export function emitSlashing(
  events: EventManager,
  e: { walletAddress: string; networkAddress: string; amount: bigint; slashingType: string; suspend: boolean },
): void {
  emitTypedEvent(events, EVENT_SLASHING, {
    wallet_address: e.walletAddress,
    network_address: e.networkAddress,
    amount: e.amount.toString(),
    slashing_type: e.slashingType,
    // `suspend` is a string field in event.proto, so its JSON value is quoted ("true").
    suspend: e.suspend ? "true" : "false",
  });
}
