import type { Context } from "../../app/context";
import type { Module } from "../../app/module";
import type { KVStore } from "../../store/kv-store";
import { defaultPotGenesis, exportPotGenesis, initPotGenesis, validatePotGenesis, type PotGenesis } from "./genesis";
import type { PotKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { potMsgRoutes } from "./msg-server";
import { potQueries } from "./query-server";

export { PotKeeper, MATURE_COUNT_PER_BLOCK } from "./keeper";
export { trafficRewardOf } from "../../economics/traffic-reward";
export type { DistributionResult } from "./keeper";
export type { BankKeeper as PotBankKeeper, RegisterKeeper as PotRegisterKeeper } from "./expected-keepers";
export { DEFAULT_POT_PARAMS, epochOfHeight, type PotParams } from "./params";
export type { PotGenesis } from "./genesis";
export { MODULE_NAME as POT_MODULE_NAME } from "./keys";
export { volumeReportTxData, concatSignatures, verifyEd25519 } from "./report-signature";

/**
 * Builds the pot module: the `stratos.pot.v1` Msg and Query services, genesis, and the EndBlock
 * hook that matures rewards (at most 100 wallets per block).
 */
export function potModule(keeper: PotKeeper): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultPotGenesis,
    validateGenesis: validatePotGenesis,
    initGenesis: (ctx: Context, g: unknown) => initPotGenesis(keeper, ctx, g as PotGenesis),
    exportGenesis: (store: KVStore) => exportPotGenesis(keeper, store),
    msgs: potMsgRoutes(keeper),
    queries: potQueries(keeper),
    hooks: {
      endBlock: (ctx: Context) => {
        keeper.matureRewards(ctx);
      },
    },
  };
}
