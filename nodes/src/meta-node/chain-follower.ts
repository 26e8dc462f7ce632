import { prepayCredits, type ChainGateway } from "./chain-gateway";
import type { MetaDb } from "./db";
import { acceptingEpoch, epochOf } from "./epochs";
import type { NodeRegistry } from "./registry";

/**
 * Follows the chain: polls the latest height, applies every block after the cursor (prepay credits
 * and the cursor move in one LMDB transaction per block, so a restart never credits twice or skips
 * a block), keeps the tip and the epoch length for the rest of the node, and refreshes the
 * resource-node registry every `registryRefreshMs`.
 */
export class ChainFollower {
  /** Latest chain height seen (0 until the first poll). */
  tip = 0;
  /** pot `epoch_length` (0 until known). */
  epochLength = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastRegistryRefreshMs = 0;
  private lastEpochLengthMs = 0;
  /** The last error of a poll (for status / logs). */
  lastError: string | undefined;

  constructor(
    private readonly db: MetaDb,
    private readonly gateway: ChainGateway,
    private readonly registry: NodeRegistry,
    private readonly opts: { pollIntervalMs: number; registryRefreshMs: number; startHeight: number; now: () => number; maxBlocksPerPoll?: number },
  ) {}

  /** The epoch of the chain tip. */
  currentEpoch(): number {
    return this.epochLength > 0 ? epochOf(this.tip, this.epochLength) : 0;
  }

  /** The epoch receipts accepted now belong to (the epoch of the next block). */
  acceptingEpoch(): number {
    if (this.epochLength <= 0) throw new Error("the epoch length is not known yet");
    return acceptingEpoch(this.tip, this.epochLength);
  }

  /** Reads tip and epoch length once (start-up). */
  async init(): Promise<void> {
    this.tip = Math.max(this.tip, await this.gateway.height());
    this.epochLength = await this.gateway.epochLength();
    this.lastEpochLengthMs = this.opts.now();
    if (this.db.cursor() === 0 && this.opts.startHeight > 1) this.db.setCursor(this.opts.startHeight - 1);
  }

  /** One poll: tip, blocks up to it, registry refresh when due. Returns the number of blocks applied. */
  async pollOnce(): Promise<number> {
    const tip = await this.gateway.height();
    if (tip > this.tip) this.tip = tip;
    const now = this.opts.now();
    if (this.epochLength <= 0 || now - this.lastEpochLengthMs > 60_000) {
      this.epochLength = await this.gateway.epochLength();
      this.lastEpochLengthMs = now;
    }
    let applied = 0;
    const max = this.opts.maxBlocksPerPoll ?? 1000;
    for (let h = this.db.cursor() + 1; h <= this.tip && applied < max && !this.stopped; h++) {
      const events = await this.gateway.blockEvents(h);
      this.db.applyBlock(h, prepayCredits(events));
      applied++;
    }
    if (now - this.lastRegistryRefreshMs >= this.opts.registryRefreshMs) {
      this.lastRegistryRefreshMs = now;
      await this.registry.refresh();
    }
    return applied;
  }

  /** Polls until stopped; errors are kept in `lastError` and retried on the next tick. */
  start(onError?: (e: unknown) => void): void {
    const loop = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        const n = await this.pollOnce();
        this.lastError = undefined;
        if (n >= (this.opts.maxBlocksPerPoll ?? 1000) && !this.stopped) {
          this.timer = setTimeout(() => void (this.running = loop()), 0);
          return;
        }
      } catch (e) {
        this.lastError = (e as Error).message ?? String(e);
        onError?.(e);
      }
      if (!this.stopped) this.timer = setTimeout(() => void (this.running = loop()), this.opts.pollIntervalMs);
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
