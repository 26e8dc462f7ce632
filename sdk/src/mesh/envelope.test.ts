import { walletFromMnemonic } from "../client/wallet";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { canonicalJson, payloadDigest } from "./canonical";
import { cidFromRoot } from "./cid";
import { ENVELOPE_MAX_AHEAD_SECONDS } from "./constants";
import { ReplayGuard, decodeEnvelopeHeader, encodeEnvelopeHeader, newNonce, signAsNode, signAsWallet, verifyEnvelope, type Envelope } from "./envelope";
import { MeshError, type MeshErrorCode } from "./errors";
import { expiresIn, parsePayload, type GetTicket, type PutTicket, type UploadComplete } from "./payloads";
import { walletAddressOfPubkey, walletKeyFromMnemonic, walletKeyFromPrivateKey } from "./wallet-key";

const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const chainId = "stratos-local";
const now = 1_700_000_000n;
const cid = cidFromRoot(new Uint8Array(32).fill(9));
const wallet = walletKeyFromPrivateKey(new Uint8Array(32).fill(1));
const meta = nodeKeyFromSeed(new Uint8Array(32).fill(2));
const rn = nodeKeyFromSeed(new Uint8Array(32).fill(3));

function code(f: () => unknown): MeshErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MeshError) return e.code;
    throw e;
  }
  return undefined;
}

function putTicket(over: Partial<PutTicket> = {}): PutTicket {
  return {
    type: "put.ticket",
    chain_id: chainId,
    nonce: newNonce(),
    expires: expiresIn(300, now),
    cid,
    slice_index: "0",
    slice_root: "ab".repeat(32),
    slice_size: "1234",
    node: rn.address,
    wallet: wallet.address,
    upload_id: "u-1",
    ...over,
  };
}

describe("canonicalJson", () => {
  test("sorted keys, no whitespace, bigint, bytes, undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 10n }, e: undefined, f: Uint8Array.of(0, 171) })).toBe(
      '{"a":{"c":"10","d":[3,{"z":1}]},"b":1,"f":"00ab"}',
    );
    expect(canonicalJson([undefined, "x\n"])).toBe('[null,"x\\n"]');
    expect(payloadDigest({ a: 1, b: 2 })).toEqual(payloadDigest({ b: 2, a: 1 }));
    expect(() => canonicalJson(NaN)).toThrow(MeshError);
  });
});

describe("wallet keys", () => {
  test("mnemonic derivation matches cosmjs", async () => {
    const key = await walletKeyFromMnemonic(MNEMONIC);
    const [acc] = await (await walletFromMnemonic(MNEMONIC)).getAccounts();
    expect(key.address).toBe(acc!.address);
    expect(Buffer.from(key.publicKey).equals(Buffer.from(acc!.pubkey))).toBe(true);
    expect(walletAddressOfPubkey(key.publicKey)).toBe(key.address);
    expect(key.address.startsWith("st1")).toBe(true);
  });
});

describe("envelopes", () => {
  test("wallet envelope verifies", () => {
    const p: UploadComplete = { type: "upload.complete", chain_id: chainId, nonce: newNonce(), expires: expiresIn(60, now), upload_id: "u-1", cid };
    const env = signAsWallet(p, wallet);
    expect(env.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(env.signer.pubkey).toHaveLength(66);
    const out = verifyEnvelope<UploadComplete>(env, { chainId, nowSeconds: now, kind: "wallet", type: "upload.complete", expectedSigner: wallet.address });
    expect(out).toEqual(p);
    expect(code(() => verifyEnvelope(env, { chainId, nowSeconds: now, kind: "node" }))).toBe("bad_signature");
  });

  test("node envelope verifies; tampering, wrong chain, expiry, type, signer", () => {
    const env = signAsNode(putTicket(), meta);
    const opts = { chainId, nowSeconds: now, kind: "node" as const, type: "put.ticket", expectedSigner: meta.address };
    expect(verifyEnvelope<PutTicket>(env, opts).node).toBe(rn.address);

    const tampered: Envelope<PutTicket> = { ...env, payload: { ...env.payload, slice_size: "1235" } };
    expect(code(() => verifyEnvelope(tampered, opts))).toBe("bad_signature");
    const flipped = { ...env, signature: (env.signature[0] === "0" ? "1" : "0") + env.signature.slice(1) };
    expect(code(() => verifyEnvelope(flipped, opts))).toBe("bad_signature");

    expect(code(() => verifyEnvelope(signAsNode(putTicket({ chain_id: "other" }), meta), opts))).toBe("wrong_chain");
    expect(code(() => verifyEnvelope(signAsNode(putTicket({ expires: (now - 1n).toString() }), meta), opts))).toBe("expired");
    expect(code(() => verifyEnvelope(signAsNode(putTicket({ expires: now.toString() }), meta), opts))).toBeUndefined();
    expect(code(() => verifyEnvelope(signAsNode(putTicket({ expires: expiresIn(ENVELOPE_MAX_AHEAD_SECONDS, now) }), meta), opts))).toBeUndefined();
    expect(code(() => verifyEnvelope(signAsNode(putTicket({ expires: expiresIn(ENVELOPE_MAX_AHEAD_SECONDS + 1, now) }), meta), opts))).toBe("expired");
    expect(code(() => verifyEnvelope(env, { ...opts, type: "get.ticket" }))).toBe("bad_request");
    expect(code(() => verifyEnvelope(signAsNode(putTicket(), rn), opts))).toBe("unauthorized");
    // A schema-invalid payload, even correctly signed, is refused.
    expect(code(() => verifyEnvelope(signAsNode(putTicket({ slice_root: "xyz" }), meta), opts))).toBe("bad_request");
    expect(code(() => verifyEnvelope({ payload: 1 }, opts))).toBe("bad_request");
  });

  test("address must belong to the pubkey", () => {
    const env = signAsNode(putTicket(), meta);
    expect(code(() => verifyEnvelope({ ...env, signer: { ...env.signer, address: rn.address } }, { chainId, nowSeconds: now, kind: "node" }))).toBe("bad_signature");
    const wenv = signAsWallet(putTicket(), wallet);
    const other = walletKeyFromPrivateKey(new Uint8Array(32).fill(4));
    expect(code(() => verifyEnvelope({ ...wenv, signer: { ...wenv.signer, address: other.address } }, { chainId, nowSeconds: now, kind: "wallet" }))).toBe("bad_signature");
  });

  test("replay guard", () => {
    const guard = new ReplayGuard({ maxEntries: 3 });
    const env = signAsNode(putTicket(), meta);
    const opts = { chainId, nowSeconds: now, kind: "node" as const, replayGuard: guard };
    verifyEnvelope(env, opts);
    expect(code(() => verifyEnvelope(env, opts))).toBe("replayed");
    // Same nonce from another signer is fine.
    guard.check(rn.address, env.payload.nonce, now + 10n, now);
    // After expiry the entry is pruned.
    guard.check("a", "n1", now + 1n, now);
    expect(code(() => guard.check("a", "n1", now + 1n, now))).toBe("replayed");
    expect(code(() => guard.check("b", "n2", now + 100n, now))).toBe("bad_request"); // full
    guard.prune(now + 2n);
    expect(guard.size).toBe(2);
    guard.check("a", "n1", now + 5n, now + 2n);
  });

  test("ticket header round-trip", () => {
    const env = signAsNode(putTicket(), meta);
    const header = encodeEnvelopeHeader(env);
    expect(header).toMatch(/^[A-Za-z0-9+/=]+$/);
    const back = decodeEnvelopeHeader(header);
    expect(back).toEqual(env);
    expect(verifyEnvelope<PutTicket>(back, { chainId, nowSeconds: now, kind: "node", type: "put.ticket" }).upload_id).toBe("u-1");
    expect(code(() => decodeEnvelopeHeader(undefined))).toBe("bad_ticket");
    expect(code(() => decodeEnvelopeHeader("!!!"))).toBe("bad_ticket");
    expect(code(() => decodeEnvelopeHeader(Buffer.from('{"a":1}').toString("base64")))).toBe("bad_ticket");
  });
});

describe("payload schemas", () => {
  test("accept valid and reject bad input", () => {
    const ticket = putTicket();
    expect(parsePayload("put.ticket", ticket)).toEqual(ticket);
    expect(code(() => parsePayload("put.ticket", { ...ticket, slice_index: "-1" }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, slice_index: 1 }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, node: wallet.address }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, cid: "bafkreih" }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, type: "get.ticket" }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, extra: 1 }))).toBe("bad_request");
    expect(code(() => parsePayload("put.ticket", { ...ticket, nonce: "00" }))).toBe("bad_request");

    const base = { chain_id: chainId, nonce: newNonce(), expires: expiresIn(60, now) };
    const up = { type: "upload.request", ...base, cid, size: "5", chunk_size: "262144", slice_roots: ["00".repeat(32)], replicas: "2" } as const;
    expect(parsePayload("upload.request", up).replicas).toBe("2");
    expect(code(() => parsePayload("upload.request", { ...up, slice_roots: [] }))).toBe("bad_request");
    expect(code(() => parsePayload("upload.request", { ...up, size: "05" }))).toBe("bad_request");
    expect(code(() => parsePayload("download.request", { type: "download.request", ...base, cid, range: { start: "9", end: "1" } }))).toBe("bad_request");
    expect(parsePayload("download.request", { type: "download.request", ...base, cid, range: { start: "0", end: "1" } }).range?.end).toBe("1");
    expect(parsePayload("heartbeat", { type: "heartbeat", ...base, node: rn.address, url: "http://127.0.0.1:1", capacity_bytes: "1", used_bytes: "0", slices: "0" }).node).toBe(rn.address);
    expect(parsePayload("receipt", { type: "receipt", ...base, node: rn.address, cid, slice_index: "0", bytes: "10", ticket_nonce: newNonce(), epoch_hint: "1" }).bytes).toBe("10");
    expect(parsePayload("stored.ack", { type: "stored.ack", ...base, cid, slice_index: "0", slice_root: "00".repeat(32), slice_size: "1", node: rn.address, upload_id: "u" }).upload_id).toBe("u");
    expect(parsePayload("upload.complete", { type: "upload.complete", ...base, upload_id: "u", cid }).cid).toBe(cid);

    const get: GetTicket = { type: "get.ticket", ...base, cid, slice_index: "0", slice_root: "00".repeat(32), slice_size: "1", node: rn.address, wallet: wallet.address, download_id: "d" };
    const getEnv = signAsNode(get, meta);
    const order = {
      type: "repair.order", ...base, cid, slice_index: "0", slice_root: "00".repeat(32), slice_size: "1",
      source: rn.address, source_url: "http://127.0.0.1:2", target: meta.address, get_ticket: getEnv,
    } as const;
    expect(parsePayload("repair.order", order).get_ticket.payload.download_id).toBe("d");
    expect(code(() => parsePayload("repair.order", { ...order, get_ticket: { ...getEnv, signature: "zz" } }))).toBe("bad_request");
    expect(expiresIn(5, 10n)).toBe("15");
  });
});
