import { Metadata } from "cosmjs-types/cosmos/bank/v1beta1/bank";
import { z } from "zod";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import { addCoins, coinsToWire, type Coin } from "../../types/coin";
import type { BankKeeper } from "./keeper";
import { checkedCoins } from "./msgs";
import { bankParamsFromJson, bankParamsJson, bankParamsToJson, DEFAULT_BANK_PARAMS, type BankParams } from "./params";

const coinJson = z.object({ denom: z.string(), amount: z.string() }).strict();

const metadataJson = z
  .object({
    description: z.string().default(""),
    denom_units: z.array(z.object({ denom: z.string(), exponent: z.number().int().min(0).max(36), aliases: z.array(z.string()).default([]) }).strict()),
    base: z.string(),
    display: z.string(),
    name: z.string().default(""),
    symbol: z.string().default(""),
    uri: z.string().default(""),
    uri_hash: z.string().default(""),
  })
  .strict();

export const bankGenesisJson = z
  .object({
    params: bankParamsJson.optional(),
    balances: z.array(z.object({ address: z.string().refine(isAccAddress, "not a valid st1... address"), coins: z.array(coinJson) }).strict()).default([]),
    supply: z.array(coinJson).default([]),
    denom_metadata: z.array(metadataJson).default([]),
    send_enabled: z.array(z.unknown()).default([]),
  })
  .strict();

/** Parsed bank genesis. */
export interface BankGenesis {
  readonly params: BankParams;
  readonly balances: readonly { address: string; coins: Coin[] }[];
  readonly supply: Coin[];
  readonly denomMetadata: Metadata[];
}

export function defaultBankGenesis(): z.input<typeof bankGenesisJson> {
  return { params: bankParamsToJson(DEFAULT_BANK_PARAMS), balances: [], supply: [], denom_metadata: [] };
}

/** Parses and checks: valid coins, no duplicate addresses, supply (if given) equals the sum of balances. */
export function validateBankGenesis(raw: unknown): BankGenesis {
  const j = bankGenesisJson.parse(raw ?? {});
  const params = j.params ? bankParamsFromJson(j.params) : DEFAULT_BANK_PARAMS;
  const seen = new Set<string>();
  const balances = j.balances.map((b) => {
    if (seen.has(b.address)) throw new Error(`bank genesis: duplicate balance for ${b.address}`);
    seen.add(b.address);
    try {
      return { address: b.address, coins: checkedCoins(b.coins) };
    } catch (e) {
      throw new Error(`bank genesis: balance of ${b.address}: ${(e as Error).message}`);
    }
  });
  const total = addCoins(...balances.map((b) => b.coins));
  let supply = total;
  if (j.supply.length > 0) {
    supply = checkedCoins(j.supply);
    const same = supply.length === total.length && supply.every((c, i) => c.denom === total[i]!.denom && c.amount === total[i]!.amount);
    if (!same) throw new Error(`bank genesis: supply ${JSON.stringify(coinsToWire(supply))} does not equal the sum of balances ${JSON.stringify(coinsToWire(total))}`);
  }
  const denomMetadata = j.denom_metadata.map((m) =>
    Metadata.fromPartial({
      description: m.description,
      denomUnits: m.denom_units,
      base: m.base,
      display: m.display,
      name: m.name,
      symbol: m.symbol,
      uri: m.uri,
      uriHash: m.uri_hash,
    }),
  );
  return { params, balances, supply, denomMetadata };
}

/** Writes balances and supply; creates an account for every funded address that has none. */
export function initBankGenesis(keeper: BankKeeper, accounts: { hasAccount(s: KVStore, a: string): boolean; newAccount(s: KVStore, a: string): unknown }, ctx: Context, g: BankGenesis): void {
  keeper.setParams(ctx.store, g.params);
  for (const b of g.balances) {
    for (const c of b.coins) keeper.initBalance(ctx.store, b.address, c);
    if (!accounts.hasAccount(ctx.store, b.address)) accounts.newAccount(ctx.store, b.address);
  }
  for (const c of g.supply) keeper.initSupply(ctx.store, c);
  for (const m of g.denomMetadata) keeper.setDenomMetadata(ctx.store, m);
}

export function exportBankGenesis(keeper: BankKeeper, store: KVStore): z.input<typeof bankGenesisJson> {
  const byAddress = new Map<string, Coin[]>();
  for (const { address, coin } of keeper.iterateAllBalances(store)) {
    const list = byAddress.get(address) ?? [];
    list.push(coin);
    byAddress.set(address, list);
  }
  return {
    params: bankParamsToJson(keeper.getParams(store)),
    balances: [...byAddress.entries()].map(([address, coins]) => ({ address, coins: coinsToWire(coins) })),
    supply: coinsToWire(keeper.getTotalSupply(store)),
    denom_metadata: keeper.getAllDenomMetadata(store).map((m) => ({
      description: m.description,
      denom_units: m.denomUnits.map((u) => ({ denom: u.denom, exponent: u.exponent, aliases: u.aliases })),
      base: m.base,
      display: m.display,
      name: m.name,
      symbol: m.symbol,
      uri: m.uri,
      uri_hash: m.uriHash,
    })),
  };
}
