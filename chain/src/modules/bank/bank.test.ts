import { MsgMultiSend, MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { MemoryStore } from "../../store/memory-store";
import { encodeAccAddress, moduleAddress } from "../../types/address";
import { ErrInsufficientFunds, ErrInvalidAddress, ErrInvalidCoins, ErrUnauthorized } from "../../types/errors";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { AuthKeeper } from "../auth";
import { ErrInputOutputMismatch, ErrMultipleSenders, ErrNoOutputs } from "./errors";
import { defaultBankGenesis, exportBankGenesis, initBankGenesis, validateBankGenesis } from "./genesis";
import { BankKeeper } from "./keeper";
import { balanceKey, parseBalanceKey } from "./keys";
import { bankMsgRoutes } from "./msg-server";
import { validateMsgMultiSend, validateMsgSend } from "./msgs";

function setup() {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  bank.blockModuleAccount("fee_collector");
  const [a, b] = [randomKey().address, randomKey().address];
  const ctx = testContext(store, { mode: "genesis" });
  initBankGenesis(bank, auth, ctx, validateBankGenesis({ balances: [{ address: a, coins: [{ denom: "wei", amount: "1000" }] }] }));
  const routes = new Map(bankMsgRoutes(bank).map((r) => [r.typeUrl, r]));
  return { store, auth, bank, a, b, routes };
}

describe("bank keys", () => {
  it("round-trips balance keys", () => {
    const addr = new Uint8Array(20).fill(9);
    expect(parseBalanceKey(balanceKey(addr, "wei"))).toEqual({ address: addr, denom: "wei" });
  });
});

describe("bank genesis", () => {
  it("init -> export round trip", () => {
    const { store, auth, bank, a } = setup();
    const exported = exportBankGenesis(bank, store);
    expect(exported.balances).toEqual([{ address: a, coins: [{ denom: "wei", amount: "1000" }] }]);
    expect(exported.supply).toEqual([{ denom: "wei", amount: "1000" }]);
    const store2 = new MemoryStore();
    initBankGenesis(bank, auth, testContext(store2), validateBankGenesis(exported));
    expect(exportBankGenesis(bank, store2)).toEqual(exported);
    expect(auth.hasAccount(store2, a)).toBe(true);
  });

  it("refuses a supply that does not match the balances, and bad coins", () => {
    const a = randomKey().address;
    expect(() => validateBankGenesis({ balances: [{ address: a, coins: [{ denom: "wei", amount: "5" }] }], supply: [{ denom: "wei", amount: "6" }] })).toThrow(/does not equal/);
    expect(() => validateBankGenesis({ balances: [{ address: a, coins: [{ denom: "wei", amount: "-5" }] }] })).toThrow(/invalid amount/);
    expect(() => validateBankGenesis({ balances: [{ address: "cosmos1xyz", coins: [] }] })).toThrow();
    expect(validateBankGenesis(defaultBankGenesis()).balances).toEqual([]);
  });
});

describe("MsgSend", () => {
  it("validateBasic rejects bad addresses and coins", () => {
    const a = randomKey().address;
    const ok = MsgSend.fromPartial({ fromAddress: a, toAddress: a, amount: [{ denom: "wei", amount: "1" }] });
    expect(() => validateMsgSend(ok)).not.toThrow();
    const catchKind = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(ErrInvalidAddress.is(catchKind(() => validateMsgSend({ ...ok, fromAddress: "nope" })))).toBe(true);
    expect(ErrInvalidCoins.is(catchKind(() => validateMsgSend({ ...ok, amount: [] })))).toBe(true);
    expect(ErrInvalidCoins.is(catchKind(() => validateMsgSend({ ...ok, amount: [{ denom: "wei", amount: "0" }] })))).toBe(true);
  });

  it("moves coins, creates the recipient and emits the SDK events", () => {
    const { store, auth, bank, a, b, routes } = setup();
    const ctx = testContext(store);
    const route = routes.get("/cosmos.bank.v1beta1.MsgSend")!;
    route.handle(ctx, MsgSend.fromPartial({ fromAddress: a, toAddress: b, amount: [{ denom: "wei", amount: "300" }] }));
    expect(bank.getBalance(store, a, "wei").amount).toBe(700n);
    expect(bank.getBalance(store, b, "wei").amount).toBe(300n);
    expect(auth.getAccount(store, b)).toMatchObject({ address: b, sequence: 0n });
    expect(ctx.events.events().map((e) => e.type)).toEqual(["coin_spent", "coin_received", "transfer", "message"]);
    expect(ctx.events.events()[2]!.attributes.map((x) => [x.key, x.value])).toEqual([
      ["recipient", b],
      ["sender", a],
      ["amount", "300wei"],
    ]);
    expect(bank.getTotalSupply(store)).toEqual([{ denom: "wei", amount: 1000n }]);
  });

  it("fails with insufficient funds in the SDK's words and leaves the balance", () => {
    const { store, bank, a, b, routes } = setup();
    const route = routes.get("/cosmos.bank.v1beta1.MsgSend")!;
    let err: unknown;
    try {
      route.handle(testContext(store), MsgSend.fromPartial({ fromAddress: a, toAddress: b, amount: [{ denom: "wei", amount: "5000" }] }));
    } catch (e) {
      err = e;
    }
    expect(ErrInsufficientFunds.is(err)).toBe(true);
    expect((err as Error).message).toBe("spendable balance 1000wei is smaller than 5000wei: insufficient funds");
    expect(bank.getBalance(store, a, "wei").amount).toBe(1000n);
  });

  it("refuses sends to blocked module accounts", () => {
    const { store, a, routes } = setup();
    const feeCollector = encodeAccAddress(moduleAddress("fee_collector"));
    expect(() =>
      routes.get("/cosmos.bank.v1beta1.MsgSend")!.handle(testContext(store), MsgSend.fromPartial({ fromAddress: a, toAddress: feeCollector, amount: [{ denom: "wei", amount: "1" }] })),
    ).toThrow(ErrUnauthorized.wrap(`${feeCollector} is not allowed to receive funds`).message);
  });
});

describe("MsgMultiSend", () => {
  it("validateBasic: one input, outputs, matching sums", () => {
    const a = randomKey().address;
    const b = randomKey().address;
    const coins = (n: string) => [{ denom: "wei", amount: n }];
    const kindOf = (m: MsgMultiSend) => {
      try {
        validateMsgMultiSend(m);
        return "ok";
      } catch (e) {
        return e;
      }
    };
    expect(kindOf(MsgMultiSend.fromPartial({ inputs: [{ address: a, coins: coins("3") }], outputs: [{ address: b, coins: coins("3") }] }))).toBe("ok");
    expect(ErrMultipleSenders.is(kindOf(MsgMultiSend.fromPartial({ inputs: [{ address: a, coins: coins("1") }, { address: b, coins: coins("1") }], outputs: [{ address: b, coins: coins("2") }] })))).toBe(true);
    expect(ErrNoOutputs.is(kindOf(MsgMultiSend.fromPartial({ inputs: [{ address: a, coins: coins("1") }], outputs: [] })))).toBe(true);
    expect(ErrInputOutputMismatch.is(kindOf(MsgMultiSend.fromPartial({ inputs: [{ address: a, coins: coins("3") }], outputs: [{ address: b, coins: coins("2") }] })))).toBe(true);
  });

  it("pays every output", () => {
    const { store, bank, a, b, routes } = setup();
    const c = randomKey().address;
    routes.get("/cosmos.bank.v1beta1.MsgMultiSend")!.handle(
      testContext(store),
      MsgMultiSend.fromPartial({ inputs: [{ address: a, coins: [{ denom: "wei", amount: "30" }] }], outputs: [{ address: b, coins: [{ denom: "wei", amount: "10" }] }, { address: c, coins: [{ denom: "wei", amount: "20" }] }] }),
    );
    expect([bank.getBalance(store, a, "wei").amount, bank.getBalance(store, b, "wei").amount, bank.getBalance(store, c, "wei").amount]).toEqual([970n, 10n, 20n]);
  });
});

describe("bank queries", () => {
  it("AllBalances pages with next_key", () => {
    const { QueryAllBalancesRequest, QueryAllBalancesResponse } = require("cosmjs-types/cosmos/bank/v1beta1/query") as typeof import("cosmjs-types/cosmos/bank/v1beta1/query");
    const { bankQueries } = require("./query-server") as typeof import("./query-server");
    const store = new MemoryStore();
    const bank = new BankKeeper(new AuthKeeper());
    const a = randomKey().address;
    const denoms = Array.from({ length: 7 }, (_, i) => `den${i}`);
    for (const d of denoms) bank.initBalance(store, a, { denom: d, amount: 5n });
    const q = bankQueries(bank)["/cosmos.bank.v1beta1.Query/AllBalances"]!;
    const seen: string[] = [];
    let key: Uint8Array = new Uint8Array();
    do {
      const res = QueryAllBalancesResponse.decode(q(store, QueryAllBalancesRequest.encode({ address: a, pagination: { key, offset: 0n, limit: 3n, countTotal: false, reverse: false }, resolveDenom: false }).finish()));
      seen.push(...res.balances.map((c) => c.denom));
      key = res.pagination!.nextKey;
    } while (key.length > 0);
    expect(seen).toEqual(denoms);
  });
});
