import { Metadata, Params } from "cosmjs-types/cosmos/bank/v1beta1/bank";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { prefixEnd } from "../../store/bytes";
import { PrefixStore } from "../../store/prefix-store";
import { decodeAccAddress, encodeAccAddress, moduleAddress } from "../../types/address";
import { formatCoin, formatCoins, type Coin } from "../../types/coin";
import { ErrInsufficientFunds } from "../../types/errors";
import * as ev from "./events";
import type { AccountKeeper } from "./expected-keepers";
import {
  accountBalancesPrefix,
  BALANCES_PREFIX,
  balanceKey,
  decodeAmount,
  denomFromSuffix,
  denomMetadataKey,
  DENOM_METADATA_PREFIX,
  encodeAmount,
  PARAMS_KEY,
  parseBalanceKey,
  STORE_PREFIX,
  SUPPLY_PREFIX,
  supplyKey,
} from "./keys";
import { DEFAULT_BANK_PARAMS, type BankParams } from "./params";

/** Decoded params by the identity of their stored bytes (see the same memo in auth). */
const paramsMemo = new WeakMap<Uint8Array, BankParams>();

/** Read-only bank access, handed to modules that only look at balances. */
export interface BankViewKeeper {
  getBalance(store: KVStore, address: string, denom: string): Coin;
  getAllBalances(store: KVStore, address: string): Coin[];
}

/**
 * The only code that touches the `bank/` prefix. Transfers emit the Cosmos SDK's events
 * (`coin_spent`, `coin_received`, `transfer`, `message`) in its order.
 */
export class BankKeeper implements BankViewKeeper {
  /** Module accounts that must not receive funds through MsgSend (x/bank BlockedAddrs). */
  private readonly blocked = new Set<string>();

  constructor(private readonly accounts: AccountKeeper) {}

  /** Marks a module account as unable to receive user sends. */
  blockModuleAccount(name: string): void {
    this.blocked.add(encodeAccAddress(moduleAddress(name)));
  }

  isBlocked(address: string): boolean {
    return this.blocked.has(address);
  }

  private view(store: KVStore): PrefixStore {
    return new PrefixStore(store, STORE_PREFIX);
  }

  getBalance(store: KVStore, address: string, denom: string): Coin {
    const raw = this.view(store).get(balanceKey(decodeAccAddress(address), denom));
    return { denom, amount: raw ? decodeAmount(raw) : 0n };
  }

  getAllBalances(store: KVStore, address: string): Coin[] {
    const prefix = accountBalancesPrefix(decodeAccAddress(address));
    const end = prefixEnd(prefix);
    const out: Coin[] = [];
    for (const [k, v] of this.view(store).iterate({ start: prefix, ...(end ? { end } : {}) })) {
      out.push({ denom: parseBalanceKey(k).denom, amount: decodeAmount(v) });
    }
    return out;
  }

  /** Every non-zero balance, in (address bytes, denom) order. */
  *iterateAllBalances(store: KVStore): IterableIterator<{ address: string; coin: Coin }> {
    for (const [k, v] of this.view(store).iterate({ start: Uint8Array.of(BALANCES_PREFIX), end: Uint8Array.of(BALANCES_PREFIX + 1) })) {
      const { address, denom } = parseBalanceKey(k);
      yield { address: encodeAccAddress(address), coin: { denom, amount: decodeAmount(v) } };
    }
  }

  private setBalance(store: KVStore, address: string, coin: Coin): void {
    const key = balanceKey(decodeAccAddress(address), coin.denom);
    if (coin.amount === 0n) this.view(store).delete(key);
    else this.view(store).set(key, encodeAmount(coin.amount));
  }

  getSupply(store: KVStore, denom: string): Coin {
    const raw = this.view(store).get(supplyKey(denom));
    return { denom, amount: raw ? decodeAmount(raw) : 0n };
  }

  getTotalSupply(store: KVStore): Coin[] {
    const out: Coin[] = [];
    for (const [k, v] of this.view(store).iterate({ start: Uint8Array.of(SUPPLY_PREFIX), end: Uint8Array.of(SUPPLY_PREFIX + 1) })) {
      out.push({ denom: denomFromSuffix(k), amount: decodeAmount(v) });
    }
    return out;
  }

  private setSupply(store: KVStore, coin: Coin): void {
    if (coin.amount === 0n) this.view(store).delete(supplyKey(coin.denom));
    else this.view(store).set(supplyKey(coin.denom), encodeAmount(coin.amount));
  }

  getParams(store: KVStore): BankParams {
    const raw = this.view(store).get(PARAMS_KEY);
    if (!raw) return DEFAULT_BANK_PARAMS;
    const memo = paramsMemo.get(raw);
    if (memo) return memo;
    const p = Params.decode(raw);
    const params: BankParams = { defaultSendEnabled: p.defaultSendEnabled, sendEnabled: p.sendEnabled };
    paramsMemo.set(raw, params);
    return params;
  }

  setParams(store: KVStore, params: BankParams): void {
    this.view(store).set(PARAMS_KEY, Params.encode(Params.fromPartial({ defaultSendEnabled: params.defaultSendEnabled, sendEnabled: [...params.sendEnabled] })).finish());
  }

  getDenomMetadata(store: KVStore, denom: string): Metadata | undefined {
    const raw = this.view(store).get(denomMetadataKey(denom));
    return raw ? Metadata.decode(raw) : undefined;
  }

  setDenomMetadata(store: KVStore, metadata: Metadata): void {
    this.view(store).set(denomMetadataKey(metadata.base), Metadata.encode(metadata).finish());
  }

  getAllDenomMetadata(store: KVStore): Metadata[] {
    const out: Metadata[] = [];
    for (const [, v] of this.view(store).iterate({ start: Uint8Array.of(DENOM_METADATA_PREFIX), end: Uint8Array.of(DENOM_METADATA_PREFIX + 1) })) {
      out.push(Metadata.decode(v));
    }
    return out;
  }

  /** Subtracts coins; fails with `spendable balance X is smaller than Y: insufficient funds`. */
  private subUnlockedCoins(ctx: Context, address: string, coins: readonly Coin[]): void {
    for (const coin of coins) {
      const balance = this.getBalance(ctx.store, address, coin.denom);
      if (balance.amount < coin.amount) {
        throw ErrInsufficientFunds.wrap(`spendable balance ${formatCoin(balance)} is smaller than ${formatCoin(coin)}`);
      }
      this.setBalance(ctx.store, address, { denom: coin.denom, amount: balance.amount - coin.amount });
    }
    ctx.events.emit(ev.EVENT_COIN_SPENT, [
      [ev.ATTR_SPENDER, address],
      [ev.ATTR_AMOUNT, formatCoins(coins)],
    ]);
  }

  private addCoins(ctx: Context, address: string, coins: readonly Coin[]): void {
    for (const coin of coins) {
      const balance = this.getBalance(ctx.store, address, coin.denom);
      this.setBalance(ctx.store, address, { denom: coin.denom, amount: balance.amount + coin.amount });
    }
    ctx.events.emit(ev.EVENT_COIN_RECEIVED, [
      [ev.ATTR_RECEIVER, address],
      [ev.ATTR_AMOUNT, formatCoins(coins)],
    ]);
  }

  /** Moves coins between accounts, creating the recipient account if it is new (as x/bank does). */
  sendCoins(ctx: Context, from: string, to: string, coins: readonly Coin[]): void {
    this.subUnlockedCoins(ctx, from, coins);
    this.addCoins(ctx, to, coins);
    if (!this.accounts.hasAccount(ctx.store, to)) this.accounts.newAccount(ctx.store, to);
    ctx.events.emit(ev.EVENT_TRANSFER, [
      [ev.ATTR_RECIPIENT, to],
      [ev.ATTR_SENDER, from],
      [ev.ATTR_AMOUNT, formatCoins(coins)],
    ]);
    ctx.events.emit(ev.EVENT_MESSAGE, [[ev.ATTR_SENDER, from]]);
  }

  /** MsgMultiSend: one input, many outputs; the caller has checked that the sums match. */
  inputOutputCoins(ctx: Context, input: { address: string; coins: readonly Coin[] }, outputs: readonly { address: string; coins: readonly Coin[] }[]): void {
    this.subUnlockedCoins(ctx, input.address, input.coins);
    ctx.events.emit(ev.EVENT_MESSAGE, [[ev.ATTR_SENDER, input.address]]);
    for (const out of outputs) {
      this.addCoins(ctx, out.address, out.coins);
      ctx.events.emit(ev.EVENT_TRANSFER, [
        [ev.ATTR_RECIPIENT, out.address],
        [ev.ATTR_SENDER, input.address],
        [ev.ATTR_AMOUNT, formatCoins(out.coins)],
      ]);
      if (!this.accounts.hasAccount(ctx.store, out.address)) this.accounts.newAccount(ctx.store, out.address);
    }
  }

  /** Account -> module account (fees, escrow). */
  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: readonly Coin[]): void {
    const address = this.accounts.moduleAccountAddress(moduleName);
    if (!this.accounts.hasAccount(ctx.store, address)) this.accounts.getOrCreateModuleAccount(ctx.store, moduleName);
    this.sendCoins(ctx, from, address, coins);
  }

  /** Module account -> account (payouts: deposits returned, rewards withdrawn). */
  sendCoinsFromModuleToAccount(ctx: Context, moduleName: string, to: string, coins: readonly Coin[]): void {
    this.sendCoins(ctx, this.accounts.moduleAccountAddress(moduleName), to, coins);
  }

  /** Module account -> module account (pool moves); the recipient is created if missing. */
  sendCoinsFromModuleToModule(ctx: Context, fromModule: string, toModule: string, coins: readonly Coin[]): void {
    const to = this.accounts.moduleAccountAddress(toModule);
    if (!this.accounts.hasAccount(ctx.store, to)) this.accounts.getOrCreateModuleAccount(ctx.store, toModule);
    this.sendCoins(ctx, this.accounts.moduleAccountAddress(fromModule), to, coins);
  }

  /** Balance of a module account in one denom. */
  getModuleBalance(store: KVStore, moduleName: string, denom: string): bigint {
    return this.getBalance(store, this.accounts.moduleAccountAddress(moduleName), denom).amount;
  }

  /** Writes a balance directly (genesis import; supply is set separately and checked). */
  initBalance(store: KVStore, address: string, coin: Coin): void {
    this.setBalance(store, address, coin);
  }

  initSupply(store: KVStore, coin: Coin): void {
    this.setSupply(store, coin);
  }
}
