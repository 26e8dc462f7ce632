import {
  QueryDelegationRequest,
  QueryDelegatorDelegationsRequest,
  QueryDelegatorDelegationsResponse,
  QueryDelegatorUnbondingDelegationsResponse,
  QueryParamsResponse,
  QueryPoolResponse,
  QueryValidatorsResponse,
} from "cosmjs-types/cosmos/staking/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";

const emptyPage = { nextKey: new Uint8Array(), total: 0n };

/**
 * The staking queries stock cosmjs and wallets call. Staking itself comes with the
 * multi-validator work; until then there are no delegations, and the answers say so in the
 * SDK's words (an empty list, or NotFound with `key not found`, which cosmjs maps to null).
 */
export function stakingQueries(bondDenom: string): Record<string, QueryHandler> {
  return {
    "/cosmos.staking.v1beta1.Query/DelegatorDelegations": (_store, data) => {
      QueryDelegatorDelegationsRequest.decode(data);
      return QueryDelegatorDelegationsResponse.encode({ delegationResponses: [], pagination: emptyPage }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Delegation": (_store, data) => {
      const req = QueryDelegationRequest.decode(data);
      throw QueryError.notFound(`delegation with delegator ${req.delegatorAddr} not found for validator ${req.validatorAddr}: key not found`);
    },
    "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations": () =>
      QueryDelegatorUnbondingDelegationsResponse.encode({ unbondingResponses: [], pagination: emptyPage }).finish(),
    "/cosmos.staking.v1beta1.Query/Validators": () => QueryValidatorsResponse.encode({ validators: [], pagination: emptyPage }).finish(),
    "/cosmos.staking.v1beta1.Query/Pool": () => QueryPoolResponse.encode({ pool: { notBondedTokens: "0", bondedTokens: "0" } }).finish(),
    "/cosmos.staking.v1beta1.Query/Params": () =>
      QueryParamsResponse.encode({
        params: {
          unbondingTime: { seconds: 1_814_400n, nanos: 0 },
          maxValidators: 100,
          maxEntries: 7,
          historicalEntries: 10_000,
          bondDenom,
          minCommissionRate: "0",
        },
      }).finish(),
  };
}
