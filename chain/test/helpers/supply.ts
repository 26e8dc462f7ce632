import { QueryAccountsRequest, QueryAccountsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAllBalancesRequest, QueryAllBalancesResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { abciQuery } from "./rpc";

/** The address of every account (module accounts included), at the latest height. */
export async function allAccountAddresses(url: string): Promise<string[]> {
  const accounts: string[] = [];
  let key: Uint8Array = new Uint8Array();
  do {
    const accRes = await abciQuery(url, "/cosmos.auth.v1beta1.Query/Accounts", QueryAccountsRequest.encode({ pagination: { key, offset: 0n, limit: 500n, countTotal: false, reverse: false } }).finish());
    if (accRes.code !== 0) throw new Error(accRes.log);
    const page = QueryAccountsResponse.decode(accRes.value);
    for (const a of page.accounts) {
      accounts.push(a.typeUrl === "/cosmos.auth.v1beta1.ModuleAccount" ? ModuleAccount.decode(a.value).baseAccount!.address : BaseAccount.decode(a.value).address);
    }
    key = page.pagination?.nextKey ?? new Uint8Array();
  } while (key.length > 0);
  return accounts;
}

/** Sum of every account's `denom` balance and the recorded total supply, read over RPC at the latest height. */
export async function balancesAndSupply(url: string, denom = "wei"): Promise<{ sum: bigint; supply: bigint; accounts: number }> {
  const accounts = await allAccountAddresses(url);
  let sum = 0n;
  for (const address of accounts) {
    const r = await abciQuery(url, "/cosmos.bank.v1beta1.Query/AllBalances", QueryAllBalancesRequest.encode({ address, resolveDenom: false }).finish());
    if (r.code !== 0) throw new Error(r.log);
    for (const c of QueryAllBalancesResponse.decode(r.value).balances) if (c.denom === denom) sum += BigInt(c.amount);
  }
  const s = await abciQuery(url, "/cosmos.bank.v1beta1.Query/TotalSupply", QueryTotalSupplyRequest.encode({}).finish());
  const supply = BigInt(QueryTotalSupplyResponse.decode(s.value).supply.find((c) => c.denom === denom)?.amount ?? "0");
  return { sum, supply, accounts: accounts.length };
}
