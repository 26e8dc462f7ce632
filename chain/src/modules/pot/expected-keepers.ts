import type { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { OzonePools } from "../../economics/ozone";
import type { KVStore } from "../../store/kv-store";
import type { Coin } from "../../types/coin";
import type { Dec } from "../../types/dec";

/** What pot needs from bank. */
export interface BankKeeper {
  getBalance(store: KVStore, address: string, denom: string): Coin;
  getModuleBalance(store: KVStore, moduleName: string, denom: string): bigint;
  getSupply(store: KVStore, denom: string): Coin;
  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToAccount(ctx: Context, moduleName: string, to: string, coins: readonly Coin[]): void;
  sendCoinsFromModuleToModule(ctx: Context, fromModule: string, toModule: string, coins: readonly Coin[]): void;
}

/** What pot needs from register: nodes, the ozone pools (St, Lt, Pt) and the slashing ledger. */
export interface RegisterKeeper {
  getResourceNode(store: KVStore, networkAddress: string): stratos.register.v1.ResourceNode | undefined;
  setResourceNode(store: KVStore, node: stratos.register.v1.ResourceNode): void;
  getMetaNode(store: KVStore, networkAddress: string): stratos.register.v1.MetaNode | undefined;
  /** Every meta node, in address-byte order. */
  iterateMetaNodes(store: KVStore): IterableIterator<stratos.register.v1.MetaNode>;
  getBondedMetaNodeCount(store: KVStore): bigint;
  ozonePools(store: KVStore): OzonePools;
  getRemainingOzoneLimit(store: KVStore): bigint;
  setRemainingOzoneLimit(store: KVStore, v: bigint): void;
  getDepositNozRate(store: KVStore): Dec;
  /** Removes the node's effective deposit from St and Lt and marks it suspended; the caller saves it. */
  suspendResourceNode(store: KVStore, node: stratos.register.v1.ResourceNode): void;
  getSlashing(store: KVStore, wallet: string): bigint;
  setSlashing(store: KVStore, wallet: string, amount: bigint): void;
  deductSlashing(store: KVStore, wallet: string, amount: bigint): { slashed: bigint; remaining: bigint };
}
