import { MemoryStore } from "../../store/memory-store";
import { randomKey } from "../../../test/helpers/keys";
import { accountFromAny, accountToAny, AuthKeeper } from "./keeper";
import { accountKey, addressFromAccountKey, decodeU64, encodeU64 } from "./keys";
import { exportAuthGenesis, initAuthGenesis, validateAuthGenesis } from "./genesis";
import { authQueries } from "./query-server";
import { QueryAccountRequest, QueryAccountResponse, QueryAccountsRequest, QueryAccountsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryError } from "../../app/query-error";

describe("auth keys", () => {
  it("round-trips account keys and u64", () => {
    const addr = new Uint8Array(20).fill(3);
    expect(addressFromAccountKey(accountKey(addr))).toEqual(addr);
    expect(decodeU64(encodeU64(2n ** 63n + 5n))).toBe(2n ** 63n + 5n);
  });
});

describe("auth keeper", () => {
  it("assigns increasing account numbers and keeps pubkeys unset until set", () => {
    const store = new MemoryStore();
    const k = new AuthKeeper();
    const a = k.newAccount(store, randomKey().address);
    const b = k.newAccount(store, randomKey().address);
    expect([a.accountNumber, b.accountNumber]).toEqual([0n, 1n]);
    expect(k.getAccount(store, a.address)?.pubKey).toBeUndefined();
    const key = randomKey();
    k.setAccount(store, { ...a, pubKey: key.pubkey, sequence: 4n });
    expect(k.getAccount(store, a.address)).toEqual({ ...a, pubKey: key.pubkey, sequence: 4n });
  });

  it("encodes module accounts as ModuleAccount", () => {
    const store = new MemoryStore();
    const k = new AuthKeeper();
    const m = k.getOrCreateModuleAccount(store, "fee_collector");
    expect(accountToAny(m).typeUrl).toBe("/cosmos.auth.v1beta1.ModuleAccount");
    expect(accountFromAny(accountToAny(m))).toEqual(m);
    expect(k.getOrCreateModuleAccount(store, "fee_collector")).toEqual(m);
  });

  it("genesis init -> export round trip, duplicates refused", () => {
    const store = new MemoryStore();
    const k = new AuthKeeper();
    const key = randomKey();
    const g = validateAuthGenesis({
      accounts: [
        { address: randomKey().address, account_number: "0", sequence: "0", pub_key: null },
        { address: key.address, account_number: "7", sequence: "3", pub_key: { "@type": "/cosmos.crypto.secp256k1.PubKey", key: Buffer.from(key.pubkey).toString("base64") } },
      ],
    });
    initAuthGenesis(k, store, g);
    expect(k.nextAccountNumber(store)).toBe(8n);
    const exported = exportAuthGenesis(k, store);
    const store2 = new MemoryStore();
    initAuthGenesis(k, store2, validateAuthGenesis(exported));
    expect(exportAuthGenesis(k, store2)).toEqual(exported);
    const addr = randomKey().address;
    expect(() => validateAuthGenesis({ accounts: [{ address: addr, account_number: "0" }, { address: addr, account_number: "1" }] })).toThrow(/duplicate account/);
  });

  it("Account query: NotFound worded as the SDK words it", () => {
    const store = new MemoryStore();
    const q = authQueries(new AuthKeeper())["/cosmos.auth.v1beta1.Query/Account"]!;
    const addr = randomKey().address;
    let err: unknown;
    try {
      q(store, QueryAccountRequest.encode({ address: addr }).finish());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).grpcText()).toBe(`rpc error: code = NotFound desc = account ${addr} not found: key not found`);
    new AuthKeeper().newAccount(store, addr);
    const res = QueryAccountResponse.decode(q(store, QueryAccountRequest.encode({ address: addr }).finish()));
    expect(res.account?.typeUrl).toBe("/cosmos.auth.v1beta1.BaseAccount");
  });

  it("Accounts query pages with next_key until the last page", () => {
    const store = new MemoryStore();
    const k = new AuthKeeper();
    const made = new Set(Array.from({ length: 25 }, () => k.newAccount(store, randomKey().address).address));
    const q = authQueries(k)["/cosmos.auth.v1beta1.Query/Accounts"]!;
    const seen: string[] = [];
    let key: Uint8Array = new Uint8Array();
    let pages = 0;
    do {
      const res = QueryAccountsResponse.decode(q(store, QueryAccountsRequest.encode({ pagination: { key, offset: 0n, limit: 10n, countTotal: pages === 0, reverse: false } }).finish()));
      if (pages === 0) expect(res.pagination?.total).toBe(25n);
      seen.push(...res.accounts.map((a) => BaseAccount.decode(a.value).address));
      key = res.pagination!.nextKey;
      pages++;
    } while (key.length > 0);
    expect(pages).toBe(3);
    expect(new Set(seen)).toEqual(made);
    expect(seen.length).toBe(25);
  });
});
