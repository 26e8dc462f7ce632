import { canonicalJson, type Envelope, type Receipt, type StoredAck, unixNow } from "@stratos/sdk";

/** Where the resource node's background work reports trouble. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** A failed call to the meta node (network error, timeout or non-2xx answer). */
export class MetaCallError extends Error {
  override readonly name = "MetaCallError";
  constructor(
    message: string,
    /** HTTP status, or undefined when no answer came. */
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/**
 * A short reason for a failed `fetch` (undici hides it in `cause`: ECONNREFUSED, a timeout, ...).
 *
 * @example
 * try { await fetch(url); } catch (e) { log.warn(fetchErrorReason(e)); }
 */
export function fetchErrorReason(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return "timed out";
  const c = err?.cause;
  return c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? err?.message ?? String(e);
}

/**
 * POSTs JSON to the meta node (`fetch`, with a timeout). Bodies are canonical JSON so that bigint
 * values and signatures survive unchanged.
 *
 * @example
 * const meta = new MetaClient("http://127.0.0.1:18000", 10_000);
 * await meta.post("/v1/acks", ackEnvelope);
 */
export class MetaClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** POSTs `body` to `path`; resolves with the parsed JSON answer, throws MetaCallError otherwise. */
  async post(path: string, body: unknown): Promise<unknown> {
    const url = new URL(path, this.baseUrl.endsWith("/") ? this.baseUrl : `${this.baseUrl}/`).toString();
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: canonicalJson(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new MetaCallError(`POST ${url}: ${fetchErrorReason(e)}`, undefined);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) throw new MetaCallError(`POST ${url}: HTTP ${res.status} ${text.slice(0, 300)}`, res.status);
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      return {};
    }
  }
}

/**
 * Delivers `stored.ack` envelopes to the meta node's `/v1/acks`: at once, then retried with
 * back-off (1 s doubling to 30 s) while the meta node is unreachable or failing (5xx), for up to
 * `giveUpMs`. An ack whose envelope expired meanwhile is signed again by `resign`. A 4xx answer is
 * final (logged, dropped).
 */
export class AckOutbox {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly meta: MetaClient,
    private readonly resign: (payload: StoredAck) => Envelope<StoredAck>,
    private readonly log: Logger,
    private readonly giveUpMs = 3_600_000,
  ) {}

  /** Starts delivering an ack (does not wait for it). */
  send(ack: Envelope<StoredAck>): void {
    void this.attempt(ack, Date.now(), 1_000);
  }

  private async attempt(ack: Envelope<StoredAck>, since: number, delay: number): Promise<void> {
    if (this.closed) return;
    let env = ack;
    if (BigInt(env.payload.expires) <= unixNow() + 5n) env = this.resign(env.payload);
    try {
      await this.meta.post("/v1/acks", env);
    } catch (e) {
      const status = (e as MetaCallError).status;
      if (status !== undefined && status >= 400 && status < 500) {
        this.log.warn({ cid: env.payload.cid, slice_index: env.payload.slice_index, err: (e as Error).message }, "meta node refused the ack");
        return;
      }
      if (this.closed || Date.now() - since > this.giveUpMs) {
        this.log.warn({ cid: env.payload.cid, slice_index: env.payload.slice_index, err: (e as Error).message }, "ack not delivered to the meta node");
        return;
      }
      const t = setTimeout(() => {
        this.pending.delete(t);
        void this.attempt(env, since, Math.min(delay * 2, 30_000));
      }, delay);
      t.unref();
      this.pending.add(t);
    }
  }

  /** Stops retrying. */
  close(): void {
    this.closed = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}

/**
 * Batches checked receipt envelopes and forwards them to the meta node's `/v1/receipts` every
 * `flushMs` (or at once when `batchSize` are waiting). Undelivered receipts stay queued and are
 * retried at the next flush until they expire; at most `maxQueued` are kept (oldest dropped).
 */
export class ReceiptForwarder {
  private queue: Envelope<Receipt>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Receipts the meta node accepted / rejected since start. */
  forwarded = 0;
  rejectedByMeta = 0;

  constructor(
    private readonly meta: MetaClient,
    private readonly log: Logger,
    private readonly flushMs: number,
    private readonly batchSize = 500,
    private readonly maxQueued = 100_000,
  ) {}

  /** Number of receipts waiting to be forwarded. */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues receipts for the next batch. */
  enqueue(receipts: readonly Envelope<Receipt>[]): void {
    if (this.closed || receipts.length === 0) return;
    this.queue.push(...receipts);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.length - this.maxQueued;
      this.queue.splice(0, dropped);
      this.log.warn({ dropped }, "receipt queue full; oldest receipts dropped");
    }
    if (this.queue.length >= this.batchSize) void this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
    this.timer.unref();
  }

  /** Sends what is queued now (one batch after another); resolves when done or failed. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.run().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    const now = unixNow();
    this.queue = this.queue.filter((r) => BigInt(r.payload.expires) >= now);
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        const answer = (await this.meta.post("/v1/receipts", { receipts: batch })) as { accepted?: unknown; rejected?: unknown };
        const rejected = Array.isArray(answer.rejected) ? answer.rejected.length : 0;
        this.forwarded += batch.length - rejected;
        this.rejectedByMeta += rejected;
        if (rejected > 0) this.log.warn({ rejected: answer.rejected }, "meta node rejected receipts");
        this.queue.splice(0, batch.length);
      } catch (e) {
        const status = (e as MetaCallError).status;
        if (status !== undefined && status >= 400 && status < 500) {
          // The batch itself was refused: drop it rather than retrying forever.
          this.log.warn({ count: batch.length, err: (e as Error).message }, "meta node refused a receipt batch");
          this.queue.splice(0, batch.length);
          continue;
        }
        this.log.warn({ queued: this.queue.length, err: (e as Error).message }, "receipts not forwarded; will retry");
        return;
      }
    }
  }

  /** Makes one last attempt to deliver what is queued, then stops. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = true;
    await this.flush().catch(() => undefined);
  }
}
