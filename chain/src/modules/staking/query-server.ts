import type { PageRequest, PageResponse } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { BondStatus, bondStatusToJSON, type Delegation, type DelegationResponse, type Redelegation, type RedelegationResponse, type Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import * as Q from "cosmjs-types/cosmos/staking/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";
import type { KVStore } from "../../store/kv-store";
import { AddressError } from "../../types/address";
import type { StakingKeeper } from "./keeper";
import { accBytes, valBytes } from "./keys";
import { decFromWire, stakingParamsToProto } from "./params";
import type { ScanEntry } from "./store";
import { tokensFromShares } from "./validator";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const STATUSES = new Set([BondStatus.BOND_STATUS_BONDED, BondStatus.BOND_STATUS_UNBONDED, BondStatus.BOND_STATUS_UNBONDING].map(bondStatusToJSON));

/**
 * A page of a scan (the SDK's `FilteredPaginate`): the values `accept` keeps (all by default) and
 * the SDK's PageResponse (`next_key` = key suffix of the next kept value).
 */
export function paginate<T>(
  page: PageRequest | undefined,
  scan: (opts: { from?: Uint8Array; reverse: boolean }) => Iterable<ScanEntry<T>>,
  accept: (value: T) => boolean = () => true,
): { items: T[]; pagination: PageResponse } {
  const key = page?.key ?? new Uint8Array();
  const offset = page?.offset ?? 0n;
  if (key.length > 0 && offset > 0n) throw QueryError.invalidArgument("either offset or key is expected, got both");
  const limit = page?.limit && page.limit > 0n ? Number(page.limit > BigInt(MAX_LIMIT) ? BigInt(MAX_LIMIT) : page.limit) : DEFAULT_LIMIT;
  const countTotal = (page?.countTotal ?? false) && key.length === 0;
  let skip = Number(offset > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : offset);
  const items: T[] = [];
  let nextKey = new Uint8Array();
  let total = 0n;
  for (const { suffix, value } of scan({ ...(key.length > 0 ? { from: key } : {}), reverse: page?.reverse ?? false })) {
    if (!accept(value)) continue;
    total++;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (items.length < limit) {
      items.push(value);
      continue;
    }
    if (nextKey.length === 0) nextKey = new Uint8Array(suffix);
    if (!countTotal) break;
  }
  return { items, pagination: { nextKey, total: countTotal ? total : 0n } };
}

function validatorAddr(address: string): Uint8Array {
  if (!address) throw QueryError.invalidArgument("validator address cannot be empty");
  try {
    return valBytes(address);
  } catch (e) {
    if (e instanceof AddressError) throw QueryError.invalidArgument(`invalid validator address ${JSON.stringify(address)}: ${e.message}`);
    throw e;
  }
}

function delegatorAddr(address: string): Uint8Array {
  if (!address) throw QueryError.invalidArgument("delegator address cannot be empty");
  try {
    return accBytes(address);
  } catch (e) {
    if (e instanceof AddressError) throw QueryError.invalidArgument(`invalid delegator address ${JSON.stringify(address)}: ${e.message}`);
    throw e;
  }
}

/**
 * The `cosmos.staking.v1beta1.Query` service with cosmos-sdk v0.50's answers and messages:
 * NotFound for a missing validator, delegation or unbonding delegation (cosmjs maps `key not
 * found` to null), InvalidArgument for empty or malformed addresses, key-based pagination.
 * HistoricalInfo is always NotFound: no historical info is kept (see README).
 */
export function stakingQueries(keeper: StakingKeeper): Record<string, QueryHandler> {
  /** `validator`: the delegation's, when the caller has it already (read otherwise). */
  const delegationResponse = (store: KVStore, d: Delegation, validator?: Validator): DelegationResponse => ({
    delegation: d,
    balance: { denom: keeper.getParams(store).bondDenom, amount: keeper.delegationBalance(store, d, validator).toString() },
  });
  const redelegationResponse = (store: KVStore, r: Redelegation): RedelegationResponse => {
    const dst = keeper.getValidator(store, r.validatorDstAddress);
    return {
      redelegation: r,
      entries: r.entries.map((e) => ({ redelegationEntry: e, balance: (dst ? tokensFromShares(dst, decFromWire(e.sharesDst)).truncate() : 0n).toString() })),
    };
  };

  return {
    "/cosmos.staking.v1beta1.Query/Validators": (store, data) => {
      const req = Q.QueryValidatorsRequest.decode(data);
      if (req.status !== "" && !STATUSES.has(req.status)) throw QueryError.invalidArgument(`invalid validator status ${req.status}`);
      const page = paginate(req.pagination, (o) => keeper.iterateValidators(store, o), (v) => req.status === "" || bondStatusToJSON(v.status) === req.status);
      return Q.QueryValidatorsResponse.encode({ validators: page.items, pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Validator": (store, data) => {
      const req = Q.QueryValidatorRequest.decode(data);
      const validator = keeper.getValidatorByBytes(store, validatorAddr(req.validatorAddr));
      if (!validator) throw QueryError.notFound(`validator ${req.validatorAddr} not found`);
      return Q.QueryValidatorResponse.encode({ validator }).finish();
    },
    "/cosmos.staking.v1beta1.Query/ValidatorDelegations": (store, data) => {
      const req = Q.QueryValidatorDelegationsRequest.decode(data);
      const operator = validatorAddr(req.validatorAddr);
      const page = paginate(req.pagination, (o) => keeper.iterateValidatorDelegations(store, operator, o));
      const validator = keeper.getValidatorByBytes(store, operator);
      return Q.QueryValidatorDelegationsResponse.encode({ delegationResponses: page.items.map((d) => delegationResponse(store, d, validator)), pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations": (store, data) => {
      const req = Q.QueryValidatorUnbondingDelegationsRequest.decode(data);
      const operator = validatorAddr(req.validatorAddr);
      const page = paginate(req.pagination, (o) => keeper.iterateValidatorUnbondingDelegations(store, operator, o));
      return Q.QueryValidatorUnbondingDelegationsResponse.encode({ unbondingResponses: page.items, pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Delegation": (store, data) => {
      const req = Q.QueryDelegationRequest.decode(data);
      const d = keeper.getDelegationByBytes(store, delegatorAddr(req.delegatorAddr), validatorAddr(req.validatorAddr));
      if (!d) throw QueryError.notFound(`delegation with delegator ${req.delegatorAddr} not found for validator ${req.validatorAddr}`);
      return Q.QueryDelegationResponse.encode({ delegationResponse: delegationResponse(store, d) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/UnbondingDelegation": (store, data) => {
      const req = Q.QueryUnbondingDelegationRequest.decode(data);
      const u = keeper.getUnbondingDelegationByBytes(store, delegatorAddr(req.delegatorAddr), validatorAddr(req.validatorAddr));
      if (!u) throw QueryError.notFound(`unbonding delegation with delegator ${req.delegatorAddr} not found for validator ${req.validatorAddr}`);
      return Q.QueryUnbondingDelegationResponse.encode({ unbond: u }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorDelegations": (store, data) => {
      const req = Q.QueryDelegatorDelegationsRequest.decode(data);
      const delegator = delegatorAddr(req.delegatorAddr);
      const page = paginate(req.pagination, (o) => keeper.iterateDelegatorDelegations(store, delegator, o));
      return Q.QueryDelegatorDelegationsResponse.encode({ delegationResponses: page.items.map((d) => delegationResponse(store, d)), pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations": (store, data) => {
      const req = Q.QueryDelegatorUnbondingDelegationsRequest.decode(data);
      const delegator = delegatorAddr(req.delegatorAddr);
      const page = paginate(req.pagination, (o) => keeper.iterateDelegatorUnbondingDelegations(store, delegator, o));
      return Q.QueryDelegatorUnbondingDelegationsResponse.encode({ unbondingResponses: page.items, pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Redelegations": (store, data) => {
      const req = Q.QueryRedelegationsRequest.decode(data);
      let items: Redelegation[];
      let pagination: PageResponse | undefined;
      if (req.delegatorAddr !== "" && req.srcValidatorAddr !== "" && req.dstValidatorAddr !== "") {
        const r = keeper.getRedelegationByBytes(store, delegatorAddr(req.delegatorAddr), validatorAddr(req.srcValidatorAddr), validatorAddr(req.dstValidatorAddr));
        if (!r) throw QueryError.notFound(`redelegation not found for delegator address ${req.delegatorAddr} from validator address ${req.srcValidatorAddr}`);
        items = [r];
      } else if (req.delegatorAddr === "" && req.srcValidatorAddr !== "" && req.dstValidatorAddr === "") {
        const src = validatorAddr(req.srcValidatorAddr);
        ({ items, pagination } = paginate(req.pagination, (o) => keeper.iterateRedelegationsFromSrc(store, src, o)));
      } else {
        const delegator = delegatorAddr(req.delegatorAddr);
        ({ items, pagination } = paginate(req.pagination, (o) => keeper.iterateDelegatorRedelegations(store, delegator, o)));
      }
      return Q.QueryRedelegationsResponse.encode({ redelegationResponses: items.map((r) => redelegationResponse(store, r)), ...(pagination ? { pagination } : {}) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorValidators": (store, data) => {
      const req = Q.QueryDelegatorValidatorsRequest.decode(data);
      const delegator = delegatorAddr(req.delegatorAddr);
      const page = paginate(req.pagination, (o) => keeper.iterateDelegatorDelegations(store, delegator, o));
      const validators = page.items.map((d) => {
        const validator = keeper.getValidator(store, d.validatorAddress);
        if (!validator) throw new Error(`staking: delegation to a validator that does not exist (${d.validatorAddress})`);
        return validator;
      });
      return Q.QueryDelegatorValidatorsResponse.encode({ validators, pagination: page.pagination }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorValidator": (store, data) => {
      const req = Q.QueryDelegatorValidatorRequest.decode(data);
      const operator = validatorAddr(req.validatorAddr);
      const d = keeper.getDelegationByBytes(store, delegatorAddr(req.delegatorAddr), operator);
      if (!d) throw QueryError.notFound(`no delegation for (address, validator) tuple: delegator ${req.delegatorAddr}, validator ${req.validatorAddr}`);
      const validator = keeper.getValidatorByBytes(store, operator);
      if (!validator) throw QueryError.notFound(`validator ${req.validatorAddr} not found`);
      return Q.QueryDelegatorValidatorResponse.encode({ validator }).finish();
    },
    "/cosmos.staking.v1beta1.Query/HistoricalInfo": (_store, data) => {
      const req = Q.QueryHistoricalInfoRequest.decode(data);
      if (req.height < 0n) throw QueryError.invalidArgument("height cannot be negative");
      throw QueryError.notFound(`historical info for height ${req.height} not found`);
    },
    "/cosmos.staking.v1beta1.Query/Pool": (store) => {
      const pool = keeper.pool(store);
      return Q.QueryPoolResponse.encode({ pool: { notBondedTokens: pool.notBonded.toString(), bondedTokens: pool.bonded.toString() } }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Params": (store) => Q.QueryParamsResponse.encode({ params: stakingParamsToProto(keeper.getParams(store)) }).finish(),
  };
}
