import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { Event, ExecTxResult } from "cosmjs-types/tendermint/abci/types";
import { CacheStore } from "../store/cache-store";
import type { KVStore } from "../store/kv-store";
import { ChainError, ErrOutOfGas } from "../types/errors";
import { DiscardingEventManager, EventManager, makeEvent } from "../types/events";
import { runAnte, type AnteDeps } from "./ante/ante";
import { decodeTx, type DecodedTx } from "./ante/decode";
import type { Context, ExecMode } from "./context";
import { GasKVStore, GasMeter, OutOfGasError } from "./gas";
import type { MsgRoute } from "./module";

/** The block a tx runs in. */
export interface BlockInfo {
  readonly chainId: string;
  readonly height: bigint;
  readonly blockTimeSeconds: bigint;
}

/** Outcome of one tx, in the shape of ExecTxResult. */
export interface TxOutcome extends ExecTxResult {
  readonly msgResponses: readonly { typeUrl: string; value: Uint8Array }[];
  readonly tx?: DecodedTx;
}

/** Turns a failure into (code, codespace, log); anything not a ChainError is a broken invariant. */
function describeFailure(e: unknown, context?: string): { code: number; codespace: string; log: string } {
  let err: ChainError;
  if (e instanceof OutOfGasError) err = ErrOutOfGas.wrap(e.message);
  else if (e instanceof ChainError) err = e;
  else throw e;
  const log = context ? `${context}: ${err.message}` : err.message;
  return { code: err.code, codespace: err.codespace, log };
}

function failed(e: unknown, gasWanted: bigint, gasUsed: bigint, events: Event[], context?: string, tx?: DecodedTx): TxOutcome {
  const f = describeFailure(e, context);
  return { ...f, data: new Uint8Array(), info: "", gasWanted, gasUsed, events, msgResponses: [], ...(tx ? { tx } : {}) };
}

/** `/cosmos.bank.v1beta1.MsgSend` -> `bank` (sdk.GetModuleNameFromTypeURL). */
function moduleNameFromTypeUrl(typeUrl: string): string {
  return typeUrl.split(".")[1] ?? "";
}

/**
 * Runs one tx as the Cosmos SDK's runTx does: decode, ante on a branch of `parent` (written
 * only if the ante passes, so a tx that fails later still pays its fee and bumps its
 * sequence), then the messages on a second branch written only if every message succeeds.
 * CheckTx modes stop after the ante. Never throws for a bad tx. `predecoded` must be
 * `decodeTx(raw)` when given (FinalizeBlock decodes once for signature pre-verification).
 */
export function runTx(
  mode: ExecMode,
  raw: Uint8Array,
  parent: KVStore,
  block: BlockInfo,
  routes: ReadonlyMap<string, MsgRoute<unknown>>,
  deps: AnteDeps,
  predecoded?: DecodedTx,
): TxOutcome {
  let tx: DecodedTx;
  try {
    tx = predecoded ?? decodeTx(raw, routes);
  } catch (e) {
    return failed(e, 0n, 0n, []);
  }
  const gasWanted = tx.authInfo.fee?.gasLimit ?? 0n;
  const unlimited = mode === "simulate" || mode === "genesis";
  const meter = new GasMeter(unlimited ? undefined : gasWanted);

  const anteBranch = new CacheStore(parent);
  const anteEvents = mode === "check" || mode === "recheck" ? new DiscardingEventManager() : new EventManager();
  const anteCtx: Context = { ...block, mode, store: new GasKVStore(anteBranch, meter), gasMeter: meter, events: anteEvents };
  try {
    runAnte(anteCtx, tx, deps);
  } catch (e) {
    return failed(e, gasWanted, meter.consumed(), [], undefined, tx);
  }
  anteBranch.write();
  if (mode === "check" || mode === "recheck") {
    return { code: 0, codespace: "", log: "", data: new Uint8Array(), info: "", gasWanted, gasUsed: meter.consumed(), events: [], msgResponses: [], tx };
  }

  const msgBranch = new CacheStore(parent);
  const events: Event[] = [...anteEvents.events()];
  const msgResponses: { typeUrl: string; value: Uint8Array }[] = [];
  for (let i = 0; i < tx.msgs.length; i++) {
    const m = tx.msgs[i]!;
    const msgEvents = new EventManager();
    const ctx: Context = { ...block, mode, store: new GasKVStore(msgBranch, meter), gasMeter: meter, events: msgEvents, txHash: tx.hash };
    let response: Uint8Array;
    try {
      response = m.route.handle(ctx, m.msg);
    } catch (e) {
      return failed(e, gasWanted, meter.consumed(), anteEvents.events(), `failed to execute message; message index: ${i}`, tx);
    }
    msgResponses.push({ typeUrl: m.route.responseTypeUrl, value: response });
    const emitted = msgEvents.events();
    const hasModuleAttr = emitted.some((ev) => ev.attributes.some((a) => a.key === "module"));
    const actionAttrs: [string, string][] = [["action", m.typeUrl]];
    const firstSigner = m.route.signers(m.msg)[0];
    if (firstSigner) actionAttrs.push(["sender", firstSigner]);
    if (!hasModuleAttr) actionAttrs.push(["module", moduleNameFromTypeUrl(m.typeUrl)]);
    for (const ev of [makeEvent("message", actionAttrs), ...emitted]) {
      events.push({ type: ev.type, attributes: [...ev.attributes, { key: "msg_index", value: String(i), index: true }] });
    }
  }
  msgBranch.write();
  const data = TxMsgData.encode({ data: [], msgResponses }).finish();
  return { code: 0, codespace: "", log: "", data, info: "", gasWanted, gasUsed: meter.consumed(), events, msgResponses, tx };
}
