import { HttpError } from "../shared/http-errors";

/** A resource node that may receive slices. */
export interface PlacementCandidate {
  address: string;
  /** Free bytes as last reported (capacity - used). */
  freeBytes: bigint;
}

/** The holders chosen for one slice. */
export interface SlicePlacement {
  slice_index: number;
  holders: string[];
}

/** Thrown when fewer healthy nodes than `replicas` can take a slice: HTTP 503. */
export class InsufficientNodesError extends HttpError {
  constructor(sliceIndex: number, replicas: number, available: number) {
    super(
      503,
      "insufficient_nodes",
      `slice ${sliceIndex} needs ${replicas} distinct healthy resource nodes with room for it; ${available} available`,
      { replicas: String(replicas), available: String(available) },
    );
  }
}

/**
 * Chooses `replicas` distinct nodes for every slice, spread by free capacity: for each slice (in
 * order) the nodes with the most projected free space win, the space a slice takes is subtracted
 * from its holders' projection, and ties go to the node used least recently (round-robin), then to
 * the smaller address. Nodes without room for a slice are skipped for it. Deterministic given the
 * inputs (candidate order does not matter). `exclude` lists nodes per slice that must not be chosen
 * (e.g. current holders, for repairs).
 */
export function placeSlices(
  sliceSizes: readonly number[],
  replicas: number,
  candidates: readonly PlacementCandidate[],
  exclude: (sliceIndex: number) => ReadonlySet<string> = () => new Set(),
): SlicePlacement[] {
  if (!Number.isInteger(replicas) || replicas < 1) throw new HttpError(400, "bad_request", `replicas must be a positive integer, got ${replicas}`);
  const nodes = [...new Map(candidates.map((c) => [c.address, c])).values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const free = new Map(nodes.map((n) => [n.address, n.freeBytes]));
  const lastUsed = new Map(nodes.map((n) => [n.address, -1]));
  let tick = 0;
  const out: SlicePlacement[] = [];
  sliceSizes.forEach((size, sliceIndex) => {
    const need = BigInt(size);
    const excluded = exclude(sliceIndex);
    const eligible = nodes.filter((n) => !excluded.has(n.address) && (free.get(n.address) ?? 0n) >= need);
    if (eligible.length < replicas) throw new InsufficientNodesError(sliceIndex, replicas, eligible.length);
    eligible.sort((a, b) => {
      const fa = free.get(a.address) ?? 0n;
      const fb = free.get(b.address) ?? 0n;
      if (fa !== fb) return fa > fb ? -1 : 1;
      const ua = lastUsed.get(a.address) ?? -1;
      const ub = lastUsed.get(b.address) ?? -1;
      if (ua !== ub) return ua - ub;
      return a.address < b.address ? -1 : 1;
    });
    const holders = eligible.slice(0, replicas).map((n) => n.address);
    for (const h of holders) {
      free.set(h, (free.get(h) ?? 0n) - need);
      lastUsed.set(h, tick++);
    }
    out.push({ slice_index: sliceIndex, holders });
  });
  return out;
}
