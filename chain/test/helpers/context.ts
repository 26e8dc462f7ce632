import type { Context, ExecMode } from "../../src/app/context";
import { GasMeter } from "../../src/app/gas";
import type { KVStore } from "../../src/store/kv-store";
import { EventManager } from "../../src/types/events";

/** A context over `store` for keeper and handler tests. */
export function testContext(store: KVStore, opts: { mode?: ExecMode; height?: bigint; gasLimit?: bigint } = {}): Context {
  return {
    store,
    chainId: "stratos-test",
    height: opts.height ?? 1n,
    blockTimeSeconds: 1_700_000_000n,
    mode: opts.mode ?? "finalize",
    gasMeter: new GasMeter(opts.gasLimit),
    events: new EventManager(),
  };
}
