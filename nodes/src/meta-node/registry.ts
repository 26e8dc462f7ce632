import type { ChainGateway, RegistryEntry } from "./chain-gateway";
import type { MetaDb, NodeRecord } from "./db";

/** Whether a chain registry entry may store and serve slices. */
export function isActiveResourceNode(e: RegistryEntry | null): e is RegistryEntry {
  return e !== null && e.bonded && !e.suspended;
}

/** A resource node as seen by the meta node: last heartbeat plus its chain registry entry. */
export interface NodeView extends NodeRecord {
  healthy: boolean;
  free_bytes: bigint;
  registered: boolean;
  owner?: string;
}

/**
 * The resource nodes this meta node knows: their heartbeats (persisted) and a cache of their chain
 * registry entries (refreshed periodically). A node is healthy when its last heartbeat is younger
 * than `healthTimeoutMs` and the chain lists it as bonded and not suspended.
 */
export class NodeRegistry {
  private readonly chain = new Map<string, { entry: RegistryEntry | null; fetchedMs: number }>();

  constructor(
    private readonly db: MetaDb,
    private readonly gateway: ChainGateway,
    private readonly healthTimeoutMs: number,
    private readonly refreshMs: number,
    private readonly now: () => number,
  ) {}

  /** The chain entry of a resource node (cached for `refreshMs`; `force` queries the chain). */
  async lookup(address: string, force = false): Promise<RegistryEntry | null> {
    const c = this.chain.get(address);
    if (!force && c && this.now() - c.fetchedMs < this.refreshMs) return c.entry;
    const entry = await this.gateway.resourceNode(address);
    this.chain.set(address, { entry, fetchedMs: this.now() });
    return entry;
  }

  /** The cached chain entry, without querying. */
  cached(address: string): RegistryEntry | null | undefined {
    return this.chain.get(address)?.entry;
  }

  /** Records a heartbeat (the caller has checked the signature and the registry). */
  heartbeat(n: Omit<NodeRecord, "last_heartbeat_ms">): void {
    this.db.putNode({ ...n, last_heartbeat_ms: this.now() });
  }

  isHealthy(address: string): boolean {
    const n = this.db.getNode(address);
    return n !== undefined && this.viewOf(n).healthy;
  }

  private viewOf(n: NodeRecord): NodeView {
    const c = this.chain.get(n.address)?.entry;
    const registered = isActiveResourceNode(c ?? null);
    const free = BigInt(n.capacity_bytes) - BigInt(n.used_bytes);
    return {
      ...n,
      registered,
      ...(c ? { owner: c.owner } : {}),
      free_bytes: free > 0n ? free : 0n,
      healthy: registered && this.now() - n.last_heartbeat_ms <= this.healthTimeoutMs,
    };
  }

  view(address: string): NodeView | undefined {
    const n = this.db.getNode(address);
    return n ? this.viewOf(n) : undefined;
  }

  all(): NodeView[] {
    return this.db.allNodes().map((n) => this.viewOf(n));
  }

  healthy(): NodeView[] {
    return this.all().filter((n) => n.healthy);
  }

  /** Re-reads the chain entry of every known node (errors leave the old entry in place). */
  async refresh(): Promise<void> {
    for (const n of this.db.allNodes()) {
      try {
        await this.lookup(n.address, true);
      } catch {
        // keep the cached entry; the next refresh retries
      }
    }
  }
}
