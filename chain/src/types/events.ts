import type { Event } from "cosmjs-types/tendermint/abci/types";

/** Builds an ABCI event; every attribute is indexed, as the Cosmos SDK does by default. */
export function makeEvent(type: string, attributes: readonly (readonly [string, string])[]): Event {
  return { type, attributes: attributes.map(([key, value]) => ({ key, value, index: true })) };
}

/** Collects events in emission order for one tx or one block phase. */
export class EventManager {
  private readonly list: Event[] = [];

  emit(type: string, attributes: readonly (readonly [string, string])[]): void {
    this.list.push(makeEvent(type, attributes));
  }

  push(...events: Event[]): void {
    this.list.push(...events);
  }

  events(): Event[] {
    return this.list;
  }
}

/**
 * Drops everything: CheckTx answers carry no events, so building them there (formatting
 * coins, allocating attribute arrays) would be wasted work on the mempool's hot path.
 */
export class DiscardingEventManager extends EventManager {
  override emit(): void {}
  override push(): void {}
}

/**
 * Emits a typed event the way the Cosmos SDK's `EmitTypedEvent` does: the event type is the
 * proto full name (`stratos.sds.v1.EventPrePay`), attribute keys are the proto field names and
 * values are JSON-encoded (strings keep their quotes, booleans do not).
 */
export function emitTypedEvent(events: EventManager, type: string, fields: Readonly<Record<string, string | boolean>>): void {
  events.emit(
    type,
    Object.entries(fields).map(([k, v]) => [k, JSON.stringify(v)] as const),
  );
}
