import { sha256 } from "@noble/hashes/sha2";
import { toHex, toUtf8 } from "@cosmjs/encoding";
import { MeshError } from "./errors";

function encode(value: unknown, inArray: boolean): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return JSON.stringify(value.toString(10));
    case "number":
      if (!Number.isFinite(value)) throw new MeshError("bad_request", `cannot encode ${value} as canonical JSON`);
      return JSON.stringify(value);
    case "undefined":
    case "function":
    case "symbol":
      return inArray ? "null" : undefined;
    case "object":
      break;
    default:
      throw new MeshError("bad_request", `cannot encode a ${typeof value} as canonical JSON`);
  }
  if (value instanceof Uint8Array) return JSON.stringify(toHex(value));
  if (Array.isArray(value)) return "[" + value.map((v) => encode(v, true)).join(",") + "]";
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function") return encode(withJson.toJSON(), inArray);
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = encode(obj[key], false);
    if (v !== undefined) parts.push(JSON.stringify(key) + ":" + v);
  }
  return "{" + parts.join(",") + "}";
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every level, no whitespace, bigint as
 * a decimal string, `undefined` fields left out (`null` inside arrays), Uint8Array as lowercase hex.
 *
 * @example
 * canonicalJson({ b: 1n, a: [undefined, new Uint8Array([255])] }); // '{"a":[null,"ff"],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, false);
  if (out === undefined) throw new MeshError("bad_request", "cannot encode undefined as canonical JSON");
  return out;
}

/**
 * The digest that envelopes sign: `sha256(utf8(canonicalJson(payload)))`.
 *
 * @example
 * const digest = payloadDigest(env.payload); // 32 bytes
 */
export function payloadDigest(payload: unknown): Uint8Array {
  return sha256(toUtf8(canonicalJson(payload)));
}
