import { stratos } from "@stratos/proto";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress, isSdsAddress } from "../../types/address";
import { META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL, RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL } from "../../types/module-accounts";
import type { BankKeeper } from "./expected-keepers";
import type { RegisterKeeper } from "./keeper";
import { BondStatus } from "./node-status";
import { registerParamsToProto } from "./params";

const Q = stratos.register.v1;
type DepositInfo = stratos.register.v1.DepositInfo;
type Node = stratos.register.v1.ResourceNode | stratos.register.v1.MetaNode;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function requireSds(address: string): void {
  if (!address) throw QueryError.invalidArgument("network address cannot be empty");
  if (!isSdsAddress(address)) throw QueryError.invalidArgument(`invalid network address ${address}: decoding bech32 failed`);
}

/** Deposit info of a node: the bonded, unbonding and unbonded parts by status (section 1.8). */
function depositInfo(keeper: RegisterKeeper, store: KVStore, denom: string, node: Node, nodeType: number): DepositInfo {
  const coin = (amount: bigint) => ({ denom, amount: amount.toString() });
  const tokens = BigInt(node.tokens || "0");
  const info = Q.DepositInfo.fromPartial({
    networkAddress: node.networkAddress,
    pubkey: node.pubkey,
    suspend: node.suspend,
    status: node.status,
    tokens: node.tokens,
    ownerAddress: node.ownerAddress,
    description: node.description,
    creationTime: node.creationTime,
    nodeType,
    bondedDeposit: coin(0n),
    unBondingDeposit: coin(0n),
    unBondedDeposit: coin(0n),
  });
  if (node.status === BondStatus.BOND_STATUS_BONDED) info.bondedDeposit = coin(tokens);
  else if (node.status === BondStatus.BOND_STATUS_UNBONDING) info.unBondingDeposit = coin(keeper.unbondingBalance(store, node.networkAddress));
  else info.unBondedDeposit = coin(tokens);
  return info;
}

/** The `stratos.register.v1.Query` service (REST routes in proto/stratos/register/v1/query.proto). */
export function registerQueries(keeper: RegisterKeeper, bank: Pick<BankKeeper, "getModuleBalance">): Record<string, QueryHandler> {
  return {
    "/stratos.register.v1.Query/ResourceNode": (store, data) => {
      const req = Q.QueryResourceNodeRequest.decode(data);
      requireSds(req.networkAddr);
      const node = keeper.getResourceNode(store, req.networkAddr);
      if (!node) throw QueryError.notFound(`resource node ${req.networkAddr} not found`);
      return Q.QueryResourceNodeResponse.encode({ node }).finish();
    },
    "/stratos.register.v1.Query/MetaNode": (store, data) => {
      const req = Q.QueryMetaNodeRequest.decode(data);
      requireSds(req.networkAddr);
      const node = keeper.getMetaNode(store, req.networkAddr);
      if (!node) throw QueryError.notFound(`meta node ${req.networkAddr} not found`);
      return Q.QueryMetaNodeResponse.encode({ node }).finish();
    },
    "/stratos.register.v1.Query/Params": (store) => Q.QueryParamsResponse.encode({ params: registerParamsToProto(keeper.getParams(store)) }).finish(),
    "/stratos.register.v1.Query/DepositByNode": (store, data) => {
      const req = Q.QueryDepositByNodeRequest.decode(data);
      requireSds(req.networkAddr);
      if (req.queryType > 2) throw QueryError.invalidArgument(`query_type must be 0 (all), 1 (meta node) or 2 (resource node), got ${req.queryType}`);
      let info: DepositInfo | undefined;
      if (req.queryType !== 2) {
        const meta = keeper.getMetaNode(store, req.networkAddr);
        if (meta) info = depositInfo(keeper, store, keeper.getParams(store).bondDenom, meta, 0);
      }
      if (req.queryType !== 1) {
        const rn = keeper.getResourceNode(store, req.networkAddr);
        if (rn) info = depositInfo(keeper, store, keeper.getParams(store).bondDenom, rn, rn.nodeType);
      }
      if (!info) throw QueryError.notFound(`no node ${req.networkAddr}`);
      return Q.QueryDepositByNodeResponse.encode({ depositInfo: info }).finish();
    },
    "/stratos.register.v1.Query/DepositByOwner": (store, data) => {
      const req = Q.QueryDepositByOwnerRequest.decode(data);
      if (!req.ownerAddr || !isAccAddress(req.ownerAddr)) throw QueryError.invalidArgument(`invalid owner address ${JSON.stringify(req.ownerAddr)}`);
      const denom = keeper.getParams(store).bondDenom;
      const all: DepositInfo[] = [];
      for (const n of keeper.iterateResourceNodes(store)) if (n.ownerAddress === req.ownerAddr) all.push(depositInfo(keeper, store, denom, n, n.nodeType));
      for (const n of keeper.iterateMetaNodes(store)) if (n.ownerAddress === req.ownerAddr) all.push(depositInfo(keeper, store, denom, n, 0));
      const p = req.pagination;
      const limit = Math.min(Number(p?.limit || BigInt(DEFAULT_LIMIT)), MAX_LIMIT);
      const offset = p?.key && p.key.length > 0 ? Number(new TextDecoder().decode(p.key)) : Number(p?.offset ?? 0n);
      if (!Number.isSafeInteger(offset) || offset < 0) throw QueryError.invalidArgument("invalid pagination key");
      const page = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? new TextEncoder().encode(String(offset + limit)) : new Uint8Array();
      return Q.QueryDepositByOwnerResponse.encode({ depositInfos: page, pagination: { nextKey: next, total: p?.countTotal ? BigInt(all.length) : 0n } }).finish();
    },
    "/stratos.register.v1.Query/DepositTotal": (store) => {
      const denom = keeper.getParams(store).bondDenom;
      const bal = (m: string) => bank.getModuleBalance(store, m, denom);
      const [rnB, rnN, mnB, mnN] = [bal(RESOURCE_NODE_BONDED_POOL), bal(RESOURCE_NODE_NOT_BONDED_POOL), bal(META_NODE_BONDED_POOL), bal(META_NODE_NOT_BONDED_POOL)];
      let unbonding = 0n;
      for (const u of keeper.iterateUnbondingNodes(store)) for (const e of u.entries) unbonding += BigInt(e.balance);
      const coin = (amount: bigint) => ({ denom, amount: amount.toString() });
      return Q.QueryDepositTotalResponse.encode({
        resourceNodesTotalDeposit: coin(rnB + rnN),
        metaNodesTotalDeposit: coin(mnB + mnN),
        totalBondedDeposit: coin(rnB + mnB),
        totalUnbondingDeposit: coin(unbonding),
        totalUnbondedDeposit: coin(rnN + mnN - unbonding),
      }).finish();
    },
    "/stratos.register.v1.Query/BondedResourceNodeCount": (store) => Q.QueryBondedResourceNodeCountResponse.encode({ number: keeper.getBondedResourceNodeCount(store) }).finish(),
    "/stratos.register.v1.Query/BondedMetaNodeCount": (store) => Q.QueryBondedMetaNodeCountResponse.encode({ number: keeper.getBondedMetaNodeCount(store) }).finish(),
    "/stratos.register.v1.Query/RemainingOzoneLimit": (store) => Q.QueryRemainingOzoneLimitResponse.encode({ ozoneLimit: keeper.getRemainingOzoneLimit(store).toString() }).finish(),
  };
}
