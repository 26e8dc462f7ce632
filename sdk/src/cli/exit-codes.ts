import { StratosError } from "../errors/base";
import { TxFailedError, TxRejectedError, TxTimeoutError } from "../errors/tx";
import { IntegrityError, MeshAbortError, MeshRequestError, OzoneInsufficientError, rootCause } from "../storage/errors";
import { ProofError } from "../verifier/errors";
import { UsageError } from "./amounts";

/**
 * The exit codes of the `stratos` CLI.
 *
 * @example
 * if (code === EXIT.OZONE) console.error("buy ozone first");
 */
export const EXIT = {
  OK: 0,
  /** Bad usage or input (unknown option, bad amount, missing key, unknown CID...). */
  USAGE: 1,
  /** The chain refused or failed a transaction, or a chain query failed. */
  CHAIN: 2,
  /** Bytes or records did not match their CID, or a proof did not check. */
  INTEGRITY: 3,
  /** Not enough ozone. */
  OZONE: 4,
  /** A node (meta, resource or chain RPC) could not be reached or failed. */
  NETWORK: 5,
  /** Interrupted (Ctrl-C). */
  ABORTED: 130,
} as const;

/**
 * The chain RPC could not be reached (exit code 5).
 *
 * @example
 * throw new ChainUnreachableError("http://127.0.0.1:26657", cause);
 */
export class ChainUnreachableError extends StratosError {
  override readonly name = "ChainUnreachableError";
  constructor(rpcUrl: string, cause: unknown) {
    super(`cannot reach the chain at ${rpcUrl}`, { cause, details: cause instanceof Error ? cause.message : String(cause), hints: ["is the node running? (make localnet-start), or pass --rpc"] });
  }
}

/**
 * A chain query failed (exit code 2).
 *
 * @example
 * throw new ChainQueryError("rewards of st1...", cause);
 */
export class ChainQueryError extends StratosError {
  override readonly name = "ChainQueryError";
  constructor(what: string, cause: unknown) {
    super(`chain query failed: ${what}`, { cause, details: cause instanceof Error ? cause.message : String(cause) });
  }
}

/**
 * The exit code for an error thrown by a command.
 *
 * @example
 * process.exitCode = exitCodeFor(err);
 */
export function exitCodeFor(e: unknown): number {
  const err = rootCause(e);
  if (err instanceof MeshAbortError) return EXIT.ABORTED;
  if (err instanceof IntegrityError || err instanceof ProofError) return EXIT.INTEGRITY;
  if (err instanceof OzoneInsufficientError) return EXIT.OZONE;
  if (err instanceof TxRejectedError || err instanceof TxFailedError || err instanceof TxTimeoutError) return EXIT.CHAIN;
  if (err instanceof ChainUnreachableError) return EXIT.NETWORK;
  if (err instanceof ChainQueryError) return EXIT.CHAIN;
  if (err instanceof MeshRequestError) {
    if (err.status === 400 || err.status === 404) return EXIT.USAGE;
    return EXIT.NETWORK;
  }
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof StratosError) return EXIT.USAGE;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT" || code === "ENOTFOUND" || code === "EHOSTUNREACH") return EXIT.NETWORK;
  return EXIT.USAGE;
}
