import { BondStatus } from "@stratos/proto/gen/ts/cosmos/staking/v1beta1/staking";

export { BondStatus };

/** The status names events and JSON use (`BOND_STATUS_BONDED`). */
export function bondStatusName(s: BondStatus): string {
  switch (s) {
    case BondStatus.BOND_STATUS_BONDED:
      return "BOND_STATUS_BONDED";
    case BondStatus.BOND_STATUS_UNBONDING:
      return "BOND_STATUS_UNBONDING";
    case BondStatus.BOND_STATUS_UNBONDED:
      return "BOND_STATUS_UNBONDED";
    default:
      return "BOND_STATUS_UNSPECIFIED";
  }
}

/** Resource-node type bits (x/register/types/resource_node.go): computation 1, database 2, storage 4. */
export const NODE_TYPE_LABELS: Readonly<Record<number, string>> = {
  1: "computation",
  2: "database",
  3: "computation/database",
  4: "storage",
  5: "computation/storage",
  6: "database/storage",
  7: "storage/database/computation",
};

export function isValidNodeType(t: number): boolean {
  return Number.isInteger(t) && t >= 1 && t <= 7;
}

export function nodeTypeLabel(t: number): string {
  return NODE_TYPE_LABELS[t] ?? "UNKNOWN";
}

/** A meta node is active when Bonded and not suspended (MetaNode.IsActivate). */
export function isActiveMetaNode(n: { status: BondStatus; suspend: boolean }): boolean {
  return n.status === BondStatus.BOND_STATUS_BONDED && !n.suspend;
}
