/**
 * Restores a peer's snapshot into an empty store (the joining side of state sync). CometBFT
 * offers a snapshot with the app hash its light client verified, then delivers the chunks in
 * order. Each chunk is checked against the hash the metadata lists for it (a bad one is
 * refetched and its sender rejected); entries must come in strictly ascending key-hash order
 * (so none is repeated); after the last chunk the state's root must equal the trusted app
 * hash before anything is written. Only then is the state committed as that height.
 */
import {
  ResponseApplySnapshotChunk_Result as ApplyResult,
  ResponseOfferSnapshot_Result as OfferResult,
  type RequestApplySnapshotChunk,
  type RequestOfferSnapshot,
  type ResponseApplySnapshotChunk,
} from "cosmjs-types/tendermint/abci/types";
import { bytesEqual, compareBytes, toHex } from "../../store/bytes";
import type { CommitStore } from "../../store/commit-store";
import { sha256 } from "../../types/hash";
import { decodeChunk, parseMetadata, SNAPSHOT_FORMAT, SnapshotFormatError, type SnapshotEntry } from "./snapshot-format";

interface Restoring {
  readonly height: bigint;
  readonly appHash: Uint8Array;
  readonly chunkHashes: Uint8Array[];
  readonly entries: SnapshotEntry[];
  next: number;
  lastKeyHash: Uint8Array | undefined;
}

const MAX_HEIGHT = BigInt(Number.MAX_SAFE_INTEGER);

/** The state-sync restore of one node. */
export class SnapshotRestorer {
  private restoring: Restoring | undefined;

  constructor(
    private readonly store: CommitStore,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** OfferSnapshot: ACCEPT a well-formed format-1 snapshot while the store is empty. */
  offer(req: RequestOfferSnapshot): OfferResult {
    const s = req.snapshot;
    const last = this.store.lastCommit().height;
    if (last !== 0n) {
      // CometBFT only state-syncs a node without blocks; an app with state is misconfigured.
      this.log(`state sync refused: the app already has state at height ${last} (remove its data folder to state-sync)`);
      return OfferResult.ABORT;
    }
    if (!s) return OfferResult.REJECT;
    if (s.format !== SNAPSHOT_FORMAT) return OfferResult.REJECT_FORMAT;
    if (s.height < 1n || s.height > MAX_HEIGHT || req.appHash.length !== 32) return OfferResult.REJECT;
    let chunkHashes: Uint8Array[];
    try {
      chunkHashes = parseMetadata(s.metadata, s.chunks, s.hash);
    } catch (e) {
      this.log(`snapshot at height ${s.height} refused: ${(e as Error).message}`);
      return OfferResult.REJECT;
    }
    if (chunkHashes.length === 0) return OfferResult.REJECT;
    this.restoring = { height: s.height, appHash: req.appHash, chunkHashes, entries: [], next: 0, lastKeyHash: undefined };
    this.log(`restoring snapshot at height ${s.height}: ${s.chunks} chunk(s), app hash ${toHex(req.appHash)}`);
    return OfferResult.ACCEPT;
  }

  /**
   * ApplySnapshotChunk. Returns the response and, once the last chunk was applied and the
   * state committed, the height restored.
   */
  apply(req: RequestApplySnapshotChunk): { response: ResponseApplySnapshotChunk; restored?: bigint } {
    const r = this.restoring;
    const answer = (result: ApplyResult, extra: Partial<ResponseApplySnapshotChunk> = {}) => ({
      response: { result, refetchChunks: [], rejectSenders: [], ...extra },
    });
    if (!r) return answer(ApplyResult.ABORT);
    if (req.index !== r.next) {
      // Chunks are applied in order; one already applied is acknowledged, a later one refetched.
      if (req.index < r.next) return answer(ApplyResult.ACCEPT);
      return answer(ApplyResult.RETRY, { refetchChunks: [r.next] });
    }
    const expected = r.chunkHashes[req.index] as Uint8Array;
    if (!bytesEqual(sha256(req.chunk), expected)) {
      this.log(`snapshot chunk ${req.index} from ${req.sender || "?"} does not match its hash: refetching from another peer`);
      return answer(ApplyResult.RETRY, { refetchChunks: [req.index], rejectSenders: req.sender ? [req.sender] : [] });
    }
    try {
      for (const entry of decodeChunk(req.chunk)) {
        const keyHash = sha256(entry[0]);
        if (r.lastKeyHash !== undefined && compareBytes(keyHash, r.lastKeyHash) <= 0) {
          throw new SnapshotFormatError("entries are not in strictly ascending key-hash order");
        }
        r.lastKeyHash = keyHash;
        // Copies: the chunk's buffer is not ours to keep views into past this call.
        r.entries.push([entry[0].slice(), entry[1].slice()]);
      }
    } catch (e) {
      // The chunk matches the snapshot's own hash list, so the snapshot itself is bad.
      return this.reject(`chunk ${req.index}: ${(e as Error).message}`);
    }
    r.next++;
    if (r.next < r.chunkHashes.length) return answer(ApplyResult.ACCEPT);

    const root = this.store.stage(r.entries);
    if (!bytesEqual(root, r.appHash)) {
      this.store.stage([]);
      return this.reject(`its state hashes to ${toHex(root)}, not the trusted app hash ${toHex(r.appHash)}`);
    }
    this.store.commit(r.height);
    this.restoring = undefined;
    this.log(`restored snapshot at height ${r.height}: ${r.entries.length} entries, app hash ${toHex(root)}`);
    return { ...answer(ApplyResult.ACCEPT), restored: r.height };
  }

  private reject(why: string): { response: ResponseApplySnapshotChunk } {
    const height = this.restoring?.height;
    this.restoring = undefined;
    this.log(`snapshot at height ${height} rejected: ${why}`);
    return { response: { result: ApplyResult.REJECT_SNAPSHOT, refetchChunks: [], rejectSenders: [] } };
  }
}
