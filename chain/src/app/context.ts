import type { KVStore } from "../store/kv-store";
import type { EventManager } from "../types/events";
import type { GasMeter } from "./gas";

/** How a tx is being run; decides which ante steps apply. */
export type ExecMode = "check" | "recheck" | "simulate" | "finalize" | "genesis";

/**
 * What a handler sees: the (gas-metered) store for this tx or block phase, the block it runs
 * in, its gas meter and its events. Built only by the app; modules never read the clock.
 */
export interface Context {
  readonly store: KVStore;
  readonly chainId: string;
  readonly height: bigint;
  /** Block time in whole seconds since the epoch (from the block header, never the wall clock). */
  readonly blockTimeSeconds: bigint;
  readonly mode: ExecMode;
  readonly gasMeter: GasMeter;
  readonly events: EventManager;
  /** sha256 of the raw tx a message runs in (what CometBFT indexes); absent outside txs. */
  readonly txHash?: Uint8Array;
}
