import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataResponse,
  QueryParamsResponse,
  QuerySendEnabledRequest,
  QuerySendEnabledResponse,
  QuerySpendableBalanceByDenomRequest,
  QuerySpendableBalanceByDenomResponse,
  QuerySpendableBalancesRequest,
  QuerySpendableBalancesResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";
import { isAccAddress } from "../../types/address";
import { coinsToWire, isValidDenom, type Coin } from "../../types/coin";
import type { BankKeeper } from "./keeper";
import { isSendEnabled } from "./params";

function requireAddress(address: string): void {
  if (!address) throw QueryError.invalidArgument("empty address string is not allowed");
  if (!isAccAddress(address)) throw QueryError.invalidArgument(`invalid address ${address}: decoding bech32 failed`);
}

function requireDenom(denom: string): void {
  if (!isValidDenom(denom)) throw QueryError.invalidArgument(`invalid denom ${JSON.stringify(denom)}`);
}

function wire(c: Coin): { denom: string; amount: string } {
  return { denom: c.denom, amount: c.amount.toString() };
}

/**
 * One page of a denom-sorted coin list: `key` (the next denom, from a previous `next_key`) or
 * `offset` picks the start; `next_key` is set while more remain.
 */
function page(coins: Coin[], pagination: { key: Uint8Array; offset: bigint; limit: bigint; countTotal: boolean } | undefined) {
  const limit = Math.min(Number(pagination?.limit || 100n), 1000);
  const key = pagination?.key && pagination.key.length > 0 ? new TextDecoder().decode(pagination.key) : undefined;
  const start = key !== undefined ? coins.findIndex((c) => c.denom >= key) : Number(pagination?.offset ?? 0n);
  const from = start < 0 ? coins.length : start;
  const items = coins.slice(from, from + limit);
  const next = coins[from + limit];
  return {
    items: coinsToWire(items),
    pagination: { nextKey: next ? new TextEncoder().encode(next.denom) : new Uint8Array(), total: pagination?.countTotal ? BigInt(coins.length) : 0n },
  };
}

/** The `cosmos.bank.v1beta1.Query` service. Balances are always set, zero when empty (cosmjs asserts it). */
export function bankQueries(keeper: BankKeeper): Record<string, QueryHandler> {
  return {
    "/cosmos.bank.v1beta1.Query/Balance": (store, data) => {
      const req = QueryBalanceRequest.decode(data);
      requireAddress(req.address);
      requireDenom(req.denom);
      return QueryBalanceResponse.encode({ balance: wire(keeper.getBalance(store, req.address, req.denom)) }).finish();
    },
    "/cosmos.bank.v1beta1.Query/AllBalances": (store, data) => {
      const req = QueryAllBalancesRequest.decode(data);
      requireAddress(req.address);
      const p = page(keeper.getAllBalances(store, req.address), req.pagination);
      return QueryAllBalancesResponse.encode({ balances: p.items, pagination: p.pagination }).finish();
    },
    "/cosmos.bank.v1beta1.Query/SpendableBalances": (store, data) => {
      const req = QuerySpendableBalancesRequest.decode(data);
      requireAddress(req.address);
      const p = page(keeper.getAllBalances(store, req.address), req.pagination);
      return QuerySpendableBalancesResponse.encode({ balances: p.items, pagination: p.pagination }).finish();
    },
    "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom": (store, data) => {
      const req = QuerySpendableBalanceByDenomRequest.decode(data);
      requireAddress(req.address);
      requireDenom(req.denom);
      return QuerySpendableBalanceByDenomResponse.encode({ balance: wire(keeper.getBalance(store, req.address, req.denom)) }).finish();
    },
    "/cosmos.bank.v1beta1.Query/TotalSupply": (store) => {
      const supply = keeper.getTotalSupply(store);
      return QueryTotalSupplyResponse.encode({ supply: coinsToWire(supply), pagination: { nextKey: new Uint8Array(), total: BigInt(supply.length) } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/SupplyOf": (store, data) => {
      const { denom } = QuerySupplyOfRequest.decode(data);
      requireDenom(denom);
      return QuerySupplyOfResponse.encode({ amount: wire(keeper.getSupply(store, denom)) }).finish();
    },
    "/cosmos.bank.v1beta1.Query/Params": (store) => {
      const p = keeper.getParams(store);
      return QueryParamsResponse.encode({ params: { defaultSendEnabled: p.defaultSendEnabled, sendEnabled: [...p.sendEnabled] } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/DenomsMetadata": (store) =>
      QueryDenomsMetadataResponse.encode({ metadatas: keeper.getAllDenomMetadata(store) }).finish(),
    "/cosmos.bank.v1beta1.Query/DenomMetadata": (store, data) => {
      const { denom } = QueryDenomMetadataRequest.decode(data);
      requireDenom(denom);
      const metadata = keeper.getDenomMetadata(store, denom);
      if (!metadata) throw QueryError.notFound(`client metadata for denom ${denom}`);
      return QueryDenomMetadataResponse.encode({ metadata }).finish();
    },
    "/cosmos.bank.v1beta1.Query/SendEnabled": (store, data) => {
      const { denoms } = QuerySendEnabledRequest.decode(data);
      const params = keeper.getParams(store);
      return QuerySendEnabledResponse.encode({ sendEnabled: denoms.map((denom) => ({ denom, enabled: isSendEnabled(params, denom) })) }).finish();
    },
  };
}
