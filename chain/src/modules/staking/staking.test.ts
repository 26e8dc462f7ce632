import {
  QueryDelegationRequest,
  QueryDelegatorDelegationsRequest,
  QueryDelegatorDelegationsResponse,
  QueryParamsResponse,
} from "cosmjs-types/cosmos/staking/v1beta1/query";
import { QueryError } from "../../app/query-error";
import { MemoryStore } from "../../store/memory-store";
import { stakingQueries } from "./query-server";

describe("staking placeholder queries", () => {
  const q = stakingQueries("wei");
  const store = new MemoryStore();

  it("answers DelegatorDelegations with an empty page", () => {
    const res = QueryDelegatorDelegationsResponse.decode(q["/cosmos.staking.v1beta1.Query/DelegatorDelegations"]!(store, QueryDelegatorDelegationsRequest.encode({ delegatorAddr: "st1x" }).finish()));
    expect(res.delegationResponses).toEqual([]);
    expect(res.pagination?.nextKey.length).toBe(0);
  });

  it("answers Delegation with NotFound containing `key not found` (cosmjs maps it to null)", () => {
    let err: unknown;
    try {
      q["/cosmos.staking.v1beta1.Query/Delegation"]!(store, QueryDelegationRequest.encode({ delegatorAddr: "st1a", validatorAddr: "stvaloper1b" }).finish());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).grpcText()).toMatch(/code = NotFound .*key not found$/);
  });

  it("reports wei as the bond denom", () => {
    expect(QueryParamsResponse.decode(q["/cosmos.staking.v1beta1.Query/Params"]!(store, new Uint8Array())).params?.bondDenom).toBe("wei");
  });
});
