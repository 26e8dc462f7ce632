import { stratos } from "@stratos/proto";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import { Dec } from "../../types/dec";
import { DEFAULT_DEPOSIT_NOZ_RATE } from "../../economics/ozone";
import { META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL, RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL } from "../../types/module-accounts";
import type { RegisterKeeper } from "./keeper";
import type { BankKeeper } from "./expected-keepers";
import { BondStatus, isValidNodeType } from "./node-status";
import { DEFAULT_REGISTER_PARAMS, registerParamsFromProto, validateRegisterParams, type RegisterParams } from "./params";
import { ED25519_PUBKEY_TYPE_URL, ed25519KeyFromAny, sdsAddressOfKey } from "./pubkey";

const G = stratos.register.v1;
type GenesisState = stratos.register.v1.GenesisState;

/** The validated register genesis. */
export interface RegisterGenesis {
  readonly params: RegisterParams;
  readonly state: GenesisState;
  readonly depositNozRate: Dec;
  readonly remainingNozLimit: bigint;
}

type Json = Record<string, unknown>;

/** Proto3 JSON durations are `"1209600s"`; the generated decoder wants `{seconds}`. */
function durationIn(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const m = /^([0-9]+)(?:\.0+)?s$/.exec(v);
  if (!m) throw new RangeError(`invalid duration ${JSON.stringify(v)} (expected e.g. "1209600s")`);
  return { seconds: m[1] };
}

/** Proto3 JSON Any of an ed25519 key is `{"@type", "key"}`; the generated decoder wants `{typeUrl, value}`. */
function pubkeyIn(v: unknown): unknown {
  if (!v || typeof v !== "object" || !("@type" in v)) return v;
  const any = v as { "@type": string; key?: string };
  if (any["@type"] !== ED25519_PUBKEY_TYPE_URL) throw new RangeError(`node pubkeys must be ${ED25519_PUBKEY_TYPE_URL}`);
  const key = Buffer.from(any.key ?? "", "base64");
  return { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Buffer.from(Ed25519PubKey.encode({ key }).finish()).toString("base64") };
}

function pubkeyOut(any: { typeUrl: string; value: Uint8Array } | undefined): unknown {
  if (!any) return undefined;
  return { "@type": any.typeUrl, key: Buffer.from(ed25519KeyFromAny(any)).toString("base64") };
}

function normalize(raw: Json): Json {
  const params = raw["params"] as Json | undefined;
  const fixNodes = (list: unknown) => (Array.isArray(list) ? list.map((n: Json) => ({ ...n, pubkey: pubkeyIn(n["pubkey"]) })) : list);
  return {
    ...raw,
    ...(params
      ? {
          params: {
            ...params,
            unbonding_threashold_time: durationIn(params["unbonding_threashold_time"] ?? params["unbondingThreasholdTime"]),
            unbonding_completion_time: durationIn(params["unbonding_completion_time"] ?? params["unbondingCompletionTime"]),
            voting_period: durationIn(params["voting_period"] ?? params["votingPeriod"]),
          },
        }
      : {}),
    resource_nodes: fixNodes(raw["resource_nodes"] ?? raw["resourceNodes"]),
    meta_nodes: fixNodes(raw["meta_nodes"] ?? raw["metaNodes"]),
  };
}

export function defaultRegisterGenesis(): Json {
  return {
    params: paramsJson(DEFAULT_REGISTER_PARAMS),
    resource_nodes: [],
    meta_nodes: [],
    remaining_noz_limit: "0",
    slashing: [],
    deposit_noz_rate: DEFAULT_DEPOSIT_NOZ_RATE.toString(),
    meta_node_reg_vote_pool: [],
    unbonding_nodes: [],
    kick_meta_node_vote_pool: [],
  };
}

function paramsJson(p: RegisterParams): Json {
  return {
    bond_denom: p.bondDenom,
    unbonding_threashold_time: `${p.unbondingThresholdSeconds}s`,
    unbonding_completion_time: `${p.unbondingCompletionSeconds}s`,
    max_entries: p.maxEntries,
    resource_node_reg_enabled: p.resourceNodeRegEnabled,
    resource_node_min_deposit: { denom: p.resourceNodeMinDeposit.denom, amount: p.resourceNodeMinDeposit.amount.toString() },
    voting_period: `${p.votingPeriodSeconds}s`,
  };
}

const INT = /^[0-9]+$/;

/** Parses and checks the register section; throws an Error naming the first problem. */
export function validateRegisterGenesis(raw: unknown): RegisterGenesis {
  const src = (raw ?? defaultRegisterGenesis()) as Json;
  if (typeof src !== "object" || Array.isArray(src)) throw new Error("register genesis must be an object");
  const state = G.GenesisState.fromJSON(normalize(src));
  if (!state.params) throw new Error("register genesis: params are required");
  const params = registerParamsFromProto(state.params);
  const problem = validateRegisterParams(params);
  if (problem) throw new Error(`register genesis params: ${problem}`);
  let depositNozRate: Dec;
  try {
    depositNozRate = state.depositNozRate ? Dec.parse(state.depositNozRate) : DEFAULT_DEPOSIT_NOZ_RATE;
  } catch (e) {
    throw new Error(`register genesis: deposit_noz_rate: ${(e as Error).message}`);
  }
  if (depositNozRate.cmp(Dec.ZERO) <= 0) throw new Error("register genesis: deposit_noz_rate must be positive");
  const limit = state.remainingNozLimit || "0";
  if (!INT.test(limit)) throw new Error("register genesis: remaining_noz_limit must be a non-negative integer");
  const seen = new Set<string>();
  const checkNode = (n: { networkAddress: string; pubkey?: { typeUrl: string; value: Uint8Array } | undefined; ownerAddress: string; tokens: string; status: BondStatus }, kind: string) => {
    let key: Uint8Array;
    try {
      key = ed25519KeyFromAny(n.pubkey);
    } catch (e) {
      throw new Error(`register genesis: ${kind} ${n.networkAddress}: ${(e as Error).message}`);
    }
    if (sdsAddressOfKey(key) !== n.networkAddress) throw new Error(`register genesis: ${kind} ${n.networkAddress} is not the address of its pubkey`);
    if (seen.has(n.networkAddress)) throw new Error(`register genesis: duplicate node ${n.networkAddress}`);
    seen.add(n.networkAddress);
    if (!isAccAddress(n.ownerAddress)) throw new Error(`register genesis: ${kind} ${n.networkAddress} has an invalid owner`);
    if (!INT.test(n.tokens || "0")) throw new Error(`register genesis: ${kind} ${n.networkAddress} has invalid tokens`);
    if (n.status === BondStatus.BOND_STATUS_UNSPECIFIED) throw new Error(`register genesis: ${kind} ${n.networkAddress} has no status`);
  };
  for (const n of state.resourceNodes) {
    checkNode(n, "resource node");
    if (!isValidNodeType(n.nodeType)) throw new Error(`register genesis: resource node ${n.networkAddress} has invalid node type ${n.nodeType}`);
    if (!INT.test(n.effectiveTokens || "0") || BigInt(n.effectiveTokens || "0") > BigInt(n.tokens || "0")) throw new Error(`register genesis: resource node ${n.networkAddress} has invalid effective tokens`);
  }
  for (const n of state.metaNodes) checkNode(n, "meta node");
  for (const s of state.slashing) {
    if (!isAccAddress(s.walletAddress) || s.value < 0n) throw new Error(`register genesis: invalid slashing entry for ${s.walletAddress}`);
  }
  return { params, state, depositNozRate, remainingNozLimit: BigInt(limit) };
}

/** Section 1.4 "Genesis initialisation", with the escrow move done only on a fresh start. */
export function initRegisterGenesis(keeper: RegisterKeeper, bank: BankKeeper, ctx: Context, g: RegisterGenesis): void {
  const store = ctx.store;
  const denom = g.params.bondDenom;
  keeper.setParams(store, g.params);
  keeper.setDepositNozRate(store, g.depositNozRate);
  const pools = [RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL, META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL];
  const fresh = pools.every((p) => bank.getModuleBalance(store, p, denom) === 0n);
  let initialDeposit = 0n;
  let bondedRn = 0n;
  let bondedMn = 0n;
  const escrow = (owner: string, tokens: bigint, status: BondStatus, bonded: string, notBonded: string) => {
    if (!fresh || tokens === 0n) return;
    bank.sendCoinsFromAccountToModule(ctx, owner, status === BondStatus.BOND_STATUS_UNBONDED ? notBonded : bonded, [{ denom, amount: tokens }]);
  };
  for (const n of g.state.resourceNodes) {
    const node = { ...n, beneficiaryAddress: n.beneficiaryAddress || n.ownerAddress, tokens: n.tokens || "0", effectiveTokens: n.effectiveTokens || "0" };
    escrow(node.ownerAddress, BigInt(node.tokens), node.status, RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL);
    if (node.status === BondStatus.BOND_STATUS_BONDED) {
      bondedRn++;
      if (!node.suspend) initialDeposit += BigInt(node.effectiveTokens);
    }
    keeper.setResourceNode(store, node);
  }
  for (const n of g.state.metaNodes) {
    const node = { ...n, beneficiaryAddress: n.beneficiaryAddress || n.ownerAddress, tokens: n.tokens || "0" };
    escrow(node.ownerAddress, BigInt(node.tokens), node.status, META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL);
    if (node.status === BondStatus.BOND_STATUS_BONDED) {
      bondedMn++;
      if (!node.suspend) initialDeposit += BigInt(node.tokens);
    }
    keeper.setMetaNode(store, node);
  }
  keeper.setEffectiveTotalDeposit(store, initialDeposit);
  const Pt = keeper.getTotalUnissuedPrepay(store);
  keeper.setRemainingOzoneLimit(store, fresh && Pt === 0n ? Dec.fromInt(initialDeposit).quo(g.depositNozRate).truncate() : g.remainingNozLimit);
  keeper.setBondedResourceNodeCount(store, bondedRn);
  keeper.setBondedMetaNodeCount(store, bondedMn);
  for (const s of g.state.slashing) keeper.setSlashing(store, s.walletAddress, s.value);
  for (const p of g.state.metaNodeRegVotePool) keeper.setRegVotePool(store, p);
  for (const p of g.state.kickMetaNodeVotePool) keeper.setKickVotePool(store, p);
  for (const u of g.state.unbondingNodes) {
    keeper.setUnbondingNode(store, u);
    for (const e of u.entries) keeper.enqueueUnbonding(store, e.completionTime?.seconds ?? 0n, u.networkAddr);
  }
}

/** Current state in genesis form (proto3 JSON, snake_case, durations as "Ns", pubkeys as {"@type", key}). */
export function exportRegisterGenesis(keeper: RegisterKeeper, store: KVStore): Json {
  const nodeJson = (n: { pubkey?: { typeUrl: string; value: Uint8Array } | undefined }, json: unknown) => ({ ...(json as Json), pubkey: pubkeyOut(n.pubkey) });
  return {
    params: paramsJson(keeper.getParams(store)),
    resource_nodes: [...keeper.iterateResourceNodes(store)].map((n) => nodeJson(n, G.ResourceNode.toJSON(n))),
    meta_nodes: [...keeper.iterateMetaNodes(store)].map((n) => nodeJson(n, G.MetaNode.toJSON(n))),
    remaining_noz_limit: keeper.getRemainingOzoneLimit(store).toString(),
    slashing: [...keeper.iterateSlashing(store)].map((s) => ({ wallet_address: s.wallet, value: s.amount.toString() })),
    deposit_noz_rate: keeper.getDepositNozRate(store).toString(),
    meta_node_reg_vote_pool: [...keeper.iterateRegVotePools(store)].map((p) => G.MetaNodeRegistrationVotePool.toJSON(p)),
    unbonding_nodes: [...keeper.iterateUnbondingNodes(store)].map((u) => G.UnbondingNode.toJSON(u)),
    kick_meta_node_vote_pool: [...keeper.iterateKickVotePools(store)].map((p) => G.KickMetaNodeVotePool.toJSON(p)),
  };
}

