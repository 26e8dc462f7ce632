import type { Context } from "../../app/context";
import type { Module } from "../../app/module";
import type { KVStore } from "../../store/kv-store";
import type { BankKeeper } from "./expected-keepers";
import { defaultRegisterGenesis, exportRegisterGenesis, initRegisterGenesis, validateRegisterGenesis, type RegisterGenesis } from "./genesis";
import type { RegisterKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { registerMsgRoutes } from "./msg-server";
import { registerQueries } from "./query-server";

export { RegisterKeeper, approvalThreshold, kickRejectThreshold } from "./keeper";
export { DEFAULT_REGISTER_PARAMS, type RegisterParams } from "./params";
export { MODULE_NAME as REGISTER_MODULE_NAME } from "./keys";
export { BondStatus, isActiveMetaNode, nodeTypeLabel } from "./node-status";
export { ED25519_PUBKEY_TYPE_URL, ed25519KeyFromAny, sdsAddressOfKey } from "./pubkey";

/**
 * Builds the register module: node registry, deposits, the ozone limit, meta-node votes, the
 * unbonding queue (EndBlock). `authority` is the address allowed to send MsgUpdateParams.
 */
export function registerModule(keeper: RegisterKeeper, bank: BankKeeper, authority: string): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultRegisterGenesis,
    validateGenesis: validateRegisterGenesis,
    initGenesis: (ctx: Context, g: unknown) => initRegisterGenesis(keeper, bank, ctx, g as RegisterGenesis),
    exportGenesis: (store: KVStore) => exportRegisterGenesis(keeper, store),
    msgs: registerMsgRoutes(keeper, authority),
    queries: registerQueries(keeper, bank),
    hooks: { endBlock: (ctx: Context) => keeper.endBlock(ctx) },
  };
}
