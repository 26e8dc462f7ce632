import type { Context } from "../../app/context";
import type { Module } from "../../app/module";
import type { KVStore } from "../../store/kv-store";
import type { AccountKeeper } from "./expected-keepers";
import { defaultBankGenesis, exportBankGenesis, initBankGenesis, validateBankGenesis, type BankGenesis } from "./genesis";
import type { BankKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { bankMsgRoutes } from "./msg-server";
import { bankQueries } from "./query-server";

export { BankKeeper } from "./keeper";
export type { BankViewKeeper } from "./keeper";
export type { BankParams } from "./params";
export { MODULE_NAME as BANK_MODULE_NAME } from "./keys";
export type { AccountKeeper } from "./expected-keepers";

/** Builds the bank module (MsgSend, MsgMultiSend, the bank query service, genesis). */
export function bankModule(keeper: BankKeeper, accounts: AccountKeeper): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultBankGenesis,
    validateGenesis: validateBankGenesis,
    initGenesis: (ctx: Context, g: unknown) => initBankGenesis(keeper, accounts, ctx, g as BankGenesis),
    exportGenesis: (store: KVStore) => exportBankGenesis(keeper, store),
    msgs: bankMsgRoutes(keeper),
    queries: bankQueries(keeper),
  };
}
