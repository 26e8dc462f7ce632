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
  /** Slices lost to corruption that the meta node has not been told about yet. */
  lost?(): { cid: string; slice_index: string }[];
  /** Called with the `lost` list of a heartbeat the meta node accepted. */
  lostDelivered?(list: readonly { cid: string; slice_index: string }[]): void;
}

/**
 * The signed heartbeat envelope of this node right now.
 *
 * @example
 * const env = heartbeatEnvelope(key, source); // POST to <meta>/v1/heartbeats
 */
export function heartbeatEnvelope(key: NodeKey, source: HeartbeatSource, lost = source.lost?.()): Envelope<Heartbeat> {
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
      ...(lost && lost.length > 0 ? { lost } : {}),
    },
    key,
  );
}

/**
 * Sends a signed heartbeat to the meta node's `/v1/heartbeats` at once and then every `intervalMs`
 * (0: only when `beat()` is called). A meta node that is down is tolerated: the failure is logged
 * once, and its return once.
 */
export class Heartbeats {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private reachable: boolean | undefined;
  private stopped = false;
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

  /** Sends one heartbeat now (joins one already under way); resolves true when the meta node took it. */
  beat(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.send().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async send(): Promise<boolean> {
    try {
      const lost = this.source.lost?.() ?? [];
      await this.meta.post("/v1/heartbeats", heartbeatEnvelope(this.key, this.source, lost));
      if (lost.length > 0) this.source.lostDelivered?.(lost);
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
