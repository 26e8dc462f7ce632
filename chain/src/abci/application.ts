import type {
  RequestApplySnapshotChunk,
  RequestCheckTx,
  RequestCommit,
  RequestExtendVote,
  RequestFinalizeBlock,
  RequestInfo,
  RequestInitChain,
  RequestListSnapshots,
  RequestLoadSnapshotChunk,
  RequestOfferSnapshot,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  RequestVerifyVoteExtension,
  ResponseApplySnapshotChunk,
  ResponseCheckTx,
  ResponseCommit,
  ResponseExtendVote,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponseListSnapshots,
  ResponseLoadSnapshotChunk,
  ResponseOfferSnapshot,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseQuery,
  ResponseVerifyVoteExtension,
} from "cosmjs-types/tendermint/abci/types";

/** A handler result: plain for synchronous apps (the fast path), or a promise. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The ABCI 2.0 (CometBFT v0.38) application contract served by {@link AbciServer}.
 *
 * Method names match the `Request`/`Response` oneof field names, so the server can route
 * by name. Echo and Flush are protocol plumbing and answered by the server itself. The
 * server never calls two methods at once (one global lock across all four connections),
 * so implementations need no locking of their own. A thrown error is fatal: the server
 * answers with `ResponseException` and drops the connection, and CometBFT then stops.
 */
export interface AbciApplication {
  /** Handshake (query conn): report the last committed height and app hash. */
  info(req: RequestInfo): MaybePromise<ResponseInfo>;
  /** Genesis (consensus conn): only called when `info` reports height 0. */
  initChain(req: RequestInitChain): MaybePromise<ResponseInitChain>;
  /** Read-only state query (query conn). */
  query(req: RequestQuery): MaybePromise<ResponseQuery>;
  /** Mempool admission and re-check (mempool conn). */
  checkTx(req: RequestCheckTx): MaybePromise<ResponseCheckTx>;
  /** Proposer builds the block's tx list; total bytes must stay within `maxTxBytes`. */
  prepareProposal(req: RequestPrepareProposal): MaybePromise<ResponsePrepareProposal>;
  /** Every node votes on a proposal; the status must be set explicitly (UNKNOWN panics). */
  processProposal(req: RequestProcessProposal): MaybePromise<ResponseProcessProposal>;
  /** Executes the decided block; returns one result per tx and the new app hash. */
  finalizeBlock(req: RequestFinalizeBlock): MaybePromise<ResponseFinalizeBlock>;
  /** Persists the state produced by the last `finalizeBlock`. */
  commit(req: RequestCommit): MaybePromise<ResponseCommit>;
  /** Vote extension payload (only when vote extensions are enabled). */
  extendVote(req: RequestExtendVote): MaybePromise<ResponseExtendVote>;
  /** Checks another validator's vote extension; status must be set explicitly. */
  verifyVoteExtension(req: RequestVerifyVoteExtension): MaybePromise<ResponseVerifyVoteExtension>;
  /** State sync (snapshot conn): snapshots this node can serve. */
  listSnapshots(req: RequestListSnapshots): MaybePromise<ResponseListSnapshots>;
  /** State sync: accept or reject a snapshot offered by a peer. */
  offerSnapshot(req: RequestOfferSnapshot): MaybePromise<ResponseOfferSnapshot>;
  /** State sync: serve one chunk of a local snapshot. */
  loadSnapshotChunk(req: RequestLoadSnapshotChunk): MaybePromise<ResponseLoadSnapshotChunk>;
  /** State sync: apply one chunk of the snapshot being restored. */
  applySnapshotChunk(req: RequestApplySnapshotChunk): MaybePromise<ResponseApplySnapshotChunk>;
}

/** Name of an application method, e.g. for error hooks and per-method counters. */
export type AbciMethod = keyof AbciApplication;

/** All application methods, in `Request` oneof field-number order. */
export const ABCI_METHODS = [
  "info",
  "initChain",
  "query",
  "checkTx",
  "commit",
  "listSnapshots",
  "offerSnapshot",
  "loadSnapshotChunk",
  "applySnapshotChunk",
  "prepareProposal",
  "processProposal",
  "extendVote",
  "verifyVoteExtension",
  "finalizeBlock",
] as const satisfies readonly AbciMethod[];
