/**
 * Renders decoded protobuf messages (cosmjs-types objects) as grpc-gateway JSON, the shape
 * the Cosmos SDK's REST server produces (`JSONPb{EmitDefaults, OrigName}`): snake_case
 * field names, 64-bit integers as strings, bytes as base64, defaults emitted (unset messages
 * as null), enums as names and `Any` inline with an `"@type"` key.
 */
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { MsgMultiSend, MsgMultiSendResponse, MsgSend, MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { LegacyAminoPubKey } from "cosmjs-types/cosmos/crypto/multisig/keys";
import { PubKey as Secp256k1PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { signModeToJSON } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Decoder {
  decode(bytes: Uint8Array): unknown;
}

/** Any payloads rendered inline; anything else is rendered as `{"@type", "value": base64}`. */
const ANY_TYPES = new Map<string, Decoder>([
  ["/cosmos.auth.v1beta1.BaseAccount", BaseAccount],
  ["/cosmos.auth.v1beta1.ModuleAccount", ModuleAccount],
  ["/cosmos.crypto.secp256k1.PubKey", Secp256k1PubKey],
  ["/cosmos.crypto.ed25519.PubKey", Ed25519PubKey],
  ["/cosmos.crypto.multisig.LegacyAminoPubKey", LegacyAminoPubKey],
  ["/cosmos.bank.v1beta1.MsgSend", MsgSend],
  ["/cosmos.bank.v1beta1.MsgSendResponse", MsgSendResponse],
  ["/cosmos.bank.v1beta1.MsgMultiSend", MsgMultiSend],
  ["/cosmos.bank.v1beta1.MsgMultiSendResponse", MsgMultiSendResponse],
  ["/cosmos.tx.v1beta1.Tx", Tx],
]);

/**
 * Enum-typed fields by (camelCase) field name. Field names are matched anywhere in the tree,
 * so only names that are enums wherever they occur in the rendered messages belong here.
 */
const ENUM_FIELDS: Record<string, (n: number) => string> = {
  mode: (n) => signModeToJSON(n),
};

/** Oneof members: omitted when unset (jsonpb does not emit unset oneofs). */
const ONEOF_FIELDS = new Set(["single", "multi"]);

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

function isAny(v: object): v is { typeUrl: string; value: Uint8Array } {
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as { typeUrl?: unknown }).typeUrl === "string" && (v as { value?: unknown }).value instanceof Uint8Array;
}

/** Renders one decoded message (or value inside one). */
export function toGatewayJson(value: unknown, field?: string): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    const en = field !== undefined ? ENUM_FIELDS[field] : undefined;
    return en ? en(value) : value;
  }
  if (value instanceof Uint8Array) return toBase64(value);
  if (Array.isArray(value)) return value.map((v) => toGatewayJson(v, field));
  if (typeof value === "object") {
    if (isAny(value)) return renderAny(value);
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined && ONEOF_FIELDS.has(k)) continue;
      out[snakeCase(k)] = toGatewayJson(v, k);
    }
    return out;
  }
  throw new Error(`cannot render ${typeof value} as JSON`);
}

/** An Any inline: `{"@type": url, ...fields}`. */
export function renderAny(any: { typeUrl: string; value: Uint8Array }): Json {
  const decoder = ANY_TYPES.get(any.typeUrl);
  if (!decoder) return { "@type": any.typeUrl, value: toBase64(any.value) };
  const inner = toGatewayJson(decoder.decode(any.value));
  return { "@type": any.typeUrl, ...(inner as { [key: string]: Json }) };
}

/** Hex (either case) to base64; empty for empty. */
export function hexToBase64(hex: string | null | undefined): string {
  return hex ? Buffer.from(hex, "hex").toString("base64") : "";
}

/**
 * An RFC3339 time as jsonpb writes a Timestamp: UTC, fraction of 0, 3, 6 or 9 digits.
 * CometBFT writes RFC3339Nano with trailing zeros trimmed.
 */
export function gatewayTime(time: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) return time;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length === 0) return `${m[1]}Z`;
  const width = frac.length <= 3 ? 3 : frac.length <= 6 ? 6 : 9;
  return `${m[1]}.${frac.padEnd(width, "0")}Z`;
}
