import { createProtobufRpcClient, type QueryClient } from "@cosmjs/stargate";
import { stratos } from "@stratos/proto";
import type { DepositInfo, QueryDepositByOwnerResponse, QueryDepositTotalResponse } from "@stratos/proto/gen/ts/stratos/register/v1/query";
import type { MetaNode, Params, ResourceNode } from "@stratos/proto/gen/ts/stratos/register/v1/register";
import { intToBigInt, orNull, pageRequest, type PageOptions } from "./common";

/**
 * Which node `register.depositByNode` looks at: 0 = both (the resource node wins), 1 = meta node,
 * 2 = resource node.
 *
 * @example
 * const info = await client.register.depositByNode("stsds1...", DepositQueryType.ResourceNode);
 */
export enum DepositQueryType {
  All = 0,
  MetaNode = 1,
  ResourceNode = 2,
}

/**
 * Queries of the `register` module (`stratos.register.v1.Query`), as a cosmjs query extension.
 *
 * @example
 * const q = QueryClient.withExtensions(cometClient, setupRegisterExtension);
 * const node = await q.register.resourceNode("stsds1...");
 */
export interface RegisterExtension {
  readonly register: {
    /** A resource node by network address, or null if there is none. */
    readonly resourceNode: (networkAddr: string) => Promise<ResourceNode | null>;
    /** A meta node by network address, or null if there is none. */
    readonly metaNode: (networkAddr: string) => Promise<MetaNode | null>;
    /** The module params. */
    readonly params: () => Promise<Params>;
    /** Deposit of one node (bonded / unbonding / unbonded coins), or null if there is no such node. */
    readonly depositByNode: (networkAddr: string, queryType?: DepositQueryType) => Promise<DepositInfo | null>;
    /** Deposits of all nodes of an owner: resource nodes first, then meta nodes; paged (default limit 100). */
    readonly depositByOwner: (ownerAddr: string, pagination?: PageOptions) => Promise<QueryDepositByOwnerResponse>;
    /** Totals over all nodes (resource, meta, bonded, unbonding, unbonded). */
    readonly depositTotal: () => Promise<QueryDepositTotalResponse>;
    /** The number of bonded resource nodes. */
    readonly bondedResourceNodeCount: () => Promise<bigint>;
    /** The number of bonded meta nodes. */
    readonly bondedMetaNodeCount: () => Promise<bigint>;
    /** The remaining ozone limit `Lt`, in noz. */
    readonly remainingOzoneLimit: () => Promise<bigint>;
  };
}

/**
 * Sets up the `register` query extension over the generated `QueryClientImpl`.
 *
 * @example
 * import { QueryClient } from "@cosmjs/stargate";
 * import { connectComet } from "@cosmjs/tendermint-rpc";
 * const q = QueryClient.withExtensions(await connectComet("http://127.0.0.1:26657"), setupRegisterExtension);
 * console.log(await q.register.remainingOzoneLimit());
 */
export function setupRegisterExtension(base: QueryClient): RegisterExtension {
  const v1 = stratos.register.v1;
  const q = new v1.QueryClientImpl(createProtobufRpcClient(base));
  return {
    register: {
      resourceNode: (networkAddr) => orNull(async () => (await q.ResourceNode(v1.QueryResourceNodeRequest.fromPartial({ networkAddr }))).node),
      metaNode: (networkAddr) => orNull(async () => (await q.MetaNode(v1.QueryMetaNodeRequest.fromPartial({ networkAddr }))).node),
      params: async () => (await q.Params(v1.QueryParamsRequest.fromPartial({}))).params ?? v1.Params.fromPartial({}),
      depositByNode: (networkAddr, queryType = DepositQueryType.All) =>
        orNull(async () => (await q.DepositByNode(v1.QueryDepositByNodeRequest.fromPartial({ networkAddr, queryType }))).depositInfo),
      depositByOwner: (ownerAddr, pagination) => q.DepositByOwner(v1.QueryDepositByOwnerRequest.fromPartial({ ownerAddr, pagination: pageRequest(pagination) })),
      depositTotal: () => q.DepositTotal(v1.QueryDepositTotalRequest.fromPartial({})),
      bondedResourceNodeCount: async () => (await q.BondedResourceNodeCount(v1.QueryBondedResourceNodeCountRequest.fromPartial({}))).number,
      bondedMetaNodeCount: async () => (await q.BondedMetaNodeCount(v1.QueryBondedMetaNodeCountRequest.fromPartial({}))).number,
      remainingOzoneLimit: async () => intToBigInt((await q.RemainingOzoneLimit(v1.QueryRemainingOzoneLimitRequest.fromPartial({}))).ozoneLimit),
    },
  };
}
