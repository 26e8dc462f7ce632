import {
  Bech32PrefixResponse,
  QueryAccountInfoRequest,
  QueryAccountInfoResponse,
  QueryAccountRequest,
  QueryAccountResponse,
  QueryAccountsRequest,
  QueryAccountsResponse,
  QueryModuleAccountByNameRequest,
  QueryModuleAccountByNameResponse,
  QueryModuleAccountsResponse,
  QueryParamsResponse,
} from "cosmjs-types/cosmos/auth/v1beta1/query";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { Any } from "cosmjs-types/google/protobuf/any";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";
import { ACCOUNT_PREFIX as BECH32_ACCOUNT_PREFIX, decodeAccAddress, encodeAccAddress, isAccAddress, moduleAddress } from "../../types/address";
import { accountToAny, SECP256K1_PUBKEY_TYPE_URL, type Account, type AuthKeeper } from "./keeper";

const DEFAULT_PAGE_LIMIT = 100;
const MAX_PAGE_LIMIT = 1000;

function requireAddress(address: string): void {
  if (!address) throw QueryError.invalidArgument("empty address string is not allowed");
  if (!isAccAddress(address)) throw QueryError.invalidArgument(`invalid address ${address}: decoding bech32 failed`);
}

/** The `cosmos.auth.v1beta1.Query` service, answered from the given store. */
export function authQueries(keeper: AuthKeeper): Record<string, QueryHandler> {
  return {
    "/cosmos.auth.v1beta1.Query/Account": (store, data) => {
      const { address } = QueryAccountRequest.decode(data);
      requireAddress(address);
      const account = keeper.getAccount(store, address);
      // The SDK's wording, which cosmjs matches to return null for unknown accounts.
      if (!account) throw QueryError.notFound(`account ${address} not found: key not found`);
      return QueryAccountResponse.encode({ account: accountToAny(account) }).finish();
    },
    "/cosmos.auth.v1beta1.Query/Accounts": (store, data) => {
      // Key-based pagination as the SDK does it: `next_key` is the next account's address
      // bytes, empty on the last page; `offset` is honoured when no key is given.
      const { pagination } = QueryAccountsRequest.decode(data);
      const limit = Math.min(Number(pagination?.limit || BigInt(DEFAULT_PAGE_LIMIT)), MAX_PAGE_LIMIT);
      const key = pagination?.key ?? new Uint8Array();
      let skip = key.length === 0 ? Number(pagination?.offset ?? 0n) : 0;
      const accounts: Account[] = [];
      let nextKey: Uint8Array = new Uint8Array();
      for (const account of keeper.iterateAccounts(store, key.length > 0 ? key : undefined)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        if (accounts.length === limit) {
          nextKey = decodeAccAddress(account.address);
          break;
        }
        accounts.push(account);
      }
      let total = 0n;
      if (pagination?.countTotal && key.length === 0) for (const _ of keeper.iterateAccounts(store)) total++;
      return QueryAccountsResponse.encode({ accounts: accounts.map(accountToAny), pagination: { nextKey, total } }).finish();
    },
    "/cosmos.auth.v1beta1.Query/Params": (store) =>
      QueryParamsResponse.encode({ params: keeper.getParams(store) }).finish(),
    "/cosmos.auth.v1beta1.Query/ModuleAccounts": (store) =>
      QueryModuleAccountsResponse.encode({
        accounts: [...keeper.iterateAccounts(store)].filter((a) => a.module).map(accountToAny),
      }).finish(),
    "/cosmos.auth.v1beta1.Query/ModuleAccountByName": (store, data) => {
      const { name } = QueryModuleAccountByNameRequest.decode(data);
      if (!name) throw QueryError.invalidArgument("module name is empty");
      const account = keeper.getAccount(store, encodeAccAddress(moduleAddress(name)));
      if (!account?.module) throw QueryError.notFound(`account ${name} not found`);
      return QueryModuleAccountByNameResponse.encode({ account: accountToAny(account) }).finish();
    },
    "/cosmos.auth.v1beta1.Query/Bech32Prefix": () =>
      Bech32PrefixResponse.encode({ bech32Prefix: BECH32_ACCOUNT_PREFIX }).finish(),
    "/cosmos.auth.v1beta1.Query/AccountInfo": (store, data) => {
      const { address } = QueryAccountInfoRequest.decode(data);
      requireAddress(address);
      const account = keeper.getAccount(store, address);
      if (!account) throw QueryError.notFound(`account ${address} not found`);
      return QueryAccountInfoResponse.encode({
        info: {
          address: account.address,
          accountNumber: account.accountNumber,
          sequence: account.sequence,
          ...(account.pubKey
            ? { pubKey: Any.fromPartial({ typeUrl: SECP256K1_PUBKEY_TYPE_URL, value: PubKey.encode({ key: account.pubKey }).finish() }) }
            : {}),
        },
      }).finish();
    },
  };
}
