/** A one-line progress counter on stderr (benchmarks are long; show they are moving). */
export class Progress {
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(n: number): void {
    const now = Date.now();
    if (now - this.last < 250 && n < this.total) return;
    this.last = now;
    const pct = this.total > 0 ? Math.floor((100 * n) / this.total) : 100;
    process.stderr.write(`\r  ${this.label} ${n}/${this.total} (${pct}%)   `);
  }

  done(): void {
    process.stderr.write("\n");
  }
}
