import { expiresIn, newNonce, signAsNode, type Envelope, type Heartbeat, type NodeKey } from "@stratos/sdk";
import type { Logger, MetaClient } from "./meta-client";

/** How long a heartbeat envelope is valid. */
const HEARTBEAT_TTL_SECONDS = 120;

/** What a heartbeat reports, read fresh for every beat. */
export interface HeartbeatSource {
  readonly chainId: string;
  readonly url: string;
  /** Capacity to announce (0 free when the disk takes no writes). */
  capacityBytes(): number;
  usedBytes(): number;
  slices(): number;
}

/** A slice this node no longer holds (found corrupt and quarantined). */
export interface LostSlice {
  readonly cid: string;
  readonly slice_index: string;
}

/** At most this many lost slices per heartbeat (the rest go with the next ones). */
const MAX_LOST_PER_BEAT = 1024;

/**
 * The signed heartbeat envelope of this node right now.
 *
 * @example
 * const env = heartbeatEnvelope(key, source); // POST to <meta>/v1/heartbeats
 */
export function heartbeatEnvelope(key: NodeKey, source: HeartbeatSource, lost: readonly LostSlice[] = []): Envelope<Heartbeat> {
  return signAsNode<Heartbeat>(
    {
      type: "heartbeat",
      chain_id: source.chainId,
      nonce: newNonce(),
      expires: expiresIn(HEARTBEAT_TTL_SECONDS),
      node: key.address,
      url: source.url,
      capacity_bytes: String(source.capacityBytes()),
      used_bytes: String(source.usedBytes()),
      slices: String(source.slices()),
      ...(lost.length > 0 ? { lost: [...lost] } : {}),
    },
    key,
  );
}

/**
 * Sends a signed heartbeat to the meta node's `/v1/heartbeats` at once and then every `intervalMs`
 * (0: only when `beat()` is called). A meta node that is down is tolerated: the failure is logged
 * once, and its return once. Slices reported lost (`reportLost`) ride along with every heartbeat
 * until the meta node has accepted one carrying them.
 */
export class Heartbeats {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private reachable: boolean | undefined;
  private stopped = false;
  /** Lost slices the meta node has not accepted yet, by `cid/index`. */
  private readonly lost = new Map<string, LostSlice>();
  /** Heartbeats the meta node accepted since start. */
  sent = 0;

  constructor(
    private readonly key: NodeKey,
    private readonly source: HeartbeatSource,
    private readonly meta: MetaClient,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Sends the first heartbeat and starts the timer. */
  start(): void {
    void this.beat();
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => void this.beat(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Queues a slice this node lost for the next heartbeats and sends one at once. */
  reportLost(cid: string, index: number): void {
    this.lost.set(`${cid}/${index}`, { cid, slice_index: String(index) });
    // A beat under way was signed without it; the one after it carries it.
    void this.beat().then(() => (this.lost.has(`${cid}/${index}`) ? this.beat() : true));
  }

  /** Sends one heartbeat now (joins one already under way); resolves true when the meta node took it. */
  beat(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.send().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async send(): Promise<boolean> {
    try {
      const lost = [...this.lost.values()].slice(0, MAX_LOST_PER_BEAT);
      await this.meta.post("/v1/heartbeats", heartbeatEnvelope(this.key, this.source, lost));
      for (const l of lost) this.lost.delete(`${l.cid}/${l.slice_index}`);
      this.sent += 1;
      if (this.reachable === false) this.log.info({ meta: this.meta.baseUrl }, "meta node reachable again");
      this.reachable = true;
      return true;
    } catch (e) {
      if (this.reachable !== false) this.log.warn({ meta: this.meta.baseUrl, err: (e as Error).message }, "heartbeat failed; will keep trying");
      this.reachable = false;
      return false;
    }
  }

  /** Stops the timer (a beat under way finishes on its own). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
