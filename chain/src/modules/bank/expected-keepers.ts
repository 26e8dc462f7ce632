import type { KVStore } from "../../store/kv-store";

/** What bank needs from auth: create recipient accounts on first receipt (cosmjs needs them to exist). */
export interface AccountKeeper {
  hasAccount(store: KVStore, address: string): boolean;
  newAccount(store: KVStore, address: string): unknown;
  getOrCreateModuleAccount(store: KVStore, name: string, permissions?: readonly string[]): { readonly address: string };
  moduleAccountAddress(name: string): string;
}
