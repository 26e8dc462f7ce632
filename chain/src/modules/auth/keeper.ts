import { BaseAccount, ModuleAccount, Params } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { Any } from "cosmjs-types/google/protobuf/any";
import type { KVStore } from "../../store/kv-store";
import { PrefixStore } from "../../store/prefix-store";
import { decodeAccAddress, encodeAccAddress, moduleAddress } from "../../types/address";
import { ACCOUNT_PREFIX, accountKey, decodeU64, encodeU64, NEXT_ACCOUNT_NUMBER_KEY, PARAMS_KEY, STORE_PREFIX } from "./keys";
import { DEFAULT_AUTH_PARAMS, type AuthParams } from "./params";

export const BASE_ACCOUNT_TYPE_URL = "/cosmos.auth.v1beta1.BaseAccount";
export const MODULE_ACCOUNT_TYPE_URL = "/cosmos.auth.v1beta1.ModuleAccount";
export const SECP256K1_PUBKEY_TYPE_URL = "/cosmos.crypto.secp256k1.PubKey";

/** An account as the chain keeps it. `pubKey` stays unset until the account's first tx. */
export interface Account {
  readonly address: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  /** Compressed secp256k1 public key (33 bytes). */
  readonly pubKey?: Uint8Array;
  /** Set for module accounts (fee_collector, ...). */
  readonly module?: { readonly name: string; readonly permissions: readonly string[] };
}

/** Encodes an account as the Any that `/cosmos.auth.v1beta1.Query/Account` returns. */
export function accountToAny(account: Account): Any {
  const base = BaseAccount.fromPartial({
    address: account.address,
    accountNumber: account.accountNumber,
    sequence: account.sequence,
    ...(account.pubKey
      ? { pubKey: Any.fromPartial({ typeUrl: SECP256K1_PUBKEY_TYPE_URL, value: PubKey.encode({ key: account.pubKey }).finish() }) }
      : {}),
  });
  if (account.module) {
    return Any.fromPartial({
      typeUrl: MODULE_ACCOUNT_TYPE_URL,
      value: ModuleAccount.encode(
        ModuleAccount.fromPartial({ baseAccount: base, name: account.module.name, permissions: [...account.module.permissions] }),
      ).finish(),
    });
  }
  return Any.fromPartial({ typeUrl: BASE_ACCOUNT_TYPE_URL, value: BaseAccount.encode(base).finish() });
}

function baseToAccount(base: BaseAccount, module?: Account["module"]): Account {
  let pubKey: Uint8Array | undefined;
  if (base.pubKey && base.pubKey.typeUrl === SECP256K1_PUBKEY_TYPE_URL) pubKey = PubKey.decode(base.pubKey.value).key;
  return {
    address: base.address,
    accountNumber: base.accountNumber,
    sequence: base.sequence,
    ...(pubKey ? { pubKey } : {}),
    ...(module ? { module } : {}),
  };
}

/** Decodes a stored account; a record of unknown type is corruption. */
export function accountFromAny(any: Any): Account {
  if (any.typeUrl === BASE_ACCOUNT_TYPE_URL) return baseToAccount(BaseAccount.decode(any.value));
  if (any.typeUrl === MODULE_ACCOUNT_TYPE_URL) {
    const m = ModuleAccount.decode(any.value);
    if (!m.baseAccount) throw new Error("stored module account has no base account");
    return baseToAccount(m.baseAccount, { name: m.name, permissions: m.permissions });
  }
  throw new Error(`stored account has unknown type ${any.typeUrl}`);
}

/**
 * Decoded values by the identity of their stored bytes. Stores never mutate value bytes (the
 * cache layers copy on write and hand out the stored array on read), so the same array
 * always decodes to the same value; entries go when the bytes are collected.
 */
const accountMemo = new WeakMap<Uint8Array, Account>();
const paramsMemo = new WeakMap<Uint8Array, AuthParams>();

/** The only code that touches the `auth/` prefix. */
export class AuthKeeper {
  private view(store: KVStore): PrefixStore {
    return new PrefixStore(store, STORE_PREFIX);
  }

  getAccount(store: KVStore, address: string): Account | undefined {
    const raw = this.view(store).get(accountKey(decodeAccAddress(address)));
    if (!raw) return undefined;
    let account = accountMemo.get(raw);
    if (!account) {
      account = accountFromAny(Any.decode(raw));
      accountMemo.set(raw, account);
    }
    return account;
  }

  hasAccount(store: KVStore, address: string): boolean {
    return this.view(store).has(accountKey(decodeAccAddress(address)));
  }

  setAccount(store: KVStore, account: Account): void {
    this.view(store).set(accountKey(decodeAccAddress(account.address)), Any.encode(accountToAny(account)).finish());
  }

  /** Creates a fresh account with the next account number, sequence 0 and no pubkey. */
  newAccount(store: KVStore, address: string): Account {
    const account: Account = { address, accountNumber: this.takeAccountNumber(store), sequence: 0n };
    this.setAccount(store, account);
    return account;
  }

  private readonly moduleAddresses = new Map<string, string>();

  /** The bech32 address of a module account (memoised: it is a pure function of the name). */
  moduleAccountAddress(name: string): string {
    let address = this.moduleAddresses.get(name);
    if (!address) {
      address = encodeAccAddress(moduleAddress(name));
      this.moduleAddresses.set(name, address);
    }
    return address;
  }

  /** Returns the module account, creating it on first use. */
  getOrCreateModuleAccount(store: KVStore, name: string, permissions: readonly string[] = []): Account {
    const address = this.moduleAccountAddress(name);
    const existing = this.getAccount(store, address);
    if (existing) {
      if (!existing.module) throw new Error(`account ${address} exists but is not the module account ${name}`);
      return existing;
    }
    const account: Account = { address, accountNumber: this.takeAccountNumber(store), sequence: 0n, module: { name, permissions } };
    this.setAccount(store, account);
    return account;
  }

  /** All accounts in address-byte order, optionally from the account with address bytes `fromAddress` on. */
  *iterateAccounts(store: KVStore, fromAddress?: Uint8Array): IterableIterator<Account> {
    const view = this.view(store);
    const start = fromAddress ? accountKey(fromAddress) : Uint8Array.of(ACCOUNT_PREFIX);
    for (const [, v] of view.iterate({ start, end: Uint8Array.of(ACCOUNT_PREFIX + 1) })) {
      yield accountFromAny(Any.decode(v));
    }
  }

  nextAccountNumber(store: KVStore): bigint {
    const raw = this.view(store).get(NEXT_ACCOUNT_NUMBER_KEY);
    return raw ? decodeU64(raw) : 0n;
  }

  setNextAccountNumber(store: KVStore, n: bigint): void {
    this.view(store).set(NEXT_ACCOUNT_NUMBER_KEY, encodeU64(n));
  }

  private takeAccountNumber(store: KVStore): bigint {
    const n = this.nextAccountNumber(store);
    this.setNextAccountNumber(store, n + 1n);
    return n;
  }

  getParams(store: KVStore): AuthParams {
    const raw = this.view(store).get(PARAMS_KEY);
    if (!raw) return DEFAULT_AUTH_PARAMS;
    const memo = paramsMemo.get(raw);
    if (memo) return memo;
    const p = Params.decode(raw);
    const params: AuthParams = {
      maxMemoCharacters: p.maxMemoCharacters,
      txSigLimit: p.txSigLimit,
      txSizeCostPerByte: p.txSizeCostPerByte,
      sigVerifyCostEd25519: p.sigVerifyCostEd25519,
      sigVerifyCostSecp256k1: p.sigVerifyCostSecp256k1,
    };
    paramsMemo.set(raw, params);
    return params;
  }

  setParams(store: KVStore, params: AuthParams): void {
    this.view(store).set(PARAMS_KEY, Params.encode(Params.fromPartial(params)).finish());
  }
}
