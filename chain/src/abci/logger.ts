/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logging surface the ABCI server needs; small enough that any logger (pino, console,
 * a test spy) fits with a one-line adapter.
 */
export interface AbciLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function line(message: string, fields?: LogFields): string {
  if (!fields) return `[abci] ${message}`;
  return `[abci] ${message} ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`;
}

/** Default logger: info to stdout, warnings and errors to stderr, debug dropped. */
export const consoleLogger: AbciLogger = {
  debug: () => undefined,
  info: (message, fields) => console.log(line(message, fields)),
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
};

/** Discards everything; for tests that provoke errors on purpose. */
export const silentLogger: AbciLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
