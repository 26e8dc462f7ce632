import type { Module } from "../../app/module";
import { stakingQueries } from "./query-server";

export const STAKING_MODULE_NAME = "staking";

/** Query-only placeholder: answers the staking queries cosmjs sends (no delegations yet). */
export function stakingModule(bondDenom: string): Module {
  return {
    name: STAKING_MODULE_NAME,
    defaultGenesis: () => ({}),
    validateGenesis: (raw: unknown) => raw ?? {},
    initGenesis: () => undefined,
    exportGenesis: () => ({}),
    msgs: [],
    queries: stakingQueries(bondDenom),
  };
}
