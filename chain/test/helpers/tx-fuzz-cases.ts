/**
 * Structurally malformed transactions that are nonetheless correctly signed (the signature covers
 * the malformed bytes), so the decoder, the stateless checks and the ante are what must refuse
 * them: garbage values under every message type URL, garbage nested in `Any`s, wrong wire types,
 * huge and non-minimal varints, duplicate signer infos and signatures, malleable signatures.
 * Each case is built so that no valid transaction can come out of it.
 */
import { stratos } from "@stratos/proto";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw, type SignerInfo } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Any } from "cosmjs-types/google/protobuf/any";
import { encodeUvarint } from "../../src/abci/varint";
import { signBytes, type TestKey } from "./keys";
import type { Rng } from "./prng";
import type { TestMsg } from "./tx-builder";

/** secp256k1 group order: s -> n - s turns a low-S signature into its high-S twin. */
const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Who signs and for which account state (the real, current one: only the structure is wrong). */
export interface SignerSpec {
  readonly key: TestKey;
  readonly chainId: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
}

/** A malformed case and the name of its kind. */
export interface TxCase {
  readonly kind: string;
  readonly tx: Uint8Array;
}

function signerInfo(s: SignerSpec, over: Partial<SignerInfo> = {}): SignerInfo {
  return {
    publicKey: Any.fromPartial({ typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: s.key.pubkey }).finish() }),
    modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
    sequence: s.sequence,
    ...over,
  };
}

function authInfoBytes(s: SignerSpec, over: { signerInfos?: SignerInfo[]; gasLimit?: bigint; fee?: string } = {}): Uint8Array {
  const gasLimit = over.gasLimit ?? 200_000n;
  return AuthInfo.encode(
    AuthInfo.fromPartial({ signerInfos: over.signerInfos ?? [signerInfo(s)], fee: { amount: [{ denom: "wei", amount: over.fee ?? (gasLimit * 1_000_000_000n).toString() }], gasLimit } }),
  ).finish();
}

function bodyBytes(msgs: readonly { typeUrl: string; value: Uint8Array }[], memo = ""): Uint8Array {
  return TxBody.encode(TxBody.fromPartial({ messages: msgs.map((m) => Any.fromPartial(m)), memo })).finish();
}

/** Signs `body`/`auth` as SIGN_MODE_DIRECT for `s` (sign doc chain id `chainId`), `copies` signatures. */
function signed(s: SignerSpec, body: Uint8Array, auth: Uint8Array, opts: { chainId?: string; copies?: number; mapSig?: (sig: Uint8Array) => Uint8Array } = {}): Uint8Array {
  const doc = SignDoc.encode({ bodyBytes: body, authInfoBytes: auth, chainId: opts.chainId ?? s.chainId, accountNumber: s.accountNumber }).finish();
  const sig = (opts.mapSig ?? ((x: Uint8Array) => x))(signBytes(s.key, doc));
  return TxRaw.encode({ bodyBytes: body, authInfoBytes: auth, signatures: Array.from({ length: opts.copies ?? 1 }, () => sig) }).finish();
}

/** The high-S twin of a 64-byte r||s signature (valid for the same message, malleable). */
export function highS(sig: Uint8Array): Uint8Array {
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
  const out = Uint8Array.from(sig);
  out.set(Buffer.from((CURVE_N - s).toString(16).padStart(64, "0"), "hex"), 32);
  return out;
}

/** Appends a field with tag (field, wire type) and a payload fitting that wire type. */
function wrongTypedField(rng: Rng, bytes: Uint8Array, field: number): Uint8Array {
  const wire = rng.pick([0, 1, 5]);
  const payload = wire === 0 ? encodeUvarint(rng.int(1000)) : rng.bytes(wire === 1 ? 8 : 4);
  return Buffer.concat([bytes, encodeUvarint((field << 3) | wire), payload]);
}

/** A varint of `value` padded to 10 bytes (not minimal: ADR-027 refuses it). */
function paddedVarint(value: number): Buffer {
  const out = Buffer.alloc(10, 0x80);
  let v = value;
  for (let i = 0; i < 9; i++) {
    out[i] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[9] = 0;
  return out;
}

/** The kinds {@link structuralCase} builds. */
export const STRUCTURAL_KINDS = [
  "garbage-msg-value",
  "nested-any-garbage",
  "bad-signer-address",
  "garbage-pubkey-any",
  "unknown-pubkey-type",
  "wrong-wire-type",
  "huge-gas-limit",
  "huge-sequence",
  "huge-fee",
  "non-minimal-varint",
  "duplicate-signer-infos",
  "duplicate-signatures",
  "no-messages",
  "unknown-type-url",
  "high-s-signature",
  "other-chain-id",
  "truncated-signature",
] as const;

/**
 * One correctly signed but malformed tx. `typeUrls` are the message types the app routes (every one
 * is used with garbage values); `valid` is a valid message of `s` (used where the case breaks
 * something else); `kind` defaults to a random one.
 */
export function structuralCase(rng: Rng, s: SignerSpec, typeUrls: readonly string[], valid: TestMsg, kind: (typeof STRUCTURAL_KINDS)[number] = rng.pick(STRUCTURAL_KINDS)): TxCase {
  const good = { typeUrl: valid.typeUrl, value: valid.value };
  const garbage = (): Uint8Array => rng.bytes(1 + rng.int(96));
  const tx = ((): Uint8Array => {
    switch (kind) {
      case "garbage-msg-value":
        return signed(s, bodyBytes([{ typeUrl: rng.pick(typeUrls), value: garbage() }]), authInfoBytes(s));
      case "nested-any-garbage": {
        const inner = Any.encode({ typeUrl: rng.pick(typeUrls), value: garbage() }).finish();
        return signed(s, bodyBytes([{ typeUrl: rng.pick(typeUrls), value: Any.encode({ typeUrl: "/google.protobuf.Any", value: inner }).finish() }]), authInfoBytes(s));
      }
      case "bad-signer-address": {
        // A message whose only stateless check is on its params: the signer is not an address.
        const authority = rng.pick(["/google.protobuf.Any", "", "st1", rng.bytes(12).toString("latin1"), s.key.address.toUpperCase().slice(0, 20)]);
        const value = stratos.register.v1.MsgUpdateParams.encode(stratos.register.v1.MsgUpdateParams.fromPartial({ authority, params: {} })).finish();
        return signed(s, bodyBytes([{ typeUrl: "/stratos.register.v1.MsgUpdateParams", value }]), authInfoBytes(s));
      }
      case "garbage-pubkey-any":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { signerInfos: [signerInfo(s, { publicKey: Any.fromPartial({ typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: garbage() }) })] }));
      case "unknown-pubkey-type":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { signerInfos: [signerInfo(s, { publicKey: Any.fromPartial({ typeUrl: rng.pick(["/cosmos.crypto.ed25519.PubKey", "/cosmos.crypto.multisig.LegacyAminoPubKey", rng.pick(typeUrls)]), value: PubKey.encode({ key: s.key.pubkey }).finish() }) })] }));
      case "wrong-wire-type": {
        const body = bodyBytes([good]);
        const auth = authInfoBytes(s);
        const which = rng.int(3);
        // TxBody 1 (messages) and 2 (memo), AuthInfo 1..3 and TxRaw 1..3 are all length-delimited,
        // so a varint or fixed-width payload under their tags is always the wrong type.
        if (which === 0) return signed(s, wrongTypedField(rng, body, 1 + rng.int(2)), auth);
        if (which === 1) return signed(s, body, wrongTypedField(rng, auth, 1 + rng.int(3)));
        const raw = signed(s, body, auth);
        return wrongTypedField(rng, raw, 1 + rng.int(3));
      }
      case "huge-gas-limit":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { gasLimit: (1n << 63n) + BigInt(rng.int(1000)), fee: "1" }));
      case "huge-sequence":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { signerInfos: [signerInfo(s, { sequence: (1n << 64n) - 1n - BigInt(rng.int(1000)) })] }));
      case "huge-fee":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { fee: `${"9".repeat(30 + rng.int(40))}` }));
      case "non-minimal-varint": {
        // TxRaw field 1 (body bytes) with its length written as a padded 10-byte varint.
        const body = bodyBytes([good]);
        const raw = signed(s, body, authInfoBytes(s));
        let lenEnd = 1;
        while (raw[lenEnd]! & 0x80) lenEnd++;
        return Buffer.concat([raw.subarray(0, 1), paddedVarint(body.length), raw.subarray(lenEnd + 1)]);
      }
      case "duplicate-signer-infos":
        return signed(s, bodyBytes([good]), authInfoBytes(s, { signerInfos: [signerInfo(s), signerInfo(s)] }), { copies: rng.chance(0.5) ? 2 : 1 });
      case "duplicate-signatures":
        return signed(s, bodyBytes([good]), authInfoBytes(s), { copies: 2 + rng.int(3) });
      case "no-messages":
        return signed(s, bodyBytes([], "no messages"), authInfoBytes(s));
      case "unknown-type-url":
        return signed(s, bodyBytes([{ typeUrl: `${rng.pick(typeUrls)}${rng.pick(["X", "/", ".v2", ""])}${rng.int(10)}`, value: good.value }]), authInfoBytes(s));
      case "high-s-signature":
        return signed(s, bodyBytes([good], `memo ${rng.int(1 << 30)}`), authInfoBytes(s), { mapSig: highS });
      case "other-chain-id":
        return signed(s, bodyBytes([good], `memo ${rng.int(1 << 30)}`), authInfoBytes(s), { chainId: rng.pick([`${s.chainId}-2`, "stratos-1", "", s.chainId.toUpperCase()]) });
      case "truncated-signature":
        return signed(s, bodyBytes([good]), authInfoBytes(s), { mapSig: (x) => x.subarray(0, rng.int(64)) });
    }
  })();
  return { kind, tx };
}
