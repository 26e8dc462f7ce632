import type { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { OzonePools } from "../../economics/ozone";
import type { KVStore } from "../../store/kv-store";
import type { Coin } from "../../types/coin";
import type { Dec } from "../../types/dec";

/** What sds needs from register: nodes, the reporter bitmap index and the ozone pools. */
export interface RegisterKeeper {
  getMetaNode(store: KVStore, networkAddress: string): stratos.register.v1.MetaNode | undefined;
  getResourceNode(store: KVStore, networkAddress: string): stratos.register.v1.ResourceNode | undefined;
  metaNodeBitmapIndex(store: KVStore, networkAddress: string): number | undefined;
  /** St, Lt and Pt (Pt = balance of total_unissued_prepay) as they are now. */
  ozonePools(store: KVStore): OzonePools;
  setRemainingOzoneLimit(store: KVStore, v: bigint): void;
  getDepositNozRate(store: KVStore): Dec;
}

/** What sds needs from bank. */
export interface BankKeeper {
  getBalance(store: KVStore, address: string, denom: string): Coin;
  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: readonly Coin[]): void;
}
