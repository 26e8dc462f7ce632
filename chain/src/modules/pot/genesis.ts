import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import { CoinError, type Coin } from "../../types/coin";
import { ChainError } from "../../types/errors";
import { fromWire, toWire, type WireCoin } from "./coins";
import type { PotKeeper } from "./keeper";
import { MAX_EPOCH } from "./keys";
import { DEFAULT_POT_PARAMS, potParamsFromProto, potParamsToJson, validatePotParams, type PotParams } from "./params";

type Reward = stratos.pot.v1.Reward;
type TotalReward = stratos.pot.v1.TotalReward;

/** Parsed and checked pot genesis. */
export interface PotGenesis {
  readonly params: PotParams;
  readonly totalMinedToken: bigint;
  readonly lastDistributedEpoch: bigint;
  readonly maturedEpoch: bigint;
  readonly immatureTotals: readonly { wallet: string; value: Coin[] }[];
  readonly matureTotals: readonly { wallet: string; value: Coin[] }[];
  readonly individualRewards: readonly Reward[];
  readonly rewardTotals: readonly { epoch: bigint; total: TotalReward }[];
}

function fail(msg: string): never {
  throw new Error(`pot genesis: ${msg}`);
}

function intField(s: string, what: string): bigint {
  if (s === "") return 0n;
  if (!/^[0-9]{1,78}$/.test(s)) fail(`${what}: ${JSON.stringify(s)} is not a non-negative integer`);
  const n = BigInt(s);
  if (n > MAX_EPOCH) fail(`${what}: ${n} is out of range`);
  return n;
}

function coins(wire: readonly WireCoin[], what: string): Coin[] {
  try {
    const c = fromWire(wire);
    if (c.some((x) => x.amount < 0n)) fail(`${what}: negative amount`);
    return c;
  } catch (e) {
    if (e instanceof CoinError) fail(`${what}: ${e.message}`);
    throw e;
  }
}

function wallet(address: string, what: string): string {
  if (!isAccAddress(address)) fail(`${what}: invalid wallet address ${JSON.stringify(address)}`);
  return address;
}

/** Default genesis: default params and an empty ledger. */
export function defaultPotGenesis(): Record<string, unknown> {
  return {
    params: potParamsToJson(DEFAULT_POT_PARAMS),
    total_mined_token: { denom: DEFAULT_POT_PARAMS.rewardDenom, amount: "0" },
    last_distributed_epoch: "0",
    immature_total_info: [],
    mature_total_info: [],
    individual_reward_info: [],
    matured_epoch: "0",
    reward_total_info: [],
  };
}

/**
 * Parses the section as proto3 JSON (`stratos.pot.v1.GenesisState.fromJSON`; snake_case and
 * camelCase names both work) and checks it. Params fields that are left out take their defaults
 * (so a Stratos genesis without `epoch_length` gets 100, and `{"params": {"epoch_length": "10"}}`
 * is enough to change one).
 */
export function validatePotGenesis(raw: unknown): PotGenesis {
  const obj = (raw ?? {}) as Record<string, unknown>;
  if (typeof obj !== "object" || Array.isArray(obj)) fail("must be a JSON object");
  const rawParams = obj["params"];
  if (rawParams !== undefined && rawParams !== null && (typeof rawParams !== "object" || Array.isArray(rawParams))) fail("params must be a JSON object");
  // Fields left out of `params` take their defaults (a Stratos genesis has no epoch_length).
  const g = stratos.pot.v1.GenesisState.fromJSON({ ...obj, params: { ...potParamsToJson(DEFAULT_POT_PARAMS), ...(rawParams as object | undefined) } });
  let params: PotParams;
  try {
    params = potParamsFromProto(g.params!);
    validatePotParams(params);
  } catch (e) {
    if (e instanceof ChainError) fail(`params: ${e.message}`);
    throw e;
  }
  let totalMinedToken = 0n;
  if (g.totalMinedToken) {
    const [c] = coins([g.totalMinedToken].filter((x) => x.amount !== "0" && x.amount !== ""), "total_mined_token");
    if (c && c.denom !== params.rewardDenom) fail(`total_mined_token must be in the reward denom ${params.rewardDenom}, got ${c.denom}`);
    totalMinedToken = c?.amount ?? 0n;
  }
  const totals = (list: readonly { walletAddress: string; value: WireCoin[] }[], what: string) => {
    const seen = new Set<string>();
    return list.map((t, i) => {
      const w = wallet(t.walletAddress, `${what}[${i}]`);
      if (seen.has(w)) fail(`${what}: duplicate wallet ${w}`);
      seen.add(w);
      return { wallet: w, value: coins(t.value, `${what}[${i}]`) };
    });
  };
  const seenRewards = new Set<string>();
  const individualRewards = g.individualRewardInfo.map((r, i) => {
    const w = wallet(r.walletAddress, `individual_reward_info[${i}]`);
    if (seenRewards.has(w)) fail(`individual_reward_info: duplicate wallet ${w}`);
    seenRewards.add(w);
    return {
      walletAddress: w,
      rewardFromMiningPool: toWire(coins(r.rewardFromMiningPool, `individual_reward_info[${i}].reward_from_mining_pool`)),
      rewardFromTrafficPool: toWire(coins(r.rewardFromTrafficPool, `individual_reward_info[${i}].reward_from_traffic_pool`)),
    };
  });
  const seenEpochs = new Set<bigint>();
  const rewardTotals = g.rewardTotalInfo.map((t, i) => {
    const epoch = intField(t.epoch, `reward_total_info[${i}].epoch`);
    if (epoch <= 0n) fail(`reward_total_info[${i}]: epoch must be positive`);
    if (seenEpochs.has(epoch)) fail(`reward_total_info: duplicate epoch ${epoch}`);
    seenEpochs.add(epoch);
    const tr = t.totalReward ?? { miningReward: [], trafficReward: [] };
    return {
      epoch,
      total: {
        miningReward: toWire(coins(tr.miningReward, `reward_total_info[${i}].mining_reward`)),
        trafficReward: toWire(coins(tr.trafficReward, `reward_total_info[${i}].traffic_reward`)),
      },
    };
  });
  return {
    params,
    totalMinedToken,
    lastDistributedEpoch: intField(g.lastDistributedEpoch, "last_distributed_epoch"),
    maturedEpoch: intField(g.maturedEpoch, "matured_epoch"),
    immatureTotals: totals(g.immatureTotalInfo, "immature_total_info"),
    matureTotals: totals(g.matureTotalInfo, "mature_total_info"),
    individualRewards,
    rewardTotals,
  };
}

/**
 * Writes the section. Individual rewards are keyed at `last_distributed_epoch + mature_epoch`
 * (as Stratos does). Like Stratos, refuses a bank supply of the bond denom above
 * `initial_total_supply` (bank genesis runs first).
 */
export function initPotGenesis(keeper: PotKeeper, ctx: Context, g: PotGenesis): void {
  const store = ctx.store;
  keeper.setParams(store, g.params);
  const supply = keeper.bankSupply(store, g.params.bondDenom);
  if (supply > g.params.initialTotalSupply.amount) {
    fail(`bank supply ${supply}${g.params.bondDenom} exceeds initial_total_supply ${g.params.initialTotalSupply.amount}${g.params.initialTotalSupply.denom}`);
  }
  keeper.setTotalMinedToken(store, g.totalMinedToken);
  keeper.setLastDistributedEpoch(store, g.lastDistributedEpoch);
  keeper.setMaturedEpoch(store, g.maturedEpoch);
  for (const t of g.immatureTotals) keeper.setImmatureTotal(store, t.wallet, t.value);
  for (const t of g.matureTotals) keeper.setMatureTotal(store, t.wallet, t.value);
  const matureEpoch = g.lastDistributedEpoch + g.params.matureEpoch;
  for (const r of g.individualRewards) keeper.setIndividualReward(store, matureEpoch, r);
  for (const t of g.rewardTotals) keeper.setTotalReward(store, t.epoch, t.total);
}

/**
 * Exports the section (snake_case proto3 JSON). Pending individual rewards of one wallet under
 * several mature epochs are summed into one entry, since import re-keys them all at one epoch.
 */
export function exportPotGenesis(keeper: PotKeeper, store: KVStore): Record<string, unknown> {
  const params = keeper.getParams(store);
  const individual = new Map<string, { mining: Coin[]; traffic: Coin[] }>();
  for (const { reward } of keeper.iterateAllIndividualRewards(store)) {
    const cur = individual.get(reward.walletAddress) ?? { mining: [], traffic: [] };
    individual.set(reward.walletAddress, {
      mining: fromWire([...toWire(cur.mining), ...reward.rewardFromMiningPool]),
      traffic: fromWire([...toWire(cur.traffic), ...reward.rewardFromTrafficPool]),
    });
  }
  const byWallet = [...individual.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    params: potParamsToJson(params),
    total_mined_token: { denom: params.rewardDenom, amount: keeper.getTotalMinedToken(store).toString() },
    last_distributed_epoch: keeper.getLastDistributedEpoch(store).toString(),
    immature_total_info: [...keeper.iterateImmatureTotals(store)].map((t) => ({ wallet_address: t.wallet, value: toWire(t.value) })),
    mature_total_info: [...keeper.iterateMatureTotals(store)].map((t) => ({ wallet_address: t.wallet, value: toWire(t.value) })),
    individual_reward_info: byWallet.map(([w, r]) => ({ wallet_address: w, reward_from_mining_pool: toWire(r.mining), reward_from_traffic_pool: toWire(r.traffic) })),
    matured_epoch: keeper.getMaturedEpoch(store).toString(),
    reward_total_info: [...keeper.iterateTotalRewards(store)].map(({ epoch, total }) => ({
      epoch: epoch.toString(),
      total_reward: { mining_reward: total.miningReward, traffic_reward: total.trafficReward },
    })),
  };
}
