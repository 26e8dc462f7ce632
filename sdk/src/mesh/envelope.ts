import { fromBase64, fromHex, fromUtf8, toBase64, toHex, toUtf8 } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519";
import { secp256k1 } from "@noble/curves/secp256k1";
import { sdsAddressFromPubkey, type NodeKey } from "../nodes/node-key";
import { canonicalJson, payloadDigest } from "./canonical";
import { ENVELOPE_MAX_AHEAD_SECONDS } from "./constants";
import { MeshError } from "./errors";
import { isPayloadType, parsePayload } from "./payloads";
import { walletAddressOfPubkey, type WalletKey } from "./wallet-key";

/**
 * The fields every payload has.
 *
 * @example
 * const base: BasePayload = { type: "upload.complete", chain_id: "stratos-local", nonce: newNonce(), expires: expiresIn(300) };
 */
export interface BasePayload {
  /** The payload type, e.g. `put.ticket`. */
  type: string;
  /** The chain id the payload is meant for. */
  chain_id: string;
  /** 16 random bytes, lowercase hex. */
  nonce: string;
  /** Unix seconds, decimal string. */
  expires: string;
}

/**
 * A signed payload: `{ payload, signer: { pubkey (hex), address }, signature (hex) }`.
 *
 * @example
 * const env: Envelope<PutTicket> = signAsNode(ticket, metaKey);
 */
export interface Envelope<P> {
  payload: P;
  signer: { pubkey: string; address: string };
  signature: string;
}

/**
 * Options of {@link verifyEnvelope}.
 *
 * @example
 * const opts: VerifyEnvelopeOptions = { chainId: "stratos-local", nowSeconds: unixNow(), kind: "node", type: "put.ticket", expectedSigner: metaAddress };
 */
export interface VerifyEnvelopeOptions {
  /** The receiver's chain id (`wrong_chain` otherwise). */
  chainId: string;
  /** The current unix time in seconds. */
  nowSeconds: bigint;
  /** Who must have signed: a wallet (secp256k1, `st1...`) or a node (ed25519, `stsds1...`). */
  kind: "wallet" | "node";
  /** The required payload type (`bad_request` otherwise). */
  type?: string;
  /** The required signer address (`unauthorized` otherwise). */
  expectedSigner?: string;
  /** When given, the (signer, nonce) is also checked against and recorded in this guard (`replayed`). */
  replayGuard?: ReplayGuard;
}

const HEX = /^(?:[0-9a-f]{2})*$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const NONCE = /^[0-9a-f]{32}$/;
const MAX_HEADER_LENGTH = 32 * 1024;

function randomBytes(n: number): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues<T extends ArrayBufferView>(a: T): T } }).crypto;
  if (!c?.getRandomValues) throw new Error("no crypto.getRandomValues in this environment");
  return c.getRandomValues(new Uint8Array(n));
}

/**
 * A fresh nonce: 16 random bytes as lowercase hex (from `crypto.getRandomValues`).
 *
 * @example
 * const payload = { type: "upload.complete", chain_id, nonce: newNonce(), expires: expiresIn(300), upload_id, cid };
 */
export function newNonce(): string {
  return toHex(randomBytes(16));
}

/**
 * Signs a payload as a wallet: secp256k1, 64-byte compact low-S signature over
 * `payloadDigest(payload)`; the envelope carries the compressed pubkey.
 *
 * @example
 * const env = signAsWallet<UploadComplete>({ type: "upload.complete", chain_id, nonce: newNonce(), expires: expiresIn(300), upload_id, cid }, walletKey);
 */
export function signAsWallet<P extends BasePayload>(payload: P, key: WalletKey): Envelope<P> {
  const sig = secp256k1.sign(payloadDigest(payload), key.privateKey, { lowS: true });
  return { payload, signer: { pubkey: toHex(key.publicKey), address: key.address }, signature: toHex(sig.toCompactRawBytes()) };
}

/**
 * Signs a payload as a node (meta or resource): ed25519 over `payloadDigest(payload)`; the envelope
 * carries the 32-byte pubkey.
 *
 * @example
 * const ticket = signAsNode<PutTicket>({ type: "put.ticket", chain_id, nonce: newNonce(), expires: expiresIn(600), ...fields }, metaNodeKey);
 */
export function signAsNode<P extends BasePayload>(payload: P, key: NodeKey): Envelope<P> {
  const sig = ed25519.sign(payloadDigest(payload), key.privateKey);
  return { payload, signer: { pubkey: toHex(key.publicKey), address: key.address }, signature: toHex(sig) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function envelopeShape(env: unknown): env is Envelope<Record<string, unknown>> {
  if (!isRecord(env) || !isRecord(env.payload) || !isRecord(env.signer)) return false;
  return typeof env.signer.pubkey === "string" && typeof env.signer.address === "string" && typeof env.signature === "string";
}

/**
 * Verifies an envelope and returns its payload. Checks, in order: the shape (`bad_request`), the
 * signature and that the signer address belongs to the pubkey for `kind` (`bad_signature`),
 * `expectedSigner` (`unauthorized`), `chain_id` (`wrong_chain`), `expires` past or more than
 * ENVELOPE_MAX_AHEAD_SECONDS ahead (`expired`), `type` (`bad_request`), the payload schema when its
 * type is one of PROTOCOL.md's (`bad_request`) and, with `replayGuard`, replay (`replayed`).
 * Throws MeshError.
 *
 * @example
 * const ticket = verifyEnvelope<PutTicket>(decodeEnvelopeHeader(req.headers["x-stratos-ticket"]), {
 *   chainId, nowSeconds: unixNow(), kind: "node", type: "put.ticket", expectedSigner: metaAddress,
 * });
 */
export function verifyEnvelope<P = BasePayload>(env: unknown, opts: VerifyEnvelopeOptions): P {
  if (!envelopeShape(env)) throw new MeshError("bad_request", "not an envelope { payload, signer: { pubkey, address }, signature }");
  const { payload, signer, signature } = env;
  if (
    typeof payload.type !== "string" ||
    typeof payload.chain_id !== "string" ||
    typeof payload.nonce !== "string" ||
    !NONCE.test(payload.nonce) ||
    typeof payload.expires !== "string" ||
    !DECIMAL.test(payload.expires)
  ) {
    throw new MeshError("bad_request", "payload needs type, chain_id, nonce (32 hex) and expires (decimal seconds)");
  }
  if (!HEX.test(signer.pubkey) || !HEX.test(signature)) throw new MeshError("bad_signature", "pubkey and signature must be lowercase hex");
  const pub = fromHex(signer.pubkey);
  const sig = fromHex(signature);
  const digest = payloadDigest(payload);
  let ok = false;
  let address: string | undefined;
  try {
    if (opts.kind === "wallet") {
      if (pub.length === 33 && sig.length === 64) {
        address = walletAddressOfPubkey(pub);
        ok = secp256k1.verify(sig, digest, pub, { lowS: true });
      }
    } else if (pub.length === 32 && sig.length === 64) {
      address = sdsAddressFromPubkey(pub);
      ok = ed25519.verify(sig, digest, pub);
    }
  } catch {
    ok = false;
  }
  if (!ok) throw new MeshError("bad_signature", `invalid ${opts.kind} signature`);
  if (address !== signer.address) throw new MeshError("bad_signature", `signer address ${signer.address} does not belong to the ${opts.kind} pubkey (${address})`);
  if (opts.expectedSigner !== undefined && signer.address !== opts.expectedSigner) {
    throw new MeshError("unauthorized", `signed by ${signer.address}, expected ${opts.expectedSigner}`);
  }
  if (payload.chain_id !== opts.chainId) throw new MeshError("wrong_chain", `payload is for chain ${payload.chain_id}, this is ${opts.chainId}`);
  const expires = BigInt(payload.expires);
  if (expires < opts.nowSeconds) throw new MeshError("expired", `expired at ${expires} (now ${opts.nowSeconds})`);
  if (expires > opts.nowSeconds + BigInt(ENVELOPE_MAX_AHEAD_SECONDS)) {
    throw new MeshError("expired", `expires ${expires} is more than ${ENVELOPE_MAX_AHEAD_SECONDS}s ahead (now ${opts.nowSeconds})`);
  }
  if (opts.type !== undefined && payload.type !== opts.type) throw new MeshError("bad_request", `payload type ${payload.type}, expected ${opts.type}`);
  const result = isPayloadType(payload.type) ? parsePayload(payload.type, payload) : payload;
  opts.replayGuard?.check(signer.address, payload.nonce, expires, opts.nowSeconds);
  return result as P;
}

/**
 * Remembers (signer, nonce) pairs until their `expires` and refuses a pair seen before
 * (MeshError `replayed`). Expired entries are pruned; at most `maxEntries` are kept (beyond that,
 * new envelopes are refused with status 503 until entries expire).
 *
 * @example
 * const guard = new ReplayGuard();
 * guard.check(env.signer.address, env.payload.nonce, BigInt(env.payload.expires), unixNow());
 */
export class ReplayGuard {
  private readonly seen = new Map<string, bigint>();
  private readonly maxEntries: number;
  private lastPrune = -1n;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 1_000_000;
  }

  /**
   * Number of remembered pairs.
   *
   * @example
   * console.log(guard.size);
   */
  get size(): number {
    return this.seen.size;
  }

  /**
   * Records (signerAddress, nonce) until `expiresSeconds`; throws MeshError `replayed` if it is
   * already recorded and not yet expired.
   *
   * @example
   * guard.check("st1...", nonce, 1700000600n, 1700000000n);
   */
  check(signerAddress: string, nonce: string, expiresSeconds: bigint, nowSeconds: bigint): void {
    if (nowSeconds > this.lastPrune && (this.seen.size >= this.maxEntries || this.seen.size % 1024 === 0)) this.prune(nowSeconds);
    const key = `${signerAddress}\u0000${nonce}`;
    const prev = this.seen.get(key);
    if (prev !== undefined && prev >= nowSeconds) throw new MeshError("replayed", `nonce ${nonce} of ${signerAddress} was already used`);
    if (prev === undefined && this.seen.size >= this.maxEntries) {
      this.prune(nowSeconds);
      if (this.seen.size >= this.maxEntries) throw new MeshError("bad_request", "too many live nonces; retry later", { status: 503 });
    }
    this.seen.set(key, expiresSeconds);
  }

  /**
   * Drops every entry that expired before `nowSeconds`.
   *
   * @example
   * setInterval(() => guard.prune(unixNow()), 60_000);
   */
  prune(nowSeconds: bigint): void {
    this.lastPrune = nowSeconds;
    for (const [k, exp] of this.seen) if (exp < nowSeconds) this.seen.delete(k);
  }
}

/**
 * Encodes an envelope for the `x-stratos-ticket` header: base64 of its canonical JSON.
 *
 * @example
 * await fetch(url, { method: "PUT", headers: { "x-stratos-ticket": encodeEnvelopeHeader(ticket) }, body });
 */
export function encodeEnvelopeHeader(env: Envelope<unknown>): string {
  return toBase64(toUtf8(canonicalJson(env)));
}

/**
 * Decodes an `x-stratos-ticket` header into an (unverified) envelope; throws MeshError
 * `bad_ticket` when it is missing or malformed. Verify it with {@link verifyEnvelope}.
 *
 * @example
 * const env = decodeEnvelopeHeader(req.headers["x-stratos-ticket"]);
 */
export function decodeEnvelopeHeader(s: string | undefined | null): Envelope<unknown> {
  if (typeof s !== "string" || s.length === 0) throw new MeshError("bad_ticket", "missing x-stratos-ticket header");
  if (s.length > MAX_HEADER_LENGTH) throw new MeshError("bad_ticket", "x-stratos-ticket header too long");
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(fromBase64(s.trim())));
  } catch (e) {
    throw new MeshError("bad_ticket", "x-stratos-ticket is not base64 JSON", { cause: e });
  }
  if (!envelopeShape(parsed)) throw new MeshError("bad_ticket", "x-stratos-ticket is not an envelope");
  return parsed;
}
