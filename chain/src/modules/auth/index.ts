import type { Module } from "../../app/module";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { defaultAuthGenesis, exportAuthGenesis, initAuthGenesis, validateAuthGenesis, type AuthGenesis } from "./genesis";
import { AuthKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { authQueries } from "./query-server";

export { AuthKeeper, accountToAny, accountFromAny, BASE_ACCOUNT_TYPE_URL, MODULE_ACCOUNT_TYPE_URL, SECP256K1_PUBKEY_TYPE_URL } from "./keeper";
export type { Account } from "./keeper";
export type { AuthParams } from "./params";
export { DEFAULT_AUTH_PARAMS } from "./params";
export { MODULE_NAME as AUTH_MODULE_NAME } from "./keys";

/** Builds the auth module around a keeper the app also hands to bank and the ante pipeline. */
export function authModule(keeper: AuthKeeper): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultAuthGenesis,
    validateGenesis: validateAuthGenesis,
    initGenesis: (ctx: Context, g: unknown) => initAuthGenesis(keeper, ctx.store, g as AuthGenesis),
    exportGenesis: (store: KVStore) => exportAuthGenesis(keeper, store),
    msgs: [],
    queries: authQueries(keeper),
  };
}
