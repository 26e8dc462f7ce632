import { MeshAbortError } from "./errors";

/**
 * Waits `ms` milliseconds; rejects with MeshAbortError as soon as `signal` aborts.
 *
 * @example
 * await sleep(500, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MeshAbortError({ cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(t);
      reject(new MeshAbortError({ cause: signal?.reason }));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Exponential backoff with jitter for retry `attempt` (0-based): about base·2^attempt, at most `capMs`.
 *
 * @example
 * await sleep(backoffMs(2)); // ~1 s
 */
export function backoffMs(attempt: number, baseMs = 250, capMs = 5_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/**
 * Runs `worker` over `items` with at most `limit` at a time; the first failure stops new work and
 * is thrown once the running ones settle.
 *
 * @example
 * await runPool([1, 2, 3], 2, async (n) => console.log(n));
 */
export async function runPool<T>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        await worker(items[i]!, i);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
