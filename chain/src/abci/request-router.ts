import { Request, type Response } from "cosmjs-types/tendermint/abci/types";
import { ABCI_METHODS, type AbciApplication, type AbciMethod, type MaybePromise } from "./application";
import { FrameError } from "./frame-decoder";

/** The oneof fields of `Request` in v0.38: the two the server answers itself, then the app's. */
const REQUEST_KINDS = ["echo", "flush", ...ABCI_METHODS] as const;

/** Which oneof a `Request` carries. */
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Decodes one frame body into a `Request` carrying exactly one known oneof.
 *
 * Protobuf decoding is lenient (unknown fields are skipped, an empty body decodes to
 * `Request{}`), so "no oneof set" is the only signal for a frame that is not a request
 * (e.g. a future method, or garbage). Two oneofs at once cannot come from CometBFT either.
 * Both throw {@link FrameError} with code `bad-message`.
 */
export function decodeRequest(body: Uint8Array): { request: Request; kind: RequestKind } {
  let request: Request;
  try {
    request = Request.decode(body);
  } catch (err) {
    throw new FrameError("bad-message", `request does not decode as tendermint.abci.Request: ${errorMessage(err)}`);
  }
  let kind: RequestKind | undefined;
  for (const candidate of REQUEST_KINDS) {
    if (request[candidate] === undefined) continue;
    if (kind !== undefined) {
      throw new FrameError("bad-message", `request sets two oneof fields (${kind}, ${candidate})`);
    }
    kind = candidate;
  }
  if (kind === undefined) {
    throw new FrameError(
      "bad-message",
      `request (${body.length} bytes) carries no known method; unsupported ABCI version?`,
    );
  }
  return { request, kind };
}

/**
 * A call into the application for one request: the method name (for logs and hooks) and a
 * thunk run under the server's global lock, producing the wrapped `Response`.
 */
export interface AppCall {
  readonly method: AbciMethod;
  readonly invoke: (app: AbciApplication) => MaybePromise<Response> | PromiseLike<Response>;
}

/** True for promises and other thenables (apps may return any PromiseLike at runtime). */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function wrap<T>(
  result: T | PromiseLike<T>,
  toResponse: (value: T) => Response,
): Response | PromiseLike<Response> {
  return isThenable(result) ? result.then(toResponse) : toResponse(result);
}

/**
 * Maps a decoded request to its application call, or `undefined` for Echo and Flush, which
 * the server answers itself. Written as an explicit table so every method stays type-checked.
 */
export function routeRequest(request: Request): AppCall | undefined {
  const r = request;
  if (r.info) {
    const q = r.info;
    return { method: "info", invoke: (app) => wrap(app.info(q), (info) => ({ info })) };
  }
  if (r.initChain) {
    const q = r.initChain;
    return { method: "initChain", invoke: (app) => wrap(app.initChain(q), (initChain) => ({ initChain })) };
  }
  if (r.query) {
    const q = r.query;
    return { method: "query", invoke: (app) => wrap(app.query(q), (query) => ({ query })) };
  }
  if (r.checkTx) {
    const q = r.checkTx;
    return { method: "checkTx", invoke: (app) => wrap(app.checkTx(q), (checkTx) => ({ checkTx })) };
  }
  if (r.commit) {
    const q = r.commit;
    return { method: "commit", invoke: (app) => wrap(app.commit(q), (commit) => ({ commit })) };
  }
  if (r.listSnapshots) {
    const q = r.listSnapshots;
    return {
      method: "listSnapshots",
      invoke: (app) => wrap(app.listSnapshots(q), (listSnapshots) => ({ listSnapshots })),
    };
  }
  if (r.offerSnapshot) {
    const q = r.offerSnapshot;
    return {
      method: "offerSnapshot",
      invoke: (app) => wrap(app.offerSnapshot(q), (offerSnapshot) => ({ offerSnapshot })),
    };
  }
  if (r.loadSnapshotChunk) {
    const q = r.loadSnapshotChunk;
    return {
      method: "loadSnapshotChunk",
      invoke: (app) => wrap(app.loadSnapshotChunk(q), (loadSnapshotChunk) => ({ loadSnapshotChunk })),
    };
  }
  if (r.applySnapshotChunk) {
    const q = r.applySnapshotChunk;
    return {
      method: "applySnapshotChunk",
      invoke: (app) => wrap(app.applySnapshotChunk(q), (applySnapshotChunk) => ({ applySnapshotChunk })),
    };
  }
  if (r.prepareProposal) {
    const q = r.prepareProposal;
    return {
      method: "prepareProposal",
      invoke: (app) => wrap(app.prepareProposal(q), (prepareProposal) => ({ prepareProposal })),
    };
  }
  if (r.processProposal) {
    const q = r.processProposal;
    return {
      method: "processProposal",
      invoke: (app) => wrap(app.processProposal(q), (processProposal) => ({ processProposal })),
    };
  }
  if (r.extendVote) {
    const q = r.extendVote;
    return { method: "extendVote", invoke: (app) => wrap(app.extendVote(q), (extendVote) => ({ extendVote })) };
  }
  if (r.verifyVoteExtension) {
    const q = r.verifyVoteExtension;
    return {
      method: "verifyVoteExtension",
      invoke: (app) => wrap(app.verifyVoteExtension(q), (verifyVoteExtension) => ({ verifyVoteExtension })),
    };
  }
  if (r.finalizeBlock) {
    const q = r.finalizeBlock;
    return {
      method: "finalizeBlock",
      invoke: (app) => wrap(app.finalizeBlock(q), (finalizeBlock) => ({ finalizeBlock })),
    };
  }
  return undefined;
}

/** Message text of any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
