import { QueryAccountsRequest, QueryAccountsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { balanceAt, inBatches, supplyAt } from "./chain-reads";
import { abciQuery } from "./rpc";

/**
 * The address of every account (module accounts included), at the latest height (the app serves
 * range queries only there).
 */
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

/**
 * Sum of every account's `denom` balance and the total supply of `denom`, both read in the one state
 * committed at `height` (so they must agree even while the chain keeps making blocks). The accounts
 * are listed at the latest height, a superset of those at `height` (accounts are never removed; one
 * created later has nothing at `height`).
 */
export async function balancesAndSupplyAt(url: string, height: bigint, denom = "wei"): Promise<{ sum: bigint; supply: bigint; accounts: number }> {
  const accounts = await allAccountAddresses(url);
  let sum = 0n;
  await inBatches(accounts, 16, async (address) => {
    // Read first, then add (`sum += await ...` would add to the sum as it was before the await).
    const balance = await balanceAt(url, address, height, denom);
    sum += balance;
  });
  return { sum, supply: await supplyAt(url, height, denom), accounts: accounts.length };
}
