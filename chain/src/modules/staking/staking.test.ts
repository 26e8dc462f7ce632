import { BondStatus, type Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import * as Q from "cosmjs-types/cosmos/staking/v1beta1/query";
import {
  MsgBeginRedelegate,
  MsgBeginRedelegateResponse,
  MsgCancelUnbondingDelegation,
  MsgCreateValidator,
  MsgDelegate,
  MsgEditValidator,
  MsgUndelegate,
  MsgUndelegateResponse,
} from "cosmjs-types/cosmos/staking/v1beta1/tx";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { QueryError } from "../../app/query-error";
import { CacheStore } from "../../store/cache-store";
import { MemoryStore } from "../../store/memory-store";
import { decodeAccAddress, encodeAccAddress, VALOPER_PREFIX } from "../../types/address";
import { Dec } from "../../types/dec";
import { formatRfc3339 } from "../../types/time";
import { ChainError, ErrInsufficientFunds, ErrInvalidAddress, ErrInvalidPubKey, ErrInvalidRequest, ErrNotFound, type ErrorKind } from "../../types/errors";
import { BONDED_TOKENS_POOL, MODULE_ACCOUNTS, NOT_BONDED_TOKENS_POOL } from "../../types/module-accounts";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { nodeKey } from "../../../test/helpers/node-keys";
import { AuthKeeper } from "../auth";
import { BankKeeper } from "../bank";
import { initBankGenesis, validateBankGenesis } from "../bank/genesis";
import * as E from "./errors";
import { StakingKeeper } from "./keeper";
import { parseKey, redQueueKey, ubdQueueKey, validatorQueueKey } from "./keys";
import { stakingMsgRoutes } from "./msg-server";
import { DEFAULT_STAKING_PARAMS, decToWire, type StakingParams } from "./params";
import { paginate, stakingQueries } from "./query-server";
import { STAKING_RENDERERS } from "../../api/staking-json";
import { addTokensFromDel, removeDelShares, sharesFromTokens, tokensFromShares } from "./validator";

const STOS = 10n ** 18n;
const T0 = 1_700_000_000n;
const UNBONDING = 100n;
const DAY = 86_400n;

function setup(params: Partial<StakingParams> = {}) {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const keeper = new StakingKeeper(bank);
  for (const m of MODULE_ACCOUNTS) auth.getOrCreateModuleAccount(store, m.name, m.permissions);
  const users = [randomKey().address, randomKey().address, randomKey().address, randomKey().address];
  initBankGenesis(bank, auth, testContext(store, { mode: "genesis" }), validateBankGenesis({ balances: users.map((address) => ({ address, coins: [{ denom: "wei", amount: (1_000_000n * STOS).toString() }] })) }));
  keeper.setParams(store, { ...DEFAULT_STAKING_PARAMS, unbondingTimeSeconds: UNBONDING, ...params });
  const routes = new Map(stakingMsgRoutes(keeper).map((r) => [r.typeUrl, r]));
  const queries = stakingQueries(keeper);
  const ctxAt = (time = T0, height = 10n): Context => ({ ...testContext(store, { height }), blockTimeSeconds: time });
  /** Runs a message the way the app does: stateless checks, then the handler. */
  const run = (name: string, msg: unknown, opts: { time?: bigint; height?: bigint } = {}): { ctx: Context; response: Uint8Array } => {
    const route = routes.get(`/cosmos.staking.v1beta1.${name}`) as MsgRoute<unknown>;
    // On a branch written only on success, as the app runs a tx's messages.
    const branch = new CacheStore(store);
    const ctx: Context = { ...ctxAt(opts.time, opts.height), store: branch };
    route.validateBasic(msg);
    const response = route.handle(ctx, msg);
    branch.write();
    return { ctx, response };
  };
  const endBlock = (time = T0, height = 10n) => {
    const ctx = ctxAt(time, height);
    const updates = s.keeper.endBlock(ctx);
    // What lets EndBlock skip the bonded set until a write: after it, the set is a fixed point.
    expect(fullBondedSetComputation(s, time, height)).toEqual({ updates: [], writes: 0 });
    return { updates, ctx };
  };
  const balance = (addr: string) => bank.getBalance(store, addr, "wei").amount;
  const pool = (name: string) => bank.getModuleBalance(store, name, "wei");
  const query = <T>(path: string, req: Uint8Array, res: { decode(b: Uint8Array): T }): T => res.decode(queries[`/cosmos.staking.v1beta1.Query/${path}`]!(store, req));
  const s = { store, auth, bank, keeper, users, run, endBlock, balance, pool, query, queries, ctxAt };
  return s;
}
type Setup = ReturnType<typeof setup>;

/**
 * The bonded-set computation as a keeper that never skipped it would run it on the state as it is
 * (a fresh keeper, on a branch that is dropped): its updates and how many writes it made.
 */
function fullBondedSetComputation(s: Setup, time = T0, height = 10n): { updates: unknown[]; writes: number } {
  const branch = new CacheStore(s.store);
  const updates = new StakingKeeper(s.bank).applyAndReturnValidatorSetUpdates({ ...s.ctxAt(time, height), store: branch });
  return { updates, writes: branch.size };
}

const valoper = (account: string) => encodeAccAddress(decodeAccAddress(account), VALOPER_PREFIX);
const wei = (n: bigint) => ({ denom: "wei", amount: n.toString() });
const dec = (text: string) => decToWire(Dec.parse(text));
/** Shares of `n` wei at the exchange rate of one. */
const sharesOf = (n: bigint) => decToWire(Dec.fromInt(n));

function createMsg(operator: string, keyIndex: number, amount: bigint, over: Partial<MsgCreateValidator> = {}): MsgCreateValidator {
  return MsgCreateValidator.fromPartial({
    description: { moniker: `validator ${keyIndex}` },
    commission: { rate: dec("0.1"), maxRate: dec("0.2"), maxChangeRate: dec("0.01") },
    minSelfDelegation: "1",
    delegatorAddress: operator,
    validatorAddress: valoper(operator),
    pubkey: nodeKey(keyIndex).pubkeyAny,
    value: wei(amount),
    ...over,
  });
}

function createValidator(s: Setup, i: number, amount: bigint, time = T0) {
  return s.run("MsgCreateValidator", createMsg(s.users[i]!, i, amount), { time });
}

/** A chain where user 0's validator is bonded with its 10 STOS self-delegation; `op` is user 0. */
function bondedValidator(params: Partial<StakingParams> = {}) {
  const s = setup(params);
  createValidator(s, 0, 10n * STOS);
  s.endBlock();
  return { s, op: s.users[0]! };
}

const delegateMsg = (delegator: string, operator: string, amount: bigint) => MsgDelegate.fromPartial({ delegatorAddress: delegator, validatorAddress: valoper(operator), amount: wei(amount) });
const undelegateMsg = (delegator: string, operator: string, amount: bigint) => MsgUndelegate.fromPartial({ delegatorAddress: delegator, validatorAddress: valoper(operator), amount: wei(amount) });

function expectCode(fn: () => unknown, kind: ErrorKind, message?: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ChainError);
  const e = err as ChainError;
  expect({ code: e.code, codespace: e.codespace }).toEqual({ code: kind.code, codespace: kind.codespace });
  if (message) expect(e.message).toMatch(message);
}

function attrs(ctx: Context, type: string): Record<string, string> {
  const ev = ctx.events.events().find((e) => e.type === type);
  if (!ev) throw new Error(`no ${type} event`);
  return Object.fromEntries(ev.attributes.map((a) => [a.key, a.value]));
}

const powerOf = (updates: { pubKey: { ed25519?: Uint8Array }; power: bigint }[]) =>
  updates.map((u) => ({ key: Buffer.from(u.pubKey.ed25519!).toString("hex"), power: u.power }));
const keyHex = (i: number) => Buffer.from(nodeKey(i).publicKey).toString("hex");

/**
 * What must hold after anything: the bonded pool holds the Bonded validators' tokens, the
 * not-bonded pool the rest plus unbonding balances, each validator's shares are its delegations'
 * sum, and the bank's supply is the sum of balances.
 */
function checkInvariants(s: Setup): void {
  let bonded = 0n;
  let notBonded = 0n;
  const shares = new Map<string, Dec>();
  for (const d of s.keeper.iterateAllDelegations(s.store)) shares.set(d.validatorAddress, (shares.get(d.validatorAddress) ?? Dec.ZERO).add(Dec.fromScaled(BigInt(d.shares))));
  for (const { value: v } of s.keeper.iterateValidators(s.store)) {
    if (v.status === BondStatus.BOND_STATUS_BONDED) bonded += BigInt(v.tokens);
    else notBonded += BigInt(v.tokens);
    expect((shares.get(v.operatorAddress) ?? Dec.ZERO).toString()).toBe(Dec.fromScaled(BigInt(v.delegatorShares)).toString());
  }
  for (const u of s.keeper.iterateAllUnbondingDelegations(s.store)) for (const e of u.entries) notBonded += BigInt(e.balance);
  expect({ bonded: s.pool(BONDED_TOKENS_POOL), notBonded: s.pool(NOT_BONDED_TOKENS_POOL) }).toEqual({ bonded, notBonded });
  let sum = 0n;
  for (const { coin } of s.bank.iterateAllBalances(s.store)) if (coin.denom === "wei") sum += coin.amount;
  expect(sum).toBe(s.bank.getSupply(s.store, "wei").amount);
}

describe("staking: keys and validator arithmetic", () => {
  it("length-prefixes addresses and keys queues by big-endian time", () => {
    const a = decodeAccAddress(randomKey().address);
    const b = decodeAccAddress(randomKey().address);
    expect(parseKey(ubdQueueKey(1234n, a, b), 8)).toEqual({ numbers: [1234n], addresses: [a, b] });
    expect(parseKey(redQueueKey(9n, a, b, a), 8)).toEqual({ numbers: [9n], addresses: [a, b, a] });
    expect(parseKey(validatorQueueKey(5n, 77n, b), 16)).toEqual({ numbers: [5n, 77n], addresses: [b] });
    expect(Buffer.compare(ubdQueueKey(255n, b, a), ubdQueueKey(256n, a, a))).toBe(-1);
  });

  it("issues shares at the exchange rate and hands the last shares every remaining token", () => {
    const v0 = { operatorAddress: "x", tokens: "0", delegatorShares: "0" } as Validator;
    const first = addTokensFromDel(v0, 100n);
    expect(first.issuedShares.toString()).toBe("100.000000000000000000");
    // A rate other than 1 (as after a slash): 100 tokens for 150 shares.
    const v = { ...first.validator, delegatorShares: dec("150") };
    expect(sharesFromTokens(v, 10n).toString()).toBe("15.000000000000000000");
    expect(tokensFromShares(v, Dec.parse("1")).toString()).toBe("0.666666666666666667");
    const part = removeDelShares(v, Dec.parse("1"));
    expect(part.issuedTokens).toBe(0n); // truncated; the fraction stays with the validator
    const all = removeDelShares(part.validator, Dec.parse("149"));
    expect({ tokens: all.validator.tokens, issued: all.issuedTokens }).toEqual({ tokens: "0", issued: 100n });
  });
});

describe("staking: creating validators and the bonded set", () => {
  it("creates an Unbonded validator with its self-delegation; EndBlock bonds it with power = tokens / 10^18", () => {
    const s = setup();
    const { ctx } = createValidator(s, 0, 10n * STOS + 5n);
    const op = valoper(s.users[0]!);
    expect(attrs(ctx, "create_validator")).toEqual({ validator: op, amount: `${10n * STOS + 5n}wei` });
    expect(s.keeper.getValidator(s.store, op)).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDED, tokens: (10n * STOS + 5n).toString(), delegatorShares: sharesOf(10n * STOS + 5n), jailed: false, minSelfDelegation: "1" });
    expect(s.keeper.getValidator(s.store, op)!.commission.updateTime.seconds).toBe(T0);
    expect(s.keeper.getDelegation(s.store, s.users[0]!, op)?.shares).toBe(sharesOf(10n * STOS + 5n));
    expect(s.balance(s.users[0]!)).toBe(1_000_000n * STOS - 10n * STOS - 5n);
    expect(s.pool(NOT_BONDED_TOKENS_POOL)).toBe(10n * STOS + 5n);
    checkInvariants(s);

    const { updates } = s.endBlock();
    expect(powerOf(updates)).toEqual([{ key: keyHex(0), power: 10n }]);
    expect(s.keeper.getValidator(s.store, op)!.status).toBe(BondStatus.BOND_STATUS_BONDED);
    expect({ bonded: s.pool(BONDED_TOKENS_POOL), notBonded: s.pool(NOT_BONDED_TOKENS_POOL) }).toEqual({ bonded: 10n * STOS + 5n, notBonded: 0n });
    expect(s.keeper.getLastTotalPower(s.store)).toBe(10n);
    expect(s.endBlock().updates).toEqual([]); // nothing changed, nothing to tell CometBFT
    checkInvariants(s);
  });

  it("does not bond a validator below one unit of power", () => {
    const s = setup();
    createValidator(s, 0, STOS - 1n);
    expect(s.endBlock().updates).toEqual([]);
    expect(s.keeper.getValidator(s.store, valoper(s.users[0]!))!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    checkInvariants(s);
  });

  it("power follows delegations: changed powers only, and not for a change below one STOS", () => {
    const { s, op } = bondedValidator();
    const { ctx } = s.run("MsgDelegate", delegateMsg(s.users[1]!, op, 5n * STOS));
    expect(attrs(ctx, "delegate")).toEqual({ validator: valoper(op), delegator: s.users[1], amount: `${5n * STOS}wei`, new_shares: "5000000000000000000.000000000000000000" });
    expect(s.pool(BONDED_TOKENS_POOL)).toBe(15n * STOS); // a Bonded validator's delegation goes straight to the bonded pool
    expect(powerOf(s.endBlock().updates)).toEqual([{ key: keyHex(0), power: 15n }]);
    s.run("MsgDelegate", delegateMsg(s.users[1]!, op, 1n));
    expect(s.endBlock().updates).toEqual([]);
    expect(s.keeper.getDelegation(s.store, s.users[1]!, valoper(op))?.shares).toBe(sharesOf(5n * STOS + 1n));
    checkInvariants(s);
  });

  it("keeps the top max_validators by power, ties to the lower operator address; a validator pushed out unbonds and its tokens leave the bonded pool", () => {
    const s = setup({ maxValidators: 2 });
    createValidator(s, 0, 30n * STOS);
    createValidator(s, 1, 20n * STOS);
    createValidator(s, 2, 20n * STOS);
    const [lo, hi] = [1, 2].sort((a, b) => Buffer.compare(decodeAccAddress(s.users[a]!), decodeAccAddress(s.users[b]!)));
    const first = s.endBlock();
    expect(powerOf(first.updates).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [
        { key: keyHex(0), power: 30n },
        { key: keyHex(lo!), power: 20n },
      ].sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect(s.keeper.getValidator(s.store, valoper(s.users[hi!]!))!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    expect(s.pool(NOT_BONDED_TOKENS_POOL)).toBe(20n * STOS);
    checkInvariants(s);

    // One more STOS to the one left out: it takes the other's seat.
    s.run("MsgDelegate", delegateMsg(s.users[3]!, s.users[hi!]!, STOS));
    const second = s.endBlock(T0 + 1n, 11n);
    expect(powerOf(second.updates)).toEqual([
      { key: keyHex(hi!), power: 21n },
      { key: keyHex(lo!), power: 0n },
    ]);
    expect(s.keeper.getValidator(s.store, valoper(s.users[lo!]!))).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDING, unbondingHeight: 11n, unbondingTime: { seconds: T0 + 1n + UNBONDING, nanos: 0 } });
    expect({ bonded: s.pool(BONDED_TOKENS_POOL), notBonded: s.pool(NOT_BONDED_TOKENS_POOL) }).toEqual({ bonded: 51n * STOS, notBonded: 20n * STOS });
    checkInvariants(s);

    // After the unbonding time the pushed-out validator is Unbonded (it keeps its delegations).
    s.endBlock(T0 + 1n + UNBONDING, 12n);
    expect(s.keeper.getValidator(s.store, valoper(s.users[lo!]!))).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDED, unbondingIds: [] });
    checkInvariants(s);
  });
});

describe("staking: EndBlock skips the bonded set while nothing it reads was written", () => {
  it("computes after a change, then skips; the next change is computed again", () => {
    const s = setup();
    const scans = jest.spyOn(s.keeper, "iterateValidators");
    createValidator(s, 0, 10n * STOS);
    expect(powerOf(s.endBlock().updates)).toEqual([{ key: keyHex(0), power: 10n }]);
    expect(scans).toHaveBeenCalledTimes(1);
    for (let h = 11n; h < 14n; h++) expect(s.endBlock(T0, h).updates).toEqual([]);
    expect(scans).toHaveBeenCalledTimes(1);
    s.run("MsgDelegate", delegateMsg(s.users[1]!, s.users[0]!, 2n * STOS));
    expect(powerOf(s.endBlock(T0, 14n).updates)).toEqual([{ key: keyHex(0), power: 12n }]);
    expect(scans).toHaveBeenCalledTimes(2);
  });

  it("a write that never reaches the block's state (CheckTx, a failed tx) costs one recomputation, with no update", () => {
    const { s, op } = bondedValidator();
    const scans = jest.spyOn(s.keeper, "iterateValidators");
    const dropped = new CacheStore(s.store);
    s.keeper.delegate({ ...s.ctxAt(), store: dropped }, s.users[1]!, 5n * STOS, BondStatus.BOND_STATUS_UNBONDED, s.keeper.getValidator(s.store, valoper(op))!, true);
    expect(s.endBlock(T0, 11n).updates).toEqual([]);
    expect(s.endBlock(T0, 12n).updates).toEqual([]);
    expect(scans).toHaveBeenCalledTimes(1);
  });

  it("a keeper started on existing state (a restart) computes on its first EndBlock", () => {
    const { s } = bondedValidator();
    const restarted = new StakingKeeper(s.bank);
    const scans = jest.spyOn(restarted, "iterateValidators");
    expect(restarted.endBlock(s.ctxAt(T0, 11n))).toEqual([]);
    expect(restarted.endBlock(s.ctxAt(T0, 12n))).toEqual([]);
    expect(scans).toHaveBeenCalledTimes(1);
  });
});

describe("staking: undelegating", () => {
  it("unbonds into an entry maturing after unbonding_time, then pays it back in EndBlock", () => {
    const { s, op } = bondedValidator();
    const alice = s.users[1]!;
    s.run("MsgDelegate", delegateMsg(alice, op, 5n * STOS));
    s.endBlock();
    const before = s.balance(alice);
    const { ctx, response } = s.run("MsgUndelegate", undelegateMsg(alice, op, 2n * STOS), { time: T0 + 10n, height: 20n });
    expect(MsgUndelegateResponse.decode(response)).toEqual({ completionTime: { seconds: T0 + 10n + UNBONDING, nanos: 0 }, amount: wei(2n * STOS) });
    expect(attrs(ctx, "unbond")).toEqual({ validator: valoper(op), delegator: alice, amount: `${2n * STOS}wei`, completion_time: formatRfc3339(T0 + 10n + UNBONDING) });
    expect(s.keeper.getUnbondingDelegation(s.store, alice, valoper(op))!.entries).toEqual([
      { creationHeight: 20n, completionTime: { seconds: T0 + 10n + UNBONDING, nanos: 0 }, initialBalance: (2n * STOS).toString(), balance: (2n * STOS).toString(), unbondingId: 1n, unbondingOnHoldRefCount: 0n },
    ]);
    expect(s.pool(NOT_BONDED_TOKENS_POOL)).toBe(2n * STOS);
    expect(powerOf(s.endBlock(T0 + 10n, 20n).updates)).toEqual([{ key: keyHex(0), power: 13n }]);
    checkInvariants(s);

    s.endBlock(T0 + 10n + UNBONDING - 1n, 21n);
    expect(s.balance(alice)).toBe(before);
    const done = s.endBlock(T0 + 10n + UNBONDING, 22n);
    expect(attrs(done.ctx, "complete_unbonding")).toEqual({ amount: `${2n * STOS}wei`, validator: valoper(op), delegator: alice });
    expect(s.balance(alice)).toBe(before + 2n * STOS);
    expect(s.keeper.getUnbondingDelegation(s.store, alice, valoper(op))).toBeUndefined();
    expect(s.pool(NOT_BONDED_TOKENS_POOL)).toBe(0n);
    checkInvariants(s);
  });

  it("a full unbond by the operator jails the validator: power 0, Unbonding, then removed once unbonded", () => {
    const { s, op } = bondedValidator();
    s.run("MsgUndelegate", undelegateMsg(op, op, 10n * STOS), { height: 11n });
    expect(s.keeper.getValidator(s.store, valoper(op))).toMatchObject({ jailed: true, tokens: "0", delegatorShares: "0" });
    expect(s.keeper.getDelegation(s.store, op, valoper(op))).toBeUndefined();
    expect(powerOf(s.endBlock(T0, 11n).updates)).toEqual([{ key: keyHex(0), power: 0n }]);
    expect(s.keeper.getValidator(s.store, valoper(op))!.status).toBe(BondStatus.BOND_STATUS_UNBONDING);
    expect(s.keeper.getLastTotalPower(s.store)).toBe(0n);
    checkInvariants(s);
    s.endBlock(T0 + UNBONDING, 12n);
    expect(s.keeper.getValidator(s.store, valoper(op))).toBeUndefined();
    expect(s.keeper.getValidatorByConsensusKey(s.store, nodeKey(0).publicKey)).toBeUndefined();
    expect(s.balance(op)).toBe(1_000_000n * STOS);
    // The same key can make a validator again.
    createValidator(s, 0, 3n * STOS, T0 + UNBONDING);
    checkInvariants(s);
  });

  it("jails the validator when its operator's self-delegation falls below the minimum", () => {
    const s = setup();
    createValidator(s, 0, 10n * STOS);
    const op = s.users[0]!;
    s.run("MsgEditValidator", MsgEditValidator.fromPartial({ description: { moniker: "[do-not-modify]" }, validatorAddress: valoper(op), minSelfDelegation: (5n * STOS).toString() }));
    s.run("MsgDelegate", delegateMsg(s.users[1]!, op, 20n * STOS));
    s.endBlock();
    s.run("MsgUndelegate", undelegateMsg(op, op, 6n * STOS));
    expect(s.keeper.getValidator(s.store, valoper(op))!.jailed).toBe(true);
    expect(powerOf(s.endBlock().updates)).toEqual([{ key: keyHex(0), power: 0n }]);
    checkInvariants(s);
  });

  it("refuses more than max_entries unbonding entries, and merges entries of one block", () => {
    const { s, op } = bondedValidator({ maxEntries: 2 });
    s.run("MsgUndelegate", undelegateMsg(op, op, 1n), { height: 11n });
    s.run("MsgUndelegate", undelegateMsg(op, op, 1n), { height: 11n });
    expect(s.keeper.getUnbondingDelegation(s.store, op, valoper(op))!.entries.map((e) => e.balance)).toEqual(["2"]);
    s.run("MsgUndelegate", undelegateMsg(op, op, 1n), { height: 12n });
    expectCode(() => s.run("MsgUndelegate", undelegateMsg(op, op, 1n), { height: 13n }), E.ErrMaxUnbondingDelegationEntries);
    checkInvariants(s);
  });

  it("cancels (part of) an unbonding entry back into the delegation", () => {
    const { s, op } = bondedValidator();
    s.run("MsgUndelegate", undelegateMsg(op, op, 4n * STOS), { height: 30n });
    s.endBlock(T0, 30n);
    const cancel = (amount: bigint, creationHeight: bigint, time = T0 + 1n) =>
      s.run("MsgCancelUnbondingDelegation", MsgCancelUnbondingDelegation.fromPartial({ delegatorAddress: op, validatorAddress: valoper(op), amount: wei(amount), creationHeight }), { time });
    expectCode(() => cancel(STOS, 29n), ErrNotFound);
    expectCode(() => cancel(5n * STOS, 30n), ErrInvalidRequest, /greater than the unbonding delegation entry balance/);
    const { ctx } = cancel(STOS, 30n);
    expect(attrs(ctx, "cancel_unbonding_delegation")).toEqual({ amount: `${STOS}wei`, validator: valoper(op), delegator: op, creation_height: "30" });
    expect(s.keeper.getUnbondingDelegation(s.store, op, valoper(op))!.entries[0]).toMatchObject({ balance: (3n * STOS).toString(), initialBalance: (3n * STOS).toString() });
    expect(powerOf(s.endBlock(T0 + 1n, 31n).updates)).toEqual([{ key: keyHex(0), power: 7n }]);
    checkInvariants(s);
    cancel(3n * STOS, 30n);
    expect(s.keeper.getUnbondingDelegation(s.store, op, valoper(op))).toBeUndefined();
    // The queue entry left behind is harmless when its time comes.
    s.endBlock(T0 + UNBONDING, 32n);
    expect(s.keeper.getValidator(s.store, valoper(op))!.tokens).toBe((10n * STOS).toString());
    checkInvariants(s);
  });
});

describe("staking: redelegating", () => {
  it("moves the tokens at once, refuses a transitive hop, and drops the record when it matures", () => {
    const s = setup();
    createValidator(s, 0, 10n * STOS);
    createValidator(s, 1, 10n * STOS);
    s.endBlock();
    const [a, b, carol] = [s.users[0]!, s.users[1]!, s.users[2]!];
    s.run("MsgDelegate", delegateMsg(carol, a, 6n * STOS));
    const red = (src: string, dst: string, amount: bigint, time = T0 + 5n) =>
      s.run("MsgBeginRedelegate", MsgBeginRedelegate.fromPartial({ delegatorAddress: carol, validatorSrcAddress: valoper(src), validatorDstAddress: valoper(dst), amount: wei(amount) }), { time, height: 15n });
    const { ctx, response } = red(a, b, 4n * STOS);
    expect(MsgBeginRedelegateResponse.decode(response).completionTime).toEqual({ seconds: T0 + 5n + UNBONDING, nanos: 0 });
    expect(attrs(ctx, "redelegate")).toMatchObject({ source_validator: valoper(a), destination_validator: valoper(b), delegator: carol, amount: `${4n * STOS}wei` });
    expect(powerOf(s.endBlock(T0 + 5n, 15n).updates).sort((x, y) => x.key.localeCompare(y.key))).toEqual(
      [
        { key: keyHex(0), power: 12n },
        { key: keyHex(1), power: 14n },
      ].sort((x, y) => x.key.localeCompare(y.key)),
    );
    expectCode(() => red(b, a, STOS), E.ErrTransitiveRedelegation);
    const r = s.query("Redelegations", Q.QueryRedelegationsRequest.encode({ delegatorAddr: carol, srcValidatorAddr: "", dstValidatorAddr: "" }).finish(), Q.QueryRedelegationsResponse);
    expect(r.redelegationResponses).toHaveLength(1);
    expect(r.redelegationResponses[0]!.entries[0]).toMatchObject({ balance: (4n * STOS).toString(), redelegationEntry: { sharesDst: sharesOf(4n * STOS), initialBalance: (4n * STOS).toString() } });
    checkInvariants(s);
    const done = s.endBlock(T0 + 5n + UNBONDING, 16n);
    expect(attrs(done.ctx, "complete_redelegation")).toEqual({ amount: `${4n * STOS}wei`, delegator: carol, source_validator: valoper(a), destination_validator: valoper(b) });
    expect(s.keeper.getRedelegation(s.store, carol, valoper(a), valoper(b))).toBeUndefined();
    red(b, a, STOS, T0 + 6n + UNBONDING);
    checkInvariants(s);
  });

  it("refuses a redelegation to the same or an unknown validator", () => {
    const s = setup();
    createValidator(s, 0, 10n * STOS);
    const a = s.users[0]!;
    const msg = (dst: string) => MsgBeginRedelegate.fromPartial({ delegatorAddress: a, validatorSrcAddress: valoper(a), validatorDstAddress: dst, amount: wei(STOS) });
    expectCode(() => s.run("MsgBeginRedelegate", msg(valoper(a))), E.ErrSelfRedelegation);
    expectCode(() => s.run("MsgBeginRedelegate", msg(valoper(s.users[3]!))), E.ErrBadRedelegationDst);
  });
});

describe("staking: editing validators", () => {
  it("keeps [do-not-modify] fields, changes the rate once a day within the max change, raises the minimum only", () => {
    const s = setup();
    createValidator(s, 0, 10n * STOS);
    const op = valoper(s.users[0]!);
    const edit = (over: Partial<MsgEditValidator>, time = T0 + DAY) =>
      s.run("MsgEditValidator", MsgEditValidator.fromPartial({ description: { moniker: "[do-not-modify]", identity: "[do-not-modify]", website: "https://x", securityContact: "[do-not-modify]", details: "[do-not-modify]" }, validatorAddress: op, ...over }), { time });
    expectCode(() => edit({ commissionRate: dec("0.105") }, T0 + DAY - 1n), E.ErrCommissionUpdateTime);
    expectCode(() => edit({ commissionRate: dec("0.12") }), E.ErrCommissionGTMaxChangeRate);
    expectCode(() => edit({ commissionRate: dec("0.3") }), E.ErrCommissionGTMaxRate);
    const { ctx } = edit({ commissionRate: dec("0.105"), minSelfDelegation: "2" });
    expect(attrs(ctx, "edit_validator")).toEqual({ commission_rate: "0.105000000000000000", min_self_delegation: "2" });
    expect(s.keeper.getValidator(s.store, op)).toMatchObject({
      description: { moniker: "validator 0", website: "https://x", identity: "" },
      commission: { commissionRates: { rate: dec("0.105") }, updateTime: { seconds: T0 + DAY } },
      minSelfDelegation: "2",
    });
    expectCode(() => edit({ minSelfDelegation: "2" }), E.ErrMinSelfDelegationDecreased);
    expectCode(() => edit({ minSelfDelegation: (11n * STOS).toString() }), E.ErrSelfDelegationBelowMinimum);
    expectCode(() => edit({ validatorAddress: valoper(s.users[1]!) }), E.ErrNoValidatorFound);
  });
});

describe("staking: stateless checks (ValidateBasic) and handler failures", () => {
  const s = setup();
  const routes = new Map(stakingMsgRoutes(s.keeper).map((r) => [r.typeUrl, r]));
  const check = (name: string, msg: unknown) => () => routes.get(`/cosmos.staking.v1beta1.${name}`)!.validateBasic(msg);
  const u = s.users[0]!;

  it.each([
    ["empty validator address", createMsg(u, 0, STOS, { validatorAddress: "", delegatorAddress: "" }), E.ErrEmptyValidatorAddr],
    ["account address as validator", createMsg(u, 0, STOS, { validatorAddress: u }), ErrInvalidAddress],
    ["delegator is not the operator", createMsg(u, 0, STOS, { delegatorAddress: s.users[1]! }), ErrInvalidAddress],
    ["no pubkey", createMsg(u, 0, STOS, { pubkey: undefined }), E.ErrEmptyValidatorPubKey],
    ["secp256k1 pubkey", createMsg(u, 0, STOS, { pubkey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: new Uint8Array(35) } }), E.ErrValidatorPubKeyTypeNotSupported],
    ["short ed25519 key", createMsg(u, 0, STOS, { pubkey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Uint8Array.of(10, 2, 1, 2) } }), ErrInvalidPubKey],
    ["zero value", createMsg(u, 0, 0n), ErrInvalidRequest],
    ["empty description", createMsg(u, 0, STOS, { description: { moniker: "", identity: "", website: "", securityContact: "", details: "" } }), ErrInvalidRequest],
    ["long moniker", createMsg(u, 0, STOS, { description: { moniker: "m".repeat(71), identity: "", website: "", securityContact: "", details: "" } }), ErrInvalidRequest],
    ["empty commission", createMsg(u, 0, STOS, { commission: { rate: "", maxRate: "", maxChangeRate: "" } }), ErrInvalidRequest],
    ["max rate above 1", createMsg(u, 0, STOS, { commission: { rate: dec("0.1"), maxRate: dec("1.01"), maxChangeRate: dec("0.01") } }), E.ErrCommissionHuge],
    ["negative rate", createMsg(u, 0, STOS, { commission: { rate: dec("-0.1"), maxRate: dec("0.2"), maxChangeRate: dec("0.01") } }), E.ErrCommissionNegative],
    ["rate above max", createMsg(u, 0, STOS, { commission: { rate: dec("0.3"), maxRate: dec("0.2"), maxChangeRate: dec("0.01") } }), E.ErrCommissionGTMaxRate],
    ["negative change rate", createMsg(u, 0, STOS, { commission: { rate: dec("0.1"), maxRate: dec("0.2"), maxChangeRate: dec("-0.01") } }), E.ErrCommissionChangeRateNegative],
    ["change rate above max", createMsg(u, 0, STOS, { commission: { rate: dec("0.1"), maxRate: dec("0.2"), maxChangeRate: dec("0.3") } }), E.ErrCommissionChangeRateGTMaxRate],
    ["zero min self delegation", createMsg(u, 0, STOS, { minSelfDelegation: "0" }), ErrInvalidRequest],
    ["value below min self delegation", createMsg(u, 0, STOS, { minSelfDelegation: (2n * STOS).toString() }), E.ErrSelfDelegationBelowMinimum],
  ])("MsgCreateValidator: %s", (_name, msg, kind) => expectCode(check("MsgCreateValidator", msg), kind));

  it.each([
    ["MsgEditValidator", MsgEditValidator.fromPartial({ description: { moniker: "x" }, validatorAddress: "" }), E.ErrEmptyValidatorAddr],
    ["MsgEditValidator", MsgEditValidator.fromPartial({ validatorAddress: valoper(u) }), ErrInvalidRequest],
    ["MsgEditValidator", MsgEditValidator.fromPartial({ description: { moniker: "x" }, validatorAddress: valoper(u), commissionRate: dec("1.5") }), ErrInvalidRequest],
    ["MsgEditValidator", MsgEditValidator.fromPartial({ description: { moniker: "x" }, validatorAddress: valoper(u), minSelfDelegation: "-1" }), ErrInvalidRequest],
    ["MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: "", validatorAddress: valoper(u), amount: wei(1n) }), E.ErrEmptyDelegatorAddr],
    ["MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: valoper(u), validatorAddress: valoper(u), amount: wei(1n) }), ErrInvalidAddress],
    ["MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: u, validatorAddress: "", amount: wei(1n) }), E.ErrEmptyValidatorAddr],
    ["MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: u, validatorAddress: valoper(u), amount: wei(0n) }), ErrInvalidRequest],
    ["MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: u, validatorAddress: valoper(u), amount: { denom: "w", amount: "1" } }), ErrInvalidRequest],
    ["MsgUndelegate", MsgUndelegate.fromPartial({ delegatorAddress: u, validatorAddress: "stvaloper1xyz", amount: wei(1n) }), ErrInvalidAddress],
    ["MsgUndelegate", MsgUndelegate.fromPartial({ delegatorAddress: u, validatorAddress: valoper(u) }), ErrInvalidRequest],
    ["MsgBeginRedelegate", MsgBeginRedelegate.fromPartial({ delegatorAddress: u, validatorSrcAddress: valoper(u), validatorDstAddress: "", amount: wei(1n) }), E.ErrEmptyValidatorAddr],
    ["MsgBeginRedelegate", MsgBeginRedelegate.fromPartial({ delegatorAddress: u, validatorSrcAddress: valoper(u), validatorDstAddress: valoper(u), amount: wei(1n) }), E.ErrSelfRedelegation],
    ["MsgCancelUnbondingDelegation", MsgCancelUnbondingDelegation.fromPartial({ delegatorAddress: u, validatorAddress: valoper(u), amount: wei(1n), creationHeight: 0n }), ErrInvalidRequest],
  ])("%s: refused with the SDK's code", (name, msg, kind) => expectCode(check(name, msg), kind));

  it("signers: the operator's account for validator Msgs; a malformed operator cannot even be decoded", () => {
    expect(routes.get("/cosmos.staking.v1beta1.MsgCreateValidator")!.signers(createMsg(u, 0, STOS))).toEqual([u]);
    expectCode(() => routes.get("/cosmos.staking.v1beta1.MsgEditValidator")!.signers(MsgEditValidator.fromPartial({ validatorAddress: "nope" })), ErrInvalidAddress);
  });

  it("handler failures carry the staking codes", () => {
    const t = setup({ minCommissionRate: Dec.parse("0.05") });
    const [a, b] = [t.users[0]!, t.users[1]!];
    expectCode(() => t.run("MsgDelegate", delegateMsg(b, a, STOS)), E.ErrNoValidatorFound);
    expectCode(() => t.run("MsgCreateValidator", createMsg(a, 0, STOS, { commission: { rate: dec("0.01"), maxRate: dec("0.2"), maxChangeRate: dec("0.01") } })), E.ErrCommissionLTMinRate);
    expectCode(() => t.run("MsgCreateValidator", createMsg(a, 0, STOS, { value: { denom: "uatom", amount: "5" }, minSelfDelegation: "1" })), ErrInvalidRequest, /invalid coin denomination: got uatom, expected wei/);
    expectCode(() => t.run("MsgCreateValidator", createMsg(a, 0, 2_000_000n * STOS)), ErrInsufficientFunds);
    t.run("MsgCreateValidator", createMsg(a, 0, STOS));
    expectCode(() => t.run("MsgCreateValidator", createMsg(a, 1, STOS)), E.ErrValidatorOwnerExists);
    expectCode(() => t.run("MsgCreateValidator", createMsg(b, 0, STOS)), E.ErrValidatorPubKeyExists);
    expectCode(() => t.run("MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: b, validatorAddress: valoper(a), amount: { denom: "ustos", amount: "5" } })), ErrInvalidRequest);
    expectCode(() => t.run("MsgUndelegate", undelegateMsg(b, a, 1n)), E.ErrNoDelegation);
    expectCode(() => t.run("MsgUndelegate", undelegateMsg(a, a, 2n * STOS)), ErrInvalidRequest, /invalid shares amount/);
    checkInvariants(t);
  });
});

describe("staking: queries", () => {
  function seeded() {
    const s = setup();
    createValidator(s, 0, 10n * STOS);
    createValidator(s, 1, 5n * STOS);
    createValidator(s, 2, STOS / 2n); // below one unit of power: stays Unbonded
    s.endBlock();
    s.run("MsgDelegate", delegateMsg(s.users[3]!, s.users[0]!, 2n * STOS));
    s.run("MsgUndelegate", undelegateMsg(s.users[3]!, s.users[0]!, STOS), { height: 12n });
    return s;
  }
  const notFound = (fn: () => unknown, message: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).grpcText()).toMatch(message);
  };

  it("Validators: all, by status, paged by key", () => {
    const s = seeded();
    const all = s.query("Validators", Q.QueryValidatorsRequest.encode({ status: "" }).finish(), Q.QueryValidatorsResponse);
    expect(all.validators).toHaveLength(3);
    const bonded = s.query("Validators", Q.QueryValidatorsRequest.encode({ status: "BOND_STATUS_BONDED" }).finish(), Q.QueryValidatorsResponse);
    expect(bonded.validators.map((v) => v.operatorAddress).sort()).toEqual([valoper(s.users[0]!), valoper(s.users[1]!)].sort());
    const page1 = s.query("Validators", Q.QueryValidatorsRequest.encode({ status: "", pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: true, reverse: false } }).finish(), Q.QueryValidatorsResponse);
    expect(page1.validators).toHaveLength(2);
    expect(page1.pagination?.total).toBe(3n);
    const page2 = s.query("Validators", Q.QueryValidatorsRequest.encode({ status: "", pagination: { key: page1.pagination!.nextKey, offset: 0n, limit: 2n, countTotal: false, reverse: false } }).finish(), Q.QueryValidatorsResponse);
    expect(page2.validators.map((v) => v.operatorAddress)).toEqual([all.validators[2]!.operatorAddress]);
    expect(page2.pagination?.nextKey).toEqual(new Uint8Array());
    const reversed = s.query("Validators", Q.QueryValidatorsRequest.encode({ status: "", pagination: { key: new Uint8Array(), offset: 0n, limit: 0n, countTotal: false, reverse: true } }).finish(), Q.QueryValidatorsResponse);
    expect(reversed.validators.map((v) => v.operatorAddress)).toEqual(all.validators.map((v) => v.operatorAddress).reverse());
    expect(() => s.queries["/cosmos.staking.v1beta1.Query/Validators"]!(s.store, Q.QueryValidatorsRequest.encode({ status: "BONDED" }).finish())).toThrow(/invalid validator status BONDED/);
  });

  it("Validator, Delegation, UnbondingDelegation: found, or NotFound in the SDK's words", () => {
    const s = seeded();
    const [op, d] = [valoper(s.users[0]!), s.users[3]!];
    expect(s.query("Validator", Q.QueryValidatorRequest.encode({ validatorAddr: op }).finish(), Q.QueryValidatorResponse).validator?.tokens).toBe((11n * STOS).toString());
    notFound(() => s.queries["/cosmos.staking.v1beta1.Query/Validator"]!(s.store, Q.QueryValidatorRequest.encode({ validatorAddr: valoper(randomKey().address) }).finish()), /code = NotFound desc = validator stvaloper1\w+ not found$/);
    const del = s.query("Delegation", Q.QueryDelegationRequest.encode({ delegatorAddr: d, validatorAddr: op }).finish(), Q.QueryDelegationResponse);
    expect(del.delegationResponse).toEqual({ delegation: { delegatorAddress: d, validatorAddress: op, shares: sharesOf(STOS) }, balance: wei(STOS) });
    notFound(() => s.queries["/cosmos.staking.v1beta1.Query/Delegation"]!(s.store, Q.QueryDelegationRequest.encode({ delegatorAddr: d, validatorAddr: valoper(s.users[1]!) }).finish()), /delegation with delegator st1\w+ not found for validator/);
    const ubd = s.query("UnbondingDelegation", Q.QueryUnbondingDelegationRequest.encode({ delegatorAddr: d, validatorAddr: op }).finish(), Q.QueryUnbondingDelegationResponse);
    expect(ubd.unbond?.entries.map((e) => e.balance)).toEqual([STOS.toString()]);
    expect(() => s.queries["/cosmos.staking.v1beta1.Query/Delegation"]!(s.store, Q.QueryDelegationRequest.encode({ delegatorAddr: "", validatorAddr: op }).finish())).toThrow(/delegator address cannot be empty/);
  });

  it("the by-validator and by-delegator lists, Pool, Params, HistoricalInfo", () => {
    const s = seeded();
    const [op, d] = [valoper(s.users[0]!), s.users[3]!];
    const vd = s.query("ValidatorDelegations", Q.QueryValidatorDelegationsRequest.encode({ validatorAddr: op }).finish(), Q.QueryValidatorDelegationsResponse);
    expect(vd.delegationResponses.map((r) => r.delegation.delegatorAddress).sort()).toEqual([s.users[0]!, d].sort());
    expect(s.query("ValidatorUnbondingDelegations", Q.QueryValidatorUnbondingDelegationsRequest.encode({ validatorAddr: op }).finish(), Q.QueryValidatorUnbondingDelegationsResponse).unbondingResponses).toHaveLength(1);
    const dd = s.query("DelegatorDelegations", Q.QueryDelegatorDelegationsRequest.encode({ delegatorAddr: d }).finish(), Q.QueryDelegatorDelegationsResponse);
    expect(dd.delegationResponses).toEqual([{ delegation: { delegatorAddress: d, validatorAddress: op, shares: sharesOf(STOS) }, balance: wei(STOS) }]);
    expect(s.query("DelegatorUnbondingDelegations", Q.QueryDelegatorUnbondingDelegationsRequest.encode({ delegatorAddr: d }).finish(), Q.QueryDelegatorUnbondingDelegationsResponse).unbondingResponses).toHaveLength(1);
    expect(s.query("DelegatorValidators", Q.QueryDelegatorValidatorsRequest.encode({ delegatorAddr: d }).finish(), Q.QueryDelegatorValidatorsResponse).validators.map((v) => v.operatorAddress)).toEqual([op]);
    expect(s.query("DelegatorValidator", Q.QueryDelegatorValidatorRequest.encode({ delegatorAddr: d, validatorAddr: op }).finish(), Q.QueryDelegatorValidatorResponse).validator?.operatorAddress).toBe(op);
    expect(s.query("Pool", new Uint8Array(), Q.QueryPoolResponse).pool).toEqual({ bondedTokens: (16n * STOS).toString(), notBondedTokens: (STOS / 2n + STOS).toString() });
    expect(s.query("Params", new Uint8Array(), Q.QueryParamsResponse).params).toEqual({ unbondingTime: { seconds: UNBONDING, nanos: 0 }, maxValidators: 100, maxEntries: 7, historicalEntries: 10_000, bondDenom: "wei", minCommissionRate: "0" });
    notFound(() => s.queries["/cosmos.staking.v1beta1.Query/HistoricalInfo"]!(s.store, Q.QueryHistoricalInfoRequest.encode({ height: 5n }).finish()), /historical info for height 5 not found/);
    checkInvariants(s);
  });

  /** `seeded()` plus a redelegation of half a STOS from user 0's validator to user 1's, at height 13. */
  function withRedelegation() {
    const s = seeded();
    const [a, b, d] = [valoper(s.users[0]!), valoper(s.users[1]!), s.users[3]!];
    s.run("MsgBeginRedelegate", MsgBeginRedelegate.fromPartial({ delegatorAddress: d, validatorSrcAddress: a, validatorDstAddress: b, amount: wei(STOS / 2n) }), { height: 13n });
    return { s, a, b, d };
  }

  it("Redelegations: by delegator, by source validator, or the one triple (NotFound in the SDK's words)", () => {
    const { s, a, b, d } = withRedelegation();
    const redelegations = (delegatorAddr: string, srcValidatorAddr: string, dstValidatorAddr: string) =>
      s.query("Redelegations", Q.QueryRedelegationsRequest.encode({ delegatorAddr, srcValidatorAddr, dstValidatorAddr }).finish(), Q.QueryRedelegationsResponse).redelegationResponses;
    const expected = [
      {
        redelegation: {
          delegatorAddress: d,
          validatorSrcAddress: a,
          validatorDstAddress: b,
          entries: [expect.objectContaining({ creationHeight: 13n, completionTime: { seconds: T0 + UNBONDING, nanos: 0 }, initialBalance: (STOS / 2n).toString(), sharesDst: sharesOf(STOS / 2n) })],
        },
        entries: [expect.objectContaining({ balance: (STOS / 2n).toString() })],
      },
    ];
    expect(redelegations(d, "", "")).toEqual(expected);
    expect(redelegations("", a, "")).toEqual(expected);
    expect(redelegations(d, a, b)).toEqual(expected);
    expect(redelegations("", b, "")).toEqual([]);
    notFound(
      () => s.queries["/cosmos.staking.v1beta1.Query/Redelegations"]!(s.store, Q.QueryRedelegationsRequest.encode({ delegatorAddr: d, srcValidatorAddr: b, dstValidatorAddr: a }).finish()),
      /redelegation not found for delegator address st1\w+ from validator address stvaloper1\w+$/,
    );
    checkInvariants(s);
  });

  it("the REST JSON of the answers (api/staking-json.ts): Decs with 18 places, RFC 3339 times, status names", () => {
    const { s, a, b, d } = withRedelegation();
    const json = (method: string, req: Uint8Array): any => STAKING_RENDERERS[`/cosmos.staking.v1beta1.Query/${method}`]!(s.queries[`/cosmos.staking.v1beta1.Query/${method}`]!(s.store, req));
    const half = (STOS / 2n).toString();
    expect(json("Validator", Q.QueryValidatorRequest.encode({ validatorAddr: a }).finish()).validator).toMatchObject({
      operator_address: a,
      consensus_pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(nodeKey(0).publicKey).toString("base64") },
      status: "BOND_STATUS_BONDED",
      tokens: (10n * STOS + STOS / 2n).toString(),
      delegator_shares: `${10n * STOS + STOS / 2n}.000000000000000000`,
      unbonding_time: "1970-01-01T00:00:00Z",
      commission: { commission_rates: { rate: "0.100000000000000000", max_rate: "0.200000000000000000", max_change_rate: "0.010000000000000000" }, update_time: formatRfc3339(T0) },
    });
    expect(json("Delegation", Q.QueryDelegationRequest.encode({ delegatorAddr: d, validatorAddr: a }).finish())).toEqual({
      delegation_response: { delegation: { delegator_address: d, validator_address: a, shares: `${half}.000000000000000000` }, balance: { denom: "wei", amount: half } },
    });
    const byValidator = json("ValidatorDelegations", Q.QueryValidatorDelegationsRequest.encode({ validatorAddr: a }).finish()).delegation_responses;
    expect(Object.fromEntries(byValidator.map((r: any) => [r.delegation.delegator_address, r.balance.amount]))).toEqual({ [s.users[0]!]: (10n * STOS).toString(), [d]: half });
    expect(json("UnbondingDelegation", Q.QueryUnbondingDelegationRequest.encode({ delegatorAddr: d, validatorAddr: a }).finish()).unbond.entries).toEqual([
      { creation_height: "12", completion_time: formatRfc3339(T0 + UNBONDING), initial_balance: STOS.toString(), balance: STOS.toString(), unbonding_id: "1", unbonding_on_hold_ref_count: "0" },
    ]);
    const entry = { creation_height: "13", completion_time: formatRfc3339(T0 + UNBONDING), initial_balance: half, shares_dst: `${half}.000000000000000000`, unbonding_id: "2", unbonding_on_hold_ref_count: "0" };
    expect(json("Redelegations", Q.QueryRedelegationsRequest.encode({ delegatorAddr: d, srcValidatorAddr: "", dstValidatorAddr: "" }).finish()).redelegation_responses).toEqual([
      { redelegation: { delegator_address: d, validator_src_address: a, validator_dst_address: b, entries: [entry] }, entries: [{ redelegation_entry: entry, balance: half }] },
    ]);
    expect(json("Params", new Uint8Array()).params).toEqual({ unbonding_time: `${UNBONDING}s`, max_validators: 100, max_entries: 7, historical_entries: 10000, bond_denom: "wei", min_commission_rate: "0.000000000000000000" });
  });

  it("paginate: offset, limit, count_total, and no key with an offset", () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ suffix: Uint8Array.of(i), value: i }));
    const scan = () => items;
    const page = (p: { key?: Uint8Array; offset?: bigint; limit?: bigint; countTotal?: boolean }) =>
      paginate({ key: p.key ?? new Uint8Array(), offset: p.offset ?? 0n, limit: p.limit ?? 0n, countTotal: p.countTotal ?? false, reverse: false }, scan, (i) => i !== 2);
    expect(page({ limit: 2n, countTotal: true })).toEqual({ items: [0, 1], pagination: { nextKey: Uint8Array.of(3), total: 4n } });
    expect(page({ offset: 1n, limit: 10n })).toEqual({ items: [1, 3, 4], pagination: { nextKey: new Uint8Array(), total: 0n } });
    expect(() => page({ key: Uint8Array.of(1), offset: 1n })).toThrow(/either offset or key/);
  });
});
