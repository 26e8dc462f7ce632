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
