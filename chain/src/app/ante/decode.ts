import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { sha256 } from "../../types/hash";
import { ErrTxDecode } from "../../types/errors";
import type { MsgRoute } from "../module";

/** A decoded message with the route that handles it. */
export interface DecodedMsg {
  readonly route: MsgRoute<unknown>;
  readonly msg: unknown;
  readonly typeUrl: string;
}

/** A transaction decoded once and carried through the ante steps and the handlers. */
export interface DecodedTx {
  readonly raw: Uint8Array;
  /** sha256 of the raw bytes: the hash CometBFT indexes. */
  readonly hash: Uint8Array;
  readonly bodyBytes: Uint8Array;
  readonly authInfoBytes: Uint8Array;
  readonly signatures: readonly Uint8Array[];
  readonly body: TxBody;
  readonly authInfo: AuthInfo;
  readonly msgs: readonly DecodedMsg[];
  /** Unique signers of all messages in first-seen order (the SDK's GetSigners). */
  readonly signers: readonly string[];
  /**
   * sha256 of the sign bytes, memoised per (chain-id, signer index, account number, sequence, mode):
   * a pure function of those and the tx, filled by whoever builds them first (signature
   * pre-verification or the ante).
   */
  readonly signDigests: Map<string, Uint8Array>;
}

/** Memo key of a sign digest. */
export function signDigestKey(chainId: string, signerIndex: number, accountNumber: bigint, sequence: bigint, mode: number): string {
  return `${chainId}/${signerIndex}/${accountNumber}/${sequence}/${mode}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/**
 * Decodes TxRaw -> TxBody/AuthInfo -> messages. Refuses anything that does not re-encode to
 * the same bytes (unknown fields, non-minimal varints, fields out of order, defaults written
 * out), which is what ADR-027 asks of TxRaw and AuthInfo, so one tx has exactly one hash.
 */
export function decodeTx(raw: Uint8Array, routes: ReadonlyMap<string, MsgRoute<unknown>>, txHash?: Uint8Array): DecodedTx {
  let txRaw: TxRaw;
  let body: TxBody;
  let authInfo: AuthInfo;
  try {
    txRaw = TxRaw.decode(raw);
    body = TxBody.decode(txRaw.bodyBytes);
    authInfo = AuthInfo.decode(txRaw.authInfoBytes);
  } catch (e) {
    throw ErrTxDecode.wrap(`malformed transaction: ${(e as Error).message}`);
  }
  if (!sameBytes(TxRaw.encode(txRaw).finish(), raw)) throw ErrTxDecode.wrap("tx bytes are not in canonical form (ADR-027)");
  if (!sameBytes(AuthInfo.encode(authInfo).finish(), txRaw.authInfoBytes)) throw ErrTxDecode.wrap("auth info has unknown or non-canonical fields");
  if (!sameBytes(TxBody.encode(body).finish(), txRaw.bodyBytes)) throw ErrTxDecode.wrap("tx body has unknown or non-canonical fields");

  const msgs: DecodedMsg[] = [];
  const signers: string[] = [];
  const seen = new Set<string>();
  for (const any of body.messages) {
    const route = routes.get(any.typeUrl);
    if (!route) throw ErrTxDecode.wrap(`unable to resolve type URL ${any.typeUrl}`);
    let msg: unknown;
    try {
      msg = route.decode(any.value);
    } catch (e) {
      throw ErrTxDecode.wrap(`malformed ${any.typeUrl}: ${(e as Error).message}`);
    }
    msgs.push({ route, msg, typeUrl: any.typeUrl });
    for (const s of route.signers(msg)) {
      if (!seen.has(s)) {
        seen.add(s);
        signers.push(s);
      }
    }
  }
  const hash = txHash ?? sha256(raw);
  return {
    raw,
    hash,
    bodyBytes: txRaw.bodyBytes,
    authInfoBytes: txRaw.authInfoBytes,
    signatures: txRaw.signatures,
    body,
    authInfo,
    msgs,
    signers,
    signDigests: new Map(),
  };
}

/**
 * Decoded txs by hash, so one tx is decoded once across CheckTx, recheck, PrepareProposal,
 * ProcessProposal and FinalizeBlock. Decoding is a pure function of the bytes, so a hit is
 * exactly what a fresh decode would give. Failures are not cached. Bounded; oldest first out.
 */
export class DecodeCache {
  private readonly entries = new Map<string, DecodedTx>();

  constructor(
    private readonly routes: ReadonlyMap<string, MsgRoute<unknown>>,
    private readonly capacity = 50_000,
  ) {}

  /** Decodes (or returns the cached decoding); throws ChainError like decodeTx. */
  decode(raw: Uint8Array): DecodedTx {
    const txHash = sha256(raw);
    const key = Buffer.from(txHash.buffer, txHash.byteOffset, txHash.length).toString("latin1");
    const hit = this.entries.get(key);
    if (hit) return hit;
    const tx = decodeTx(raw, this.routes, txHash);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, tx);
    return tx;
  }

  get size(): number {
    return this.entries.size;
  }
}
