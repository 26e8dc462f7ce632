import type { Context } from "../../app/context";
import type { Module } from "../../app/module";
import type { KVStore } from "../../store/kv-store";
import type { BankKeeper } from "./expected-keepers";
import { defaultStakingGenesis, exportStakingGenesis, initStakingGenesis, validateStakingGenesis, type StakingGenesis } from "./genesis";
import type { StakingKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { stakingMsgRoutes } from "./msg-server";
import { stakingQueries } from "./query-server";

export { StakingKeeper } from "./keeper";
export { DEFAULT_STAKING_PARAMS, type StakingParams } from "./params";
export { MODULE_NAME as STAKING_MODULE_NAME } from "./keys";
export { POWER_REDUCTION } from "./validator";

/**
 * Builds the staking module: validators, delegations, unbonding and redelegation, the bonded
 * set and its CometBFT validator updates (InitChain and EndBlock), the cosmos staking queries.
 */
export function stakingModule(keeper: StakingKeeper, bank: BankKeeper): Module {
  return {
    name: MODULE_NAME,
    defaultGenesis: defaultStakingGenesis,
    validateGenesis: validateStakingGenesis,
    initGenesis: (ctx: Context, g: unknown) => initStakingGenesis(keeper, bank, ctx, g as StakingGenesis),
    exportGenesis: (store: KVStore) => exportStakingGenesis(keeper, store),
    msgs: stakingMsgRoutes(keeper),
    queries: stakingQueries(keeper),
    hooks: { endBlock: (ctx: Context) => keeper.endBlock(ctx) },
  };
}
