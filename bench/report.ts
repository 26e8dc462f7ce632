/** Shared bits of the benchmark scripts: env-sized parameters and aligned text tables. */

/** A numeric setting from the environment (BENCH_*), or its default. */
export function num(name: string, dflt: number): number {
  return Number(process.env[name] ?? dflt);
}

/** Rows as an aligned table: first column left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}

/** Samples this process's RSS every 50 ms while `fn` runs. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; rssBefore: number; rssPeak: number }> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const timer = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    return { value, seconds, rssBefore, rssPeak };
  } finally {
    clearInterval(timer);
  }
}
