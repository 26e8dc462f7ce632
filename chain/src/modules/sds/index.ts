import type { Context } from "../../app/context";
import type { Module } from "../../app/module";
import type { KVStore } from "../../store/kv-store";
import { defaultSdsGenesis, exportSdsGenesis, initSdsGenesis, validateSdsGenesis, type SdsGenesis } from "./genesis";
import type { SdsKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { sdsMsgRoutes } from "./msg-server";
import { sdsQueries } from "./query-server";

export { SdsKeeper } from "./keeper";
export type { SdsParams } from "./params";
export { DEFAULT_SDS_PARAMS } from "./params";
export type { SdsGenesis, SdsGenesisJson } from "./genesis";
export type { BankKeeper as SdsBankKeeper, RegisterKeeper as SdsRegisterKeeper } from "./expected-keepers";
export { MODULE_NAME as SDS_MODULE_NAME } from "./keys";
export { EVENT_FILE_UPLOAD, EVENT_PREPAY } from "./events";
export { isCid } from "./cid";

/** Builds the sds module (MsgFileUpload, MsgPrepay, MsgUpdateParams, the sds query service, genesis). */
export function sdsModule(keeper: SdsKeeper): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultSdsGenesis,
    validateGenesis: validateSdsGenesis,
    initGenesis: (ctx: Context, g: unknown) => initSdsGenesis(keeper, ctx, g as SdsGenesis),
    exportGenesis: (store: KVStore) => exportSdsGenesis(keeper, store),
    msgs: sdsMsgRoutes(keeper),
    queries: sdsQueries(keeper),
  };
}
