import {
  ExecTxResult,
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
  ResponseApplySnapshotChunk_Result,
  ResponseCheckTx,
  ResponseCommit,
  ResponseExtendVote,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponseListSnapshots,
  ResponseLoadSnapshotChunk,
  ResponseOfferSnapshot,
  ResponseOfferSnapshot_Result,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseProcessProposal_ProposalStatus,
  ResponseQuery,
  ResponseVerifyVoteExtension,
  ResponseVerifyVoteExtension_VerifyStatus,
} from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication, MaybePromise } from "./application";
import { uvarintLength } from "./varint";

/** ABCI code for a query path the app does not know (the SDK's `ErrUnknownRequest`). */
export const CODE_UNKNOWN_REQUEST = 6;

/** Length of the placeholder app hash returned by the default `finalizeBlock`. */
export const APP_HASH_LENGTH = 32;

/**
 * Bytes one tx adds to a block's `Data` message: tag + uvarint length + payload. CometBFT
 * checks PrepareProposal's output with this size (`Txs.Validate` via
 * `ComputeProtoSizeForTxs`), not with the raw payload length.
 */
export function txProtoSize(tx: Uint8Array): number {
  return 1 + uvarintLength(tx.length) + tx.length;
}

/**
 * Keeps, in order, the txs that fit into `maxTxBytes`, skipping any tx that would overflow
 * (later smaller txs may still fit). Sizes include protobuf framing ({@link txProtoSize}),
 * exactly as CometBFT validates them: returning txs whose framed total exceeds
 * `max_tx_bytes` makes the proposer panic. A non-positive budget yields no txs.
 */
export function trimTxsToMaxBytes(
  txs: readonly Uint8Array[],
  maxTxBytes: bigint | number,
): Uint8Array[] {
  const budget = typeof maxTxBytes === "bigint" ? maxTxBytes : BigInt(Math.floor(maxTxBytes));
  const kept: Uint8Array[] = [];
  let used = 0n;
  for (const tx of txs) {
    const size = BigInt(txProtoSize(tx));
    if (used + size > budget) continue;
    used += size;
    kept.push(tx);
  }
  return kept;
}

/**
 * An {@link AbciApplication} with safe defaults, to extend and override piecemeal.
 *
 * Every enum-valued response sets its status explicitly: proto3 omits zero values, and
 * CometBFT panics or aborts on `UNKNOWN` (0) for ProcessProposal, VerifyVoteExtension,
 * OfferSnapshot and ApplySnapshotChunk.
 */
export class BaseApplication implements AbciApplication {
  /** Height 0 and an empty hash, so CometBFT starts from genesis with `initChain`. */
  info(_req: RequestInfo): MaybePromise<ResponseInfo> {
    return ResponseInfo.fromPartial({});
  }

  /** Accepts genesis unchanged (validators and params as given). */
  initChain(_req: RequestInitChain): MaybePromise<ResponseInitChain> {
    return ResponseInitChain.fromPartial({});
  }

  /** No query routes: code 6 "unknown request" in codespace "sdk". */
  query(req: RequestQuery): MaybePromise<ResponseQuery> {
    return ResponseQuery.fromPartial({
      code: CODE_UNKNOWN_REQUEST,
      codespace: "sdk",
      log: `unknown request: no query handler for path ${JSON.stringify(req.path)}`,
    });
  }

  /** Admits every tx (code 0). */
  checkTx(_req: RequestCheckTx): MaybePromise<ResponseCheckTx> {
    return ResponseCheckTx.fromPartial({ code: 0 });
  }

  /** Echoes the mempool's txs, trimmed to the byte budget ({@link trimTxsToMaxBytes}). */
  prepareProposal(req: RequestPrepareProposal): MaybePromise<ResponsePrepareProposal> {
    return { txs: trimTxsToMaxBytes(req.txs, req.maxTxBytes) };
  }

  /** Accepts every proposal (ACCEPT set explicitly). */
  processProposal(_req: RequestProcessProposal): MaybePromise<ResponseProcessProposal> {
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }

  /**
   * One successful result per tx (CometBFT requires the counts to match) and a 32-byte zero
   * app hash; real apps must return the hash of their new state.
   */
  finalizeBlock(req: RequestFinalizeBlock): MaybePromise<ResponseFinalizeBlock> {
    return ResponseFinalizeBlock.fromPartial({
      txResults: req.txs.map(() => ExecTxResult.fromPartial({ code: 0 })),
      appHash: new Uint8Array(APP_HASH_LENGTH),
    });
  }

  /** Nothing to persist; retain all blocks (retainHeight 0). */
  commit(_req: RequestCommit): MaybePromise<ResponseCommit> {
    return { retainHeight: 0n };
  }

  /** No vote extension. */
  extendVote(_req: RequestExtendVote): MaybePromise<ResponseExtendVote> {
    return { voteExtension: new Uint8Array() };
  }

  /** Accepts every vote extension (ACCEPT set explicitly). */
  verifyVoteExtension(_req: RequestVerifyVoteExtension): MaybePromise<ResponseVerifyVoteExtension> {
    return { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
  }

  /** No snapshots to serve. */
  listSnapshots(_req: RequestListSnapshots): MaybePromise<ResponseListSnapshots> {
    return { snapshots: [] };
  }

  /** State sync unsupported: REJECT explicitly (UNKNOWN would abort restoration). */
  offerSnapshot(_req: RequestOfferSnapshot): MaybePromise<ResponseOfferSnapshot> {
    return { result: ResponseOfferSnapshot_Result.REJECT };
  }

  /** No snapshots, so no chunks: an empty chunk. */
  loadSnapshotChunk(_req: RequestLoadSnapshotChunk): MaybePromise<ResponseLoadSnapshotChunk> {
    return { chunk: new Uint8Array() };
  }

  /** State sync unsupported: ABORT explicitly. */
  applySnapshotChunk(_req: RequestApplySnapshotChunk): MaybePromise<ResponseApplySnapshotChunk> {
    return ResponseApplySnapshotChunk.fromPartial({
      result: ResponseApplySnapshotChunk_Result.ABORT,
    });
  }
}
