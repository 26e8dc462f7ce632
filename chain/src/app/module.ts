import type { ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import type { AminoConverter } from "@cosmjs/stargate";
import type { KVStore } from "../store/kv-store";
import type { Context } from "./context";

/** A message type the app routes: decoding, stateless checks, signers and the handler. */
export interface MsgRoute<M = unknown> {
  readonly typeUrl: string;
  /** Type URL of the response put into TxMsgData, e.g. `/cosmos.bank.v1beta1.MsgSendResponse`. */
  readonly responseTypeUrl: string;
  decode(bytes: Uint8Array): M;
  /** Stateless checks (CheckTx); throws a ChainError. */
  validateBasic(msg: M): void;
  /** Bech32 addresses that must sign, in order. */
  signers(msg: M): string[];
  /** Runs the message against `ctx.store`; returns the encoded response. */
  handle(ctx: Context, msg: M): Uint8Array;
  /** Amino JSON converter for SIGN_MODE_LEGACY_AMINO_JSON. */
  readonly amino: AminoConverter;
}

/** A query handler: request bytes in, response bytes out; throws QueryError for failures. */
export type QueryHandler = (store: KVStore, request: Uint8Array) => Uint8Array;

/** Per-block hooks a module may have. */
export interface BlockHooks {
  /**
   * End-of-block work; events go to `ctx.events`. May return CometBFT validator-set changes
   * (only staking does, as in the Cosmos SDK; the app refuses a second module doing it).
   */
  endBlock?(ctx: Context): ValidatorUpdate[] | void;
}

/** What every module hands to the app. */
export interface Module {
  readonly name: string;
  /**
   * Applies the module's genesis section (already validated) to state. May return the
   * validators CometBFT starts with (staking only; none keeps genesis.json's validators).
   */
  initGenesis(ctx: Context, genesis: unknown): ValidatorUpdate[] | void;
  /** Parses and validates the module's genesis section; throws with a clear message. */
  validateGenesis(raw: unknown): unknown;
  /** Exports the module's state in genesis form. */
  exportGenesis(store: KVStore): unknown;
  /** Default genesis section. */
  defaultGenesis(): unknown;
  readonly msgs: readonly MsgRoute<unknown>[];
  /** gRPC-style path (`/cosmos.bank.v1beta1.Query/Balance`) to handler. */
  readonly queries: Readonly<Record<string, QueryHandler>>;
  readonly hooks?: BlockHooks;
}
