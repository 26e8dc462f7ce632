import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import type { Coin } from "../../types/coin";

/** What staking needs from bank: the pools' balances, and moves between accounts and the two pools. */
export interface BankKeeper {
  getModuleBalance(store: KVStore, moduleName: string, denom: string): bigint;
  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToAccount(ctx: Context, moduleName: string, to: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToModule(ctx: Context, fromModule: string, toModule: string, coins: readonly Coin[]): void;
}
