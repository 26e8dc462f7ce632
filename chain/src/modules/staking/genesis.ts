import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import {
  BondStatus,
  bondStatusToJSON,
  type Delegation,
  type Redelegation,
  type RedelegationEntry,
  type UnbondingDelegation,
  type UnbondingDelegationEntry,
  type Validator,
} from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import { z } from "zod";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import { ChainError } from "../../types/errors";
import { Dec } from "../../types/dec";
import { BONDED_TOKENS_POOL, NOT_BONDED_TOKENS_POOL } from "../../types/module-accounts";
import { formatRfc3339, parseDurationSeconds, parseRfc3339 } from "../../types/time";
import type { BankKeeper } from "./expected-keepers";
import { validateCommissionRates, type StakingKeeper } from "./keeper";
import { accBytes, valBytes } from "./keys";
import { decFromWire, decToWire, DEFAULT_STAKING_PARAMS, stakingParamsToJson, validateStakingParams, type StakingParams } from "./params";
import { abciUpdate, consensusAddress, consensusKey, ED25519_PUBKEY_TYPE_URL, sharesOf, tokensOf } from "./validator";

/**
 * Staking genesis in the Cosmos SDK's JSON (what `export` writes and a genesis.json holds):
 * snake_case, Dec as `"1.000000000000000000"`, times RFC 3339 (whole seconds), durations
 * `"1814400s"`, consensus keys `{"@type": "/cosmos.crypto.ed25519.PubKey", "key": b64}`.
 */
const INT = /^[0-9]{1,78}$/;
const intJson = z.string().regex(INT, "expected a non-negative integer string");
const int64Json = z.union([z.string().regex(/^-?[0-9]{1,19}$/), z.number().int()]).transform((v) => BigInt(v));
const decJson = z.string();
const timeJson = z.string();
const ZERO_TIME = "1970-01-01T00:00:00Z";
const STATUS_NAMES = ["BOND_STATUS_UNBONDED", "BOND_STATUS_UNBONDING", "BOND_STATUS_BONDED"] as const;

const descriptionJson = z
  .object({
    moniker: z.string().default(""),
    identity: z.string().default(""),
    website: z.string().default(""),
    security_contact: z.string().default(""),
    details: z.string().default(""),
  })
  .strict();

const validatorJson = z
  .object({
    operator_address: z.string(),
    consensus_pubkey: z.object({ "@type": z.literal(ED25519_PUBKEY_TYPE_URL), key: z.string() }).strict(),
    jailed: z.boolean().default(false),
    status: z.enum(STATUS_NAMES),
    tokens: intJson,
    delegator_shares: decJson,
    description: descriptionJson.default({ moniker: "", identity: "", website: "", security_contact: "", details: "" }),
    unbonding_height: int64Json.default(0n),
    unbonding_time: timeJson.default(ZERO_TIME),
    commission: z
      .object({
        commission_rates: z.object({ rate: decJson, max_rate: decJson, max_change_rate: decJson }).strict(),
        update_time: timeJson.default(ZERO_TIME),
      })
      .strict(),
    min_self_delegation: intJson.default("1"),
    unbonding_on_hold_ref_count: int64Json.default(0n),
    unbonding_ids: z.array(int64Json).default([]),
  })
  .strict();

const delegationJson = z.object({ delegator_address: z.string(), validator_address: z.string(), shares: decJson }).strict();

const ubdEntryJson = z
  .object({
    creation_height: int64Json,
    completion_time: timeJson,
    initial_balance: intJson,
    balance: intJson,
    unbonding_id: int64Json.default(0n),
    unbonding_on_hold_ref_count: int64Json.default(0n),
  })
  .strict();

const redEntryJson = z
  .object({
    creation_height: int64Json,
    completion_time: timeJson,
    initial_balance: intJson,
    shares_dst: decJson,
    unbonding_id: int64Json.default(0n),
    unbonding_on_hold_ref_count: int64Json.default(0n),
  })
  .strict();

const paramsJson = z
  .object({
    unbonding_time: z.string(),
    max_validators: z.number().int(),
    max_entries: z.number().int(),
    historical_entries: z.number().int().default(DEFAULT_STAKING_PARAMS.historicalEntries),
    bond_denom: z.string(),
    min_commission_rate: decJson.default("0"),
  })
  .strict();

export const stakingGenesisJson = z
  .object({
    params: paramsJson.optional(),
    last_total_power: intJson.default("0"),
    last_validator_powers: z.array(z.object({ address: z.string(), power: int64Json }).strict()).default([]),
    validators: z.array(validatorJson).default([]),
    delegations: z.array(delegationJson).default([]),
    unbonding_delegations: z.array(z.object({ delegator_address: z.string(), validator_address: z.string(), entries: z.array(ubdEntryJson) }).strict()).default([]),
    redelegations: z
      .array(z.object({ delegator_address: z.string(), validator_src_address: z.string(), validator_dst_address: z.string(), entries: z.array(redEntryJson) }).strict())
      .default([]),
    exported: z.boolean().default(false),
  })
  .strict();

/** The validated staking genesis (protobuf types, Decs in wire form). */
export interface StakingGenesis {
  readonly params: StakingParams;
  readonly lastTotalPower: bigint;
  readonly lastValidatorPowers: readonly { readonly address: string; readonly power: bigint }[];
  readonly validators: readonly Validator[];
  readonly delegations: readonly Delegation[];
  readonly unbondingDelegations: readonly UnbondingDelegation[];
  readonly redelegations: readonly Redelegation[];
  /** True for a genesis exported from a running chain: CometBFT gets `last_validator_powers` as they are. */
  readonly exported: boolean;
}

export function defaultStakingGenesis(): z.input<typeof stakingGenesisJson> {
  return { params: stakingParamsToJson(DEFAULT_STAKING_PARAMS), last_total_power: "0", last_validator_powers: [], validators: [], delegations: [], unbonding_delegations: [], redelegations: [], exported: false };
}

function fail(message: string): never {
  throw new Error(`staking genesis: ${message}`);
}

function dec(text: string, what: string): Dec {
  try {
    return Dec.parse(text);
  } catch (e) {
    return fail(`${what}: ${(e as Error).message}`);
  }
}

function time(text: string, what: string): bigint {
  try {
    return parseRfc3339(text);
  } catch (e) {
    return fail(`${what}: ${(e as Error).message}`);
  }
}

function requireValoper(address: string, what: string): void {
  try {
    valBytes(address);
  } catch (e) {
    fail(`${what} ${JSON.stringify(address)}: ${(e as Error).message}`);
  }
}

function requireAccount(address: string, what: string): void {
  if (!isAccAddress(address)) fail(`${what} ${JSON.stringify(address)} is not a valid st1... address`);
}

const STATUS: Record<string, BondStatus> = {
  BOND_STATUS_UNBONDED: BondStatus.BOND_STATUS_UNBONDED,
  BOND_STATUS_UNBONDING: BondStatus.BOND_STATUS_UNBONDING,
  BOND_STATUS_BONDED: BondStatus.BOND_STATUS_BONDED,
};

/**
 * Parses and checks the staking section: valid params and addresses, unique operators and
 * consensus keys, no bonded-and-jailed validator, shares present where tokens are, every
 * delegation to an existing validator with the delegations' shares adding up to each
 * validator's, valid commissions and entries. Pool balances are checked at init (they are
 * bank state). Throws an Error naming the first problem.
 */
export function validateStakingGenesis(raw: unknown): StakingGenesis {
  const j = stakingGenesisJson.parse(raw ?? {});
  let params = DEFAULT_STAKING_PARAMS;
  if (j.params) {
    let unbonding: bigint;
    try {
      unbonding = parseDurationSeconds(j.params.unbonding_time);
    } catch (e) {
      return fail(`params.unbonding_time: ${(e as Error).message}`);
    }
    params = {
      unbondingTimeSeconds: unbonding,
      maxValidators: j.params.max_validators,
      maxEntries: j.params.max_entries,
      historicalEntries: j.params.historical_entries,
      bondDenom: j.params.bond_denom,
      minCommissionRate: dec(j.params.min_commission_rate, "params.min_commission_rate"),
    };
  }
  const problem = validateStakingParams(params);
  if (problem) fail(`params: ${problem}`);

  const operators = new Set<string>();
  const consAddrs = new Set<string>();
  const validators: Validator[] = j.validators.map((v) => {
    const what = `validator ${v.operator_address}`;
    requireValoper(v.operator_address, "validator operator address");
    if (operators.has(v.operator_address)) fail(`duplicate validator ${v.operator_address}`);
    operators.add(v.operator_address);
    const key = Buffer.from(v.consensus_pubkey.key, "base64");
    if (key.length !== 32 || key.toString("base64") !== v.consensus_pubkey.key) fail(`${what}: consensus_pubkey.key must be 32 bytes of base64`);
    const cons = Buffer.from(consensusAddress(key)).toString("hex");
    if (consAddrs.has(cons)) fail(`${what}: duplicate consensus pubkey`);
    consAddrs.add(cons);
    const status = STATUS[v.status]!;
    const shares = dec(v.delegator_shares, `${what} delegator_shares`);
    if (shares.isNegative()) fail(`${what}: negative delegator shares`);
    if (v.jailed && status === BondStatus.BOND_STATUS_BONDED) fail(`${what} is bonded and jailed in genesis state`);
    if (shares.isZero() && status !== BondStatus.BOND_STATUS_UNBONDING) fail(`${what}: bonded/unbonded genesis validator cannot have zero delegator shares`);
    const rates = {
      rate: dec(v.commission.commission_rates.rate, `${what} commission rate`),
      maxRate: dec(v.commission.commission_rates.max_rate, `${what} commission max_rate`),
      maxChangeRate: dec(v.commission.commission_rates.max_change_rate, `${what} commission max_change_rate`),
    };
    try {
      validateCommissionRates(rates);
    } catch (e) {
      if (e instanceof ChainError) fail(`${what}: ${e.message}`);
      throw e;
    }
    return {
      operatorAddress: v.operator_address,
      consensusPubkey: { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Ed25519PubKey.encode({ key: new Uint8Array(key) }).finish() },
      jailed: v.jailed,
      status,
      tokens: BigInt(v.tokens).toString(),
      delegatorShares: decToWire(shares),
      description: { moniker: v.description.moniker, identity: v.description.identity, website: v.description.website, securityContact: v.description.security_contact, details: v.description.details },
      unbondingHeight: v.unbonding_height,
      unbondingTime: { seconds: time(v.unbonding_time, `${what} unbonding_time`), nanos: 0 },
      commission: {
        commissionRates: { rate: decToWire(rates.rate), maxRate: decToWire(rates.maxRate), maxChangeRate: decToWire(rates.maxChangeRate) },
        updateTime: { seconds: time(v.commission.update_time, `${what} commission update_time`), nanos: 0 },
      },
      minSelfDelegation: BigInt(v.min_self_delegation).toString(),
      unbondingOnHoldRefCount: v.unbonding_on_hold_ref_count,
      unbondingIds: v.unbonding_ids,
    };
  });

  const sharesByValidator = new Map<string, Dec>();
  const delegationIds = new Set<string>();
  const delegations: Delegation[] = j.delegations.map((d) => {
    requireAccount(d.delegator_address, "delegator address");
    requireValoper(d.validator_address, "delegation validator address");
    if (!operators.has(d.validator_address)) fail(`delegation of ${d.delegator_address} to ${d.validator_address}: no such validator`);
    const id = `${d.delegator_address}/${d.validator_address}`;
    if (delegationIds.has(id)) fail(`duplicate delegation ${id}`);
    delegationIds.add(id);
    const shares = dec(d.shares, `delegation ${id} shares`);
    if (shares.cmp(Dec.ZERO) <= 0) fail(`delegation ${id}: shares must be positive`);
    sharesByValidator.set(d.validator_address, (sharesByValidator.get(d.validator_address) ?? Dec.ZERO).add(shares));
    return { delegatorAddress: d.delegator_address, validatorAddress: d.validator_address, shares: decToWire(shares) };
  });
  for (const v of validators) {
    const sum = sharesByValidator.get(v.operatorAddress) ?? Dec.ZERO;
    if (sum.cmp(sharesOf(v)) !== 0) fail(`validator ${v.operatorAddress}: delegator_shares ${sharesOf(v).toString()} differ from the sum of its delegations ${sum.toString()}`);
  }

  const ubdIds = new Set<string>();
  const unbondingDelegations: UnbondingDelegation[] = j.unbonding_delegations.map((u) => {
    requireAccount(u.delegator_address, "unbonding delegation delegator address");
    requireValoper(u.validator_address, "unbonding delegation validator address");
    const id = `${u.delegator_address}/${u.validator_address}`;
    if (ubdIds.has(id)) fail(`duplicate unbonding delegation ${id}`);
    ubdIds.add(id);
    if (u.entries.length === 0) fail(`unbonding delegation ${id} has no entries`);
    const entries: UnbondingDelegationEntry[] = u.entries.map((e) => {
      if (BigInt(e.balance) > BigInt(e.initial_balance)) fail(`unbonding delegation ${id}: balance above the initial balance`);
      return {
        creationHeight: e.creation_height,
        completionTime: { seconds: time(e.completion_time, `unbonding delegation ${id} completion_time`), nanos: 0 },
        initialBalance: BigInt(e.initial_balance).toString(),
        balance: BigInt(e.balance).toString(),
        unbondingId: e.unbonding_id,
        unbondingOnHoldRefCount: e.unbonding_on_hold_ref_count,
      };
    });
    return { delegatorAddress: u.delegator_address, validatorAddress: u.validator_address, entries };
  });

  const redIds = new Set<string>();
  const redelegations: Redelegation[] = j.redelegations.map((r) => {
    requireAccount(r.delegator_address, "redelegation delegator address");
    requireValoper(r.validator_src_address, "redelegation source address");
    requireValoper(r.validator_dst_address, "redelegation destination address");
    const id = `${r.delegator_address}/${r.validator_src_address}/${r.validator_dst_address}`;
    if (redIds.has(id)) fail(`duplicate redelegation ${id}`);
    redIds.add(id);
    if (r.entries.length === 0) fail(`redelegation ${id} has no entries`);
    const entries: RedelegationEntry[] = r.entries.map((e) => ({
      creationHeight: e.creation_height,
      completionTime: { seconds: time(e.completion_time, `redelegation ${id} completion_time`), nanos: 0 },
      initialBalance: BigInt(e.initial_balance).toString(),
      sharesDst: decToWire(dec(e.shares_dst, `redelegation ${id} shares_dst`)),
      unbondingId: e.unbonding_id,
      unbondingOnHoldRefCount: e.unbonding_on_hold_ref_count,
    }));
    return { delegatorAddress: r.delegator_address, validatorSrcAddress: r.validator_src_address, validatorDstAddress: r.validator_dst_address, entries };
  });

  const lastValidatorPowers = j.last_validator_powers.map((lp) => {
    requireValoper(lp.address, "last validator power address");
    if (!operators.has(lp.address)) fail(`last validator power of ${lp.address}: no such validator`);
    if (lp.power < 0n) fail(`last validator power of ${lp.address} is negative`);
    return { address: lp.address, power: lp.power };
  });

  return { params, lastTotalPower: BigInt(j.last_total_power), lastValidatorPowers, validators, delegations, unbondingDelegations, redelegations, exported: j.exported };
}

/**
 * Writes the staking state and checks the pools (as the SDK's InitGenesis): the bonded pool
 * must hold exactly the Bonded validators' tokens, the not-bonded pool the others' plus every
 * unbonding entry's balance. Returns the validators CometBFT starts with: the bonded set
 * computed from the validators, or, for an exported genesis, `last_validator_powers` as given.
 * An empty section returns none, so CometBFT keeps the validators of its genesis.json.
 */
export function initStakingGenesis(keeper: StakingKeeper, bank: BankKeeper, ctx: Context, g: StakingGenesis): ValidatorUpdate[] {
  const store = ctx.store;
  keeper.setParams(store, g.params);
  keeper.setLastTotalPower(store, g.lastTotalPower);
  let bonded = 0n;
  let notBonded = 0n;
  let maxId = 0n;
  const noteIds = (ids: readonly bigint[]) => {
    for (const id of ids) if (id > maxId) maxId = id;
  };
  for (const v of g.validators) {
    keeper.setValidator(store, v);
    keeper.setOperatorByConsAddr(store, consensusAddress(consensusKey(v)), valBytes(v.operatorAddress));
    if (v.status === BondStatus.BOND_STATUS_UNBONDING) keeper.insertValidatorQueue(store, v.unbondingTime.seconds, v.unbondingHeight, valBytes(v.operatorAddress));
    if (v.status === BondStatus.BOND_STATUS_BONDED) bonded += tokensOf(v);
    else notBonded += tokensOf(v);
    noteIds(v.unbondingIds);
  }
  for (const d of g.delegations) keeper.setDelegation(store, d);
  for (const u of g.unbondingDelegations) {
    keeper.setUnbondingDelegation(store, u);
    for (const e of u.entries) {
      keeper.insertUbdQueue(store, e.completionTime.seconds, accBytes(u.delegatorAddress), valBytes(u.validatorAddress));
      notBonded += BigInt(e.balance);
    }
    noteIds(u.entries.map((e) => e.unbondingId));
  }
  for (const r of g.redelegations) {
    keeper.setRedelegation(store, r);
    for (const e of r.entries) keeper.insertRedelegationQueue(store, e.completionTime.seconds, accBytes(r.delegatorAddress), valBytes(r.validatorSrcAddress), valBytes(r.validatorDstAddress));
    noteIds(r.entries.map((e) => e.unbondingId));
  }
  keeper.ensureUnbondingIdAtLeast(store, maxId);

  const denom = g.params.bondDenom;
  const bondedBalance = bank.getModuleBalance(store, BONDED_TOKENS_POOL, denom);
  if (bondedBalance !== bonded) fail(`bonded pool balance is different from bonded coins: ${bondedBalance}${denom} <-> ${bonded}${denom}`);
  const notBondedBalance = bank.getModuleBalance(store, NOT_BONDED_TOKENS_POOL, denom);
  if (notBondedBalance !== notBonded) fail(`not bonded pool balance is different from not bonded coins: ${notBondedBalance}${denom} <-> ${notBonded}${denom}`);

  if (g.exported) {
    return g.lastValidatorPowers.map((lp) => {
      keeper.setLastValidatorPower(store, valBytes(lp.address), lp.power);
      return abciUpdate(keeper.getValidator(store, lp.address)!, lp.power);
    });
  }
  return keeper.applyAndReturnValidatorSetUpdates(ctx);
}

/** The state as genesis JSON (`exported: true`, so a chain started from it keeps its validator powers). */
export function exportStakingGenesis(keeper: StakingKeeper, store: KVStore): z.input<typeof stakingGenesisJson> {
  const decText = (atomics: string) => decFromWire(atomics).toString();
  const t = (x: { seconds: bigint }) => formatRfc3339(x.seconds);
  return {
    params: stakingParamsToJson(keeper.getParams(store)),
    last_total_power: keeper.getLastTotalPower(store).toString(),
    last_validator_powers: [...keeper.iterateLastValidatorPowers(store)].map((lp) => ({ address: keeper.getValidatorByBytes(store, lp.operator)!.operatorAddress, power: lp.power.toString() })),
    validators: [...keeper.iterateValidators(store)].map(({ value: v }) => ({
      operator_address: v.operatorAddress,
      consensus_pubkey: { "@type": ED25519_PUBKEY_TYPE_URL, key: Buffer.from(consensusKey(v)).toString("base64") },
      jailed: v.jailed,
      status: bondStatusToJSON(v.status) as (typeof STATUS_NAMES)[number],
      tokens: v.tokens,
      delegator_shares: decText(v.delegatorShares),
      description: { moniker: v.description.moniker, identity: v.description.identity, website: v.description.website, security_contact: v.description.securityContact, details: v.description.details },
      unbonding_height: v.unbondingHeight.toString(),
      unbonding_time: t(v.unbondingTime),
      commission: {
        commission_rates: { rate: decText(v.commission.commissionRates.rate), max_rate: decText(v.commission.commissionRates.maxRate), max_change_rate: decText(v.commission.commissionRates.maxChangeRate) },
        update_time: t(v.commission.updateTime),
      },
      min_self_delegation: v.minSelfDelegation,
      unbonding_on_hold_ref_count: v.unbondingOnHoldRefCount.toString(),
      unbonding_ids: v.unbondingIds.map((id) => id.toString()),
    })),
    delegations: [...keeper.iterateAllDelegations(store)].map((d) => ({ delegator_address: d.delegatorAddress, validator_address: d.validatorAddress, shares: decText(d.shares) })),
    unbonding_delegations: [...keeper.iterateAllUnbondingDelegations(store)].map((u) => ({
      delegator_address: u.delegatorAddress,
      validator_address: u.validatorAddress,
      entries: u.entries.map((e) => ({
        creation_height: e.creationHeight.toString(),
        completion_time: t(e.completionTime),
        initial_balance: e.initialBalance,
        balance: e.balance,
        unbonding_id: e.unbondingId.toString(),
        unbonding_on_hold_ref_count: e.unbondingOnHoldRefCount.toString(),
      })),
    })),
    redelegations: [...keeper.iterateAllRedelegations(store)].map((r) => ({
      delegator_address: r.delegatorAddress,
      validator_src_address: r.validatorSrcAddress,
      validator_dst_address: r.validatorDstAddress,
      entries: r.entries.map((e) => ({
        creation_height: e.creationHeight.toString(),
        completion_time: t(e.completionTime),
        initial_balance: e.initialBalance,
        shares_dst: decText(e.sharesDst),
        unbonding_id: e.unbondingId.toString(),
        unbonding_on_hold_ref_count: e.unbondingOnHoldRefCount.toString(),
      })),
    })),
    exported: true,
  };
}
