import { StratosError } from "../errors/base";

/**
 * What did not check:
 * - `rpc_shape`: an RPC answer is not the JSON CometBFT sends (or an RPC call failed)
 * - `header`: a header is inconsistent with its commit (height, block id, chain id)
 * - `commit`: signatures or voting power of a commit do not check
 * - `validators`: a validator set does not hash to the header's, or is malformed
 * - `trust`: the light-client rules refuse the header (expired trust, future time, wrong chain, not increasing)
 * - `proof`: a Merkle proof does not lead to the app hash
 * - `value`: the proven value is not the one answered
 * - `chunk`: a mesh chunk proof does not check
 * - `receipt`: a receipt is not included where it claims to be
 *
 * @example
 * const kind: ProofErrorKind = "commit";
 */
export type ProofErrorKind = "rpc_shape" | "header" | "commit" | "validators" | "trust" | "proof" | "value" | "chunk" | "receipt";

/**
 * A verification failed: `kind` says which check, the message says why, `height` (when known)
 * at which height. Never retried silently: the data is not trustworthy.
 *
 * @example
 * try { verifyCommit(chainId, vals, signedHeader); } catch (e) {
 *   if (e instanceof ProofError) console.error(e.kind, e.height, e.message);
 * }
 */
export class ProofError extends StratosError {
  override readonly name = "ProofError";
  readonly kind: ProofErrorKind;
  readonly height?: bigint;
  /** The message without the kind and height in front. */
  readonly reason: string;

  constructor(kind: ProofErrorKind, message: string, height?: bigint, options: { cause?: unknown } = {}) {
    super(height === undefined ? `${kind}: ${message}` : `${kind} at height ${height}: ${message}`, options);
    this.kind = kind;
    this.reason = message;
    if (height !== undefined) this.height = height;
  }
}

/**
 * Runs `f`; anything it throws that is not a ProofError (a malformed object, a decoder's own
 * error) becomes ProofError `kind` (at `height`, when given) with the message `prefix: message`
 * and the cause kept.
 *
 * @example
 * const proof = asProofError("proof", "malformed proof", () => CommitmentProof.decode(bytes));
 */
export function asProofError<T>(kind: ProofErrorKind, prefix: string, f: () => T, height?: bigint): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ProofError) throw e;
    throw new ProofError(kind, `${prefix}: ${(e as Error).message}`, height, { cause: e });
  }
}
