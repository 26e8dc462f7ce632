/**
 * The root of every error the SDK throws: a one-line `shortMessage`, optional `details`
 * (what the node said) and `hints` (what to try), and the underlying `cause`.
 *
 * @example
 * try { await client.send(to, 1n); } catch (e) { if (e instanceof StratosError) console.log(e.shortMessage, e.hints); }
 */
export class StratosError extends Error {
  override readonly name: string = "StratosError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hints: readonly string[];

  constructor(shortMessage: string, options: { details?: string; hints?: readonly string[]; cause?: unknown } = {}) {
    const lines = [shortMessage];
    if (options.details) lines.push(`Details: ${options.details}`);
    for (const h of options.hints ?? []) lines.push(`Hint: ${h}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hints = options.hints ?? [];
  }
}
