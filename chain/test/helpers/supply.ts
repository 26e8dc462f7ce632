import { QueryAccountsRequest, QueryAccountsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAllBalancesRequest, QueryAllBalancesResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { abciQuery } from "./rpc";

/** Sum of every account's `denom` balance and the recorded total supply, read over RPC at the latest height. */
export async function balancesAndSupply(url: string, denom = "wei"): Promise<{ sum: bigint; supply: bigint; accounts: number }> {
  const accRes = await abciQuery(url, "/cosmos.auth.v1beta1.Query/Accounts", QueryAccountsRequest.encode({ pagination: { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false } }).finish());
  if (accRes.code !== 0) throw new Error(accRes.log);
  const accounts = QueryAccountsResponse.decode(accRes.value).accounts.map((a) =>
    a.typeUrl === "/cosmos.auth.v1beta1.ModuleAccount" ? ModuleAccount.decode(a.value).baseAccount!.address : BaseAccount.decode(a.value).address,
  );
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
