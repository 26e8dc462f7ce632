/** How {@link pollUntil} polls. */
export interface PollOptions {
  readonly timeoutMs: number;
  /** Pause between two probes. */
  readonly intervalMs: number;
  /** The message of the error thrown when time is up (called then, so it can name the last state). */
  readonly timeoutMessage: () => string;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `probe` until it answers something other than undefined and resolves with that; throws
 * `timeoutMessage()` once `timeoutMs` have passed. A probe that throws ends the wait with its error
 * (e.g. "the process died"). The one readiness loop of the localnet (ports, heights, daemons, mesh).
 *
 * @example
 * const h = await pollUntil(async () => { const h = await node.height(); return h !== undefined && h >= 2n ? h : undefined; },
 *   { timeoutMs: 60_000, intervalMs: 250, timeoutMessage: () => "no blocks within 60 s" });
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(opts.timeoutMessage());
    await sleep(opts.intervalMs);
  }
}

/**
 * For tests: calls `probe` until it answers something truthy and resolves with that. A probe that
 * throws counts as "not yet" (a node still starting, a record not on chain yet); when time is up
 * the error names `what` and the last error seen.
 *
 * @example
 * const report = await eventually("a volume report on chain", () => chain.pot.volumeReport(0n), 120_000);
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 90_000, intervalMs = 300): Promise<T> {
  let lastError: unknown;
  return pollUntil(
    async () => {
      try {
        return (await probe()) || undefined;
      } catch (e) {
        lastError = e;
        return undefined;
      }
    },
    { timeoutMs, intervalMs, timeoutMessage: () => `timed out waiting for ${what}${lastError === undefined ? "" : `; last error: ${(lastError as Error).message ?? String(lastError)}`}` },
  );
}

/**
 * GETs `url`: undefined when nothing answers or the status is not 2xx, else the JSON body (null
 * when the body is not JSON).
 */
export async function fetchJson(url: string, timeoutMs = 2_000): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return undefined;
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  return ((await res.json().catch(() => null)) as unknown) ?? null;
}
