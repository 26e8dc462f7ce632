import type { Context } from "../../app/context";
import { toHex } from "../../store/bytes";
import { formatCoin, type Coin } from "../../types/coin";
import { emitTypedEvent } from "../../types/events";
import { formatRfc3339 } from "../../types/time";

/**
 * The register module's typed events (`stratos.register.v1.Event*`): type = proto full name,
 * attribute keys = proto field names, values JSON-encoded, as the SDS relayer reads them.
 */
export function emitTyped(ctx: Context, type: string, fields: Readonly<Record<string, string>>): void {
  emitTypedEvent(ctx.events, type, fields);
}

export function emitCreateResourceNode(ctx: Context, sender: string, networkAddress: string, pubkey: { value: Uint8Array }, deposit: Coin): void {
  emitTyped(ctx, "stratos.register.v1.EventCreateResourceNode", {
    sender,
    network_address: networkAddress,
    pubkey: toHex(pubkey.value),
    ozone_limit_changes: "0",
    initial_deposit: formatCoin(deposit),
  });
}

export interface DepositUpdate {
  readonly sender: string;
  readonly networkAddress: string;
  readonly delta: Coin;
  /** The deposit after the update (the real chain reports the value before it). */
  readonly currentDeposit: bigint;
  readonly availableBefore: bigint;
  readonly availableAfter: bigint;
  readonly ozoneChange: bigint;
}

export function emitUpdateDeposit(ctx: Context, type: string, u: DepositUpdate): void {
  const denom = u.delta.denom;
  emitTyped(ctx, type, {
    sender: u.sender,
    network_address: u.networkAddress,
    deposit_delta: formatCoin(u.delta),
    current_deposit: formatCoin({ denom, amount: u.currentDeposit }),
    available_token_before: formatCoin({ denom, amount: u.availableBefore }),
    available_token_after: formatCoin({ denom, amount: u.availableAfter }),
    ozone_limit_changes: u.ozoneChange.toString(),
    unbonding_mature_time: formatRfc3339(ctx.blockTimeSeconds),
  });
}
