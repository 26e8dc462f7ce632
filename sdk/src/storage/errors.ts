import { StratosError } from "../errors/base";

/**
 * The meta node refused to issue upload (or download) tickets because the wallet's ozone balance
 * is too low (HTTP 402, code `ozone_insufficient`). Buy more with `StratosClient.prepay`.
 *
 * @example
 * try { await mesh.upload("big.bin"); } catch (e) { if (e instanceof OzoneInsufficientError) console.log(`need ${e.need} noz, have ${e.balance}`); }
 */
export class OzoneInsufficientError extends StratosError {
  override readonly name = "OzoneInsufficientError";
  /** Ozone (noz) the operation needs. */
  readonly need: bigint;
  /** Ozone (noz) the wallet holds. */
  readonly balance: bigint;

  constructor(need: bigint, balance: bigint, options: { details?: string; cause?: unknown } = {}) {
    super(`not enough ozone: need ${need} noz, have ${balance} noz`, {
      ...options,
      hints: ["buy ozone with `stratos prepay <amount>` (or StratosClient.prepay), then retry"],
    });
    this.need = need;
    this.balance = balance;
  }
}

/**
 * Data did not match what its CID commits to: a chunk or slice hashed differently, the meta node
 * announced another Merkle root, every holder of a slice served bad bytes, or the on-chain record
 * disagrees with what was uploaded. Never retried silently: the bytes are not trustworthy.
 *
 * @example
 * try { for await (const b of mesh.download(cid)) out.write(b); } catch (e) { if (e instanceof IntegrityError) console.error(e.cid, e.sliceIndex, e.details); }
 */
export class IntegrityError extends StratosError {
  override readonly name = "IntegrityError";
  /** The CID concerned, if known. */
  readonly cid: string | undefined;
  /** The slice that failed, if any. */
  readonly sliceIndex: number | undefined;
  /** The chunk (file-wide index) that failed, if known. */
  readonly chunkIndex: number | undefined;

  constructor(
    shortMessage: string,
    options: { cid?: string; sliceIndex?: number; chunkIndex?: number; details?: string; hints?: readonly string[]; cause?: unknown } = {},
  ) {
    super(shortMessage, options);
    this.cid = options.cid;
    this.sliceIndex = options.sliceIndex;
    this.chunkIndex = options.chunkIndex;
  }
}

/**
 * An HTTP exchange with a meta or resource node failed: an error answer (`status` and the node's
 * stable `code`, e.g. `bad_ticket`, `expired`, `not_found`), a timeout, or no answer at all
 * (`status` undefined, `code` `"network"` or `"timeout"`).
 *
 * @example
 * catch (e) { if (e instanceof MeshRequestError && e.code === "not_found") console.log("unknown CID"); }
 */
export class MeshRequestError extends StratosError {
  override readonly name = "MeshRequestError";
  /** HTTP status, or undefined when the node did not answer. */
  readonly status: number | undefined;
  /** The node's error code (`{ code }` of its answer), or `network` / `timeout` / `http_<status>`. */
  readonly code: string;
  /** The URL that failed. */
  readonly url: string;

  constructor(
    shortMessage: string,
    options: { status?: number; code: string; url: string; details?: string; hints?: readonly string[]; cause?: unknown },
  ) {
    super(shortMessage, options);
    this.status = options.status;
    this.code = options.code;
    this.url = options.url;
  }

  /** True when the node did not answer (connection refused, reset, timeout). */
  get isNetwork(): boolean {
    return this.status === undefined;
  }
}

/**
 * The operation was cancelled through its `AbortSignal`.
 *
 * @example
 * const ac = new AbortController(); setTimeout(() => ac.abort(), 1000);
 * try { await mesh.upload("f.bin", { signal: ac.signal }); } catch (e) { if (e instanceof MeshAbortError) console.log("cancelled"); }
 */
export class MeshAbortError extends StratosError {
  override readonly name = "MeshAbortError";
  constructor(options: { details?: string; cause?: unknown } = {}) {
    super("the operation was aborted", options);
  }
}

/**
 * An upload stopped after the meta node had issued tickets (a slice could not be stored on some
 * holder, the completion failed, ...). `uploadId` lets you resume with
 * `upload(source, { resumeUploadId })`; `cause` is the underlying error.
 *
 * @example
 * try { await mesh.upload(path); } catch (e) { if (e instanceof UploadIncompleteError) await mesh.upload(path, { resumeUploadId: e.uploadId }); }
 */
export class UploadIncompleteError extends StratosError {
  override readonly name = "UploadIncompleteError";
  readonly uploadId: string;
  constructor(uploadId: string, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(`upload ${uploadId} did not finish`, { cause, details: inner, hints: [`resume it with resumeUploadId "${uploadId}" (CLI: --resume ${uploadId})`] });
    this.uploadId = uploadId;
  }
}

/**
 * @internal Throws MeshAbortError when the signal is aborted.
 * @example
 * throwIfAborted(opts.signal);
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MeshAbortError({ cause: signal.reason });
}

/**
 * The innermost typed cause of an error (unwraps {@link UploadIncompleteError}).
 *
 * @example
 * const root = rootCause(e); if (root instanceof OzoneInsufficientError) process.exitCode = 4;
 */
export function rootCause(e: unknown): unknown {
  let cur = e;
  for (let i = 0; i < 8 && cur instanceof UploadIncompleteError; i++) cur = cur.cause;
  return cur;
}
