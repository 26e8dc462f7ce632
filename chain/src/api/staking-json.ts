/**
 * grpc-gateway JSON of the cosmos.staking.v1beta1 query responses, as the Cosmos SDK's REST
 * server writes them: on top of `toGatewayJson`'s rules, `cosmos.Dec` fields (protobuf strings
 * holding the integer scaled by 10^18) become decimals with 18 places (`"1.000000000000000000"`),
 * `Timestamp` fields RFC 3339, `Duration` fields `"1814400s"`, and `BondStatus` its name.
 */
import * as Q from "cosmjs-types/cosmos/staking/v1beta1/query";
import {
  bondStatusToJSON,
  type Delegation,
  type DelegationResponse,
  type HistoricalInfo,
  type Params,
  type RedelegationEntry,
  type RedelegationResponse,
  type UnbondingDelegation,
  type Validator,
} from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { Dec } from "../types/dec";
import { toGatewayJson, type Json } from "./gateway-json";
import { formatDuration, formatTimestamp } from "./proto-json";

type Time = { seconds: bigint; nanos: number } | undefined;

/** A Dec's wire form as the SDK's JSON shows it; text that is not an integer is passed on as is. */
export function decJson(atomics: string): string {
  if (atomics === "") return Dec.ZERO.toString();
  return /^-?[0-9]+$/.test(atomics) ? Dec.fromScaled(BigInt(atomics)).toString() : atomics;
}

const time = (t: Time): string | null => (t ? formatTimestamp(t.seconds, t.nanos) : null);
const duration = (t: Time): string | null => (t ? formatDuration(t.seconds, t.nanos) : null);

function validator(v: Validator | undefined): unknown {
  if (!v) return v;
  return {
    ...v,
    status: bondStatusToJSON(v.status),
    delegatorShares: decJson(v.delegatorShares),
    unbondingTime: time(v.unbondingTime),
    commission: v.commission
      ? {
          commissionRates: v.commission.commissionRates
            ? { rate: decJson(v.commission.commissionRates.rate), maxRate: decJson(v.commission.commissionRates.maxRate), maxChangeRate: decJson(v.commission.commissionRates.maxChangeRate) }
            : null,
          updateTime: time(v.commission.updateTime),
        }
      : null,
  };
}

const delegation = (d: Delegation | undefined): unknown => (d ? { ...d, shares: decJson(d.shares) } : d);
const delegationResponse = (r: DelegationResponse | undefined): unknown => (r ? { delegation: delegation(r.delegation), balance: r.balance } : r);
const unbonding = (u: UnbondingDelegation | undefined): unknown => (u ? { ...u, entries: u.entries.map((e) => ({ ...e, completionTime: time(e.completionTime) })) } : u);
const redelegationEntry = (e: RedelegationEntry | undefined): unknown => (e ? { ...e, completionTime: time(e.completionTime), sharesDst: decJson(e.sharesDst) } : e);
const redelegationResponse = (r: RedelegationResponse): unknown => ({
  redelegation: r.redelegation ? { ...r.redelegation, entries: r.redelegation.entries.map(redelegationEntry) } : null,
  entries: r.entries.map((e) => ({ redelegationEntry: redelegationEntry(e.redelegationEntry), balance: e.balance })),
});
const params = (p: Params | undefined): unknown => (p ? { ...p, unbondingTime: duration(p.unbondingTime), minCommissionRate: decJson(p.minCommissionRate) } : p);
const historicalInfo = (h: HistoricalInfo | undefined): unknown =>
  h ? { header: h.header ? { ...h.header, time: time(h.header.time) } : null, valset: h.valset.map(validator) } : h;

interface Decoder<T> {
  decode(bytes: Uint8Array): T;
}

function renderer<T>(codec: Decoder<T>, view: (r: T) => unknown): (value: Uint8Array) => Json {
  return (value) => toGatewayJson(view(codec.decode(value)));
}

/** Renderers of the staking query responses by ABCI path. */
export const STAKING_RENDERERS: Readonly<Record<string, (value: Uint8Array) => Json>> = {
  "/cosmos.staking.v1beta1.Query/Validators": renderer(Q.QueryValidatorsResponse, (r) => ({ validators: r.validators.map(validator), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/Validator": renderer(Q.QueryValidatorResponse, (r) => ({ validator: validator(r.validator) })),
  "/cosmos.staking.v1beta1.Query/ValidatorDelegations": renderer(Q.QueryValidatorDelegationsResponse, (r) => ({ delegationResponses: r.delegationResponses.map(delegationResponse), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations": renderer(Q.QueryValidatorUnbondingDelegationsResponse, (r) => ({ unbondingResponses: r.unbondingResponses.map(unbonding), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/Delegation": renderer(Q.QueryDelegationResponse, (r) => ({ delegationResponse: delegationResponse(r.delegationResponse) })),
  "/cosmos.staking.v1beta1.Query/UnbondingDelegation": renderer(Q.QueryUnbondingDelegationResponse, (r) => ({ unbond: unbonding(r.unbond) })),
  "/cosmos.staking.v1beta1.Query/DelegatorDelegations": renderer(Q.QueryDelegatorDelegationsResponse, (r) => ({ delegationResponses: r.delegationResponses.map(delegationResponse), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations": renderer(Q.QueryDelegatorUnbondingDelegationsResponse, (r) => ({ unbondingResponses: r.unbondingResponses.map(unbonding), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/Redelegations": renderer(Q.QueryRedelegationsResponse, (r) => ({ redelegationResponses: r.redelegationResponses.map(redelegationResponse), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/DelegatorValidators": renderer(Q.QueryDelegatorValidatorsResponse, (r) => ({ validators: r.validators.map(validator), pagination: r.pagination })),
  "/cosmos.staking.v1beta1.Query/DelegatorValidator": renderer(Q.QueryDelegatorValidatorResponse, (r) => ({ validator: validator(r.validator) })),
  "/cosmos.staking.v1beta1.Query/HistoricalInfo": renderer(Q.QueryHistoricalInfoResponse, (r) => ({ hist: historicalInfo(r.hist) })),
  "/cosmos.staking.v1beta1.Query/Pool": renderer(Q.QueryPoolResponse, (r) => r),
  "/cosmos.staking.v1beta1.Query/Params": renderer(Q.QueryParamsResponse, (r) => ({ params: params(r.params) })),
};
