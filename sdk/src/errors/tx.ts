import { StratosError } from "./base";

/**
 * Where a chain error code comes from: `sdk` for the Cosmos SDK root errors, else a module name.
 *
 * @example
 * catch (e) { if (e instanceof TxFailedError && e.codespace === "register") console.log(e.code, e.log); }
 */
export interface ChainErrorCode {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
}

const HINTS: Record<string, string> = {
  "sdk/32": "another tx from this account is pending or the sequence is stale: wait for it, or sign with the sequence the error expects",
  "sdk/4": "check the chain-id and account number the tx was signed for",
  "sdk/5": "the account does not hold enough for the amount plus the fee",
  "sdk/13": "raise the fee: it must be at least gas limit x minimum gas price (1000000000wei on the localnet)",
  "sdk/11": "raise the gas limit, or use fee \"auto\" to simulate first",
};

function hintsFor(c: ChainErrorCode): string[] {
  const h = HINTS[`${c.codespace}/${c.code}`];
  return h ? [h] : [];
}

/**
 * The node refused the tx at CheckTx: it never entered the mempool and nothing changed on
 * chain (no fee, no sequence bump).
 *
 * @example
 * catch (e) { if (e instanceof TxRejectedError && e.code === 32) resync(); }
 */
export class TxRejectedError extends StratosError implements ChainErrorCode {
  override readonly name = "TxRejectedError";
  constructor(
    readonly code: number,
    readonly codespace: string,
    readonly log: string,
  ) {
    super(`transaction rejected by the node (${codespace} ${code})`, { details: log, hints: hintsFor({ code, codespace, log }) });
  }
}

/**
 * The tx was included in a block but failed: its fee was charged and its sequence used,
 * its messages changed nothing.
 *
 * @example
 * catch (e) { if (e instanceof TxFailedError) console.log(`failed in block ${e.height}: ${e.log}`); }
 */
export class TxFailedError extends StratosError implements ChainErrorCode {
  override readonly name = "TxFailedError";
  constructor(
    readonly code: number,
    readonly codespace: string,
    readonly log: string,
    readonly height: number,
    readonly txHash: string,
  ) {
    super(`transaction ${txHash} failed in block ${height} (${codespace} ${code})`, { details: log, hints: hintsFor({ code, codespace, log }) });
  }
}

/**
 * The tx was accepted into the mempool but not seen in a block in time. It may still be
 * included: look it up by `txHash` before sending it again.
 *
 * @example
 * catch (e) { if (e instanceof TxTimeoutError) await client.getTx(e.txHash); }
 */
export class TxTimeoutError extends StratosError {
  override readonly name = "TxTimeoutError";
  constructor(
    readonly txHash: string,
    readonly waitedMs: number,
  ) {
    super(`transaction ${txHash} was not included within ${waitedMs} ms`, {
      hints: ["it may still be included: look it up by hash before sending it again"],
    });
  }
}
