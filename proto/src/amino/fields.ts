import { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import type { Coin } from "../../gen/ts/cosmos/base/v1beta1/coin";
import type { Any } from "../../gen/ts/google/protobuf/any";
import type { Duration } from "../../gen/ts/google/protobuf/duration";
import type { Timestamp } from "../../gen/ts/google/protobuf/timestamp";

// Field-level building blocks of the legacy Amino JSON converters. Each field knows its amino
// (snake_case) name, how to write a value (or `undefined` = left out, Go `omitempty`) and how to
// read it back. A message converter is an ordered table of fields, so the output is a pure
// function of the proto message: the chain (sign-bytes verification) and the SDK (signing) build
// byte-identical JSON.

/**
 * A JSON value as it appears in an Amino JSON sign doc.
 *
 * @example
 * const v: AminoJson = { denom: "wei", amount: "1" };
 */
export type AminoJson = string | number | boolean | null | AminoJson[] | AminoJsonObject;

/**
 * A JSON object as it appears in an Amino JSON sign doc (the `value` of an amino msg).
 *
 * @example
 * const value: AminoJsonObject = converters["/stratos.sds.v1.MsgPrepay"]!.toAmino(msg);
 */
export interface AminoJsonObject {
  [key: string]: AminoJson;
}

/** One proto field: its amino name and both directions. */
export interface AminoField<V> {
  /** The amino JSON key (the proto field name, snake_case). */
  readonly name: string;
  /** The JSON value, or `undefined` when the value is empty (Go `omitempty`: the key is left out). */
  toAmino(value: V): AminoJson | undefined;
  /** Reads the JSON value back; `undefined` / `null` (key absent) gives the proto default. */
  fromAmino(json: AminoJson | undefined): V;
}

/** An ordered table `tsField -> AminoField` covering every field of a message type. */
export type AminoSchema<T> = { readonly [K in keyof T]-?: AminoField<T[K]> };

/** Converts one (nested) message type with a schema. */
export interface AminoObjectCodec<T> {
  toAmino(value: T): AminoJsonObject;
  fromAmino(json: AminoJson | undefined): T;
}

class AminoDecodeError extends Error {
  constructor(field: string, expected: string, got: unknown) {
    super(`amino JSON: field "${field}" must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
    this.name = "AminoDecodeError";
  }
}

function absent(json: AminoJson | undefined): json is undefined | null {
  return json === undefined || json === null;
}

function isObject(json: AminoJson | undefined): json is AminoJsonObject {
  return typeof json === "object" && json !== null && !Array.isArray(json);
}

/** A converter over a schema; keys are written in schema (= proto field) order. */
export function objectCodec<T>(schema: AminoSchema<T>): AminoObjectCodec<T> {
  const entries = Object.entries(schema) as [keyof T & string, AminoField<unknown>][];
  return {
    toAmino(value: T): AminoJsonObject {
      const out: AminoJsonObject = {};
      for (const [key, field] of entries) {
        const json = field.toAmino(value[key]);
        if (json !== undefined) out[field.name] = json;
      }
      return out;
    },
    fromAmino(json: AminoJson | undefined): T {
      const obj = absent(json) ? {} : json;
      if (!isObject(obj)) throw new AminoDecodeError("(message)", "an object", json);
      const out = {} as Record<string, unknown>;
      for (const [key, field] of entries) out[key] = field.fromAmino(obj[field.name]);
      return out as T;
    },
  };
}

/**
 * The shape every field shares: a value for which `isEmpty` holds is left out (Go `omitempty`) and
 * an absent key reads back as a fresh `empty()`.
 */
function field<V>(name: string, empty: () => V, isEmpty: (v: V) => boolean, write: (v: V) => AminoJson, read: (j: AminoJson) => V): AminoField<V> {
  return {
    name,
    toAmino: (v) => (isEmpty(v) ? undefined : write(v)),
    fromAmino: (j) => (absent(j) ? empty() : read(j)),
  };
}

/** A field whose proto value may be unset (a message type): unset is left out and reads back as `undefined`. */
function optional<V>(name: string, write: (v: V) => AminoJson, read: (j: AminoJson) => V): AminoField<V | undefined> {
  return field<V | undefined>(name, () => undefined, (v) => v === undefined, (v) => write(v!), read);
}

/** `j` as a string, else an AminoDecodeError naming the field and what was `expected`. */
function stringOf(name: string, expected: string, j: AminoJson): string {
  if (typeof j !== "string") throw new AminoDecodeError(name, expected, j);
  return j;
}

/** `j` as a decimal integer string (int64, Duration nanoseconds) as a bigint. */
function decimalOf(name: string, expected: string, j: AminoJson): bigint {
  if (typeof j !== "string" || !/^-?\d+$/.test(j)) throw new AminoDecodeError(name, expected, j);
  return BigInt(j);
}

/** `string` (also cosmos `Int` / `Dec` scalars and addresses); `""` is left out. */
export function str(name: string): AminoField<string> {
  return field(name, () => "", (v) => v === "", (v) => v, (j) => stringOf(name, "a string", j));
}

/** `bool`; `false` is left out. */
export function bool(name: string): AminoField<boolean> {
  return field(name, () => false, (v) => !v, () => true, (j) => {
    if (typeof j !== "boolean") throw new AminoDecodeError(name, "a boolean", j);
    return j;
  });
}

/** `uint32` / `int32`: a JSON number; `0` is left out. */
export function int32(name: string): AminoField<number> {
  return field(name, () => 0, (v) => v === 0, (v) => v, (j) => {
    if (typeof j !== "number" || !Number.isInteger(j)) throw new AminoDecodeError(name, "an integer", j);
    return j;
  });
}

/** `int64` / `uint64` (bigint): a decimal string; `0` is left out. */
export function int64(name: string): AminoField<bigint> {
  return field(name, () => 0n, (v) => v === 0n, (v) => v.toString(), (j) => decimalOf(name, "a decimal integer string", j));
}

/** `bytes`: standard base64; empty is left out. */
export function bytes(name: string): AminoField<Uint8Array> {
  return field(name, () => new Uint8Array(0), (v) => v.length === 0, toBase64, (j) => fromBase64(stringOf(name, "a base64 string", j)));
}

/** A repeated field of element converters; an empty list is left out. */
function list<E>(name: string, toElem: (e: E) => AminoJson, fromElem: (j: AminoJson) => E): AminoField<E[]> {
  return field<E[]>(name, () => [], (v) => v.length === 0, (v) => v.map(toElem), (j) => {
    if (!Array.isArray(j)) throw new AminoDecodeError(name, "an array", j);
    return j.map(fromElem);
  });
}

/** `repeated string`. */
export function strings(name: string): AminoField<string[]> {
  return list(name, (s: string) => s, (j) => stringOf(name, "an array of strings", j));
}

/** `repeated bytes`: base64 strings. */
export function bytesList(name: string): AminoField<Uint8Array[]> {
  return list(name, (b: Uint8Array) => toBase64(b), (j) => fromBase64(stringOf(name, "an array of base64 strings", j)));
}

function coinToAmino(c: Coin): AminoJsonObject {
  return { denom: c.denom, amount: c.amount };
}

function coinFromAmino(name: string, j: AminoJson): Coin {
  if (!isObject(j)) throw new AminoDecodeError(name, "a coin {denom, amount}", j);
  const { denom = "", amount = "" } = j;
  if (typeof denom !== "string" || typeof amount !== "string") throw new AminoDecodeError(name, "a coin {denom, amount} of strings", j);
  return { denom, amount };
}

/** A `cosmos.base.v1beta1.Coin` message field: `{denom, amount}` (amount an Int string); unset is left out. */
export function coin(name: string): AminoField<Coin | undefined> {
  return optional(name, coinToAmino, (j) => coinFromAmino(name, j));
}

/** `repeated cosmos.base.v1beta1.Coin` (sdk.Coins), order kept; empty is left out. */
export function coins(name: string): AminoField<Coin[]> {
  return list(name, coinToAmino, (j) => coinFromAmino(name, j));
}

/** A nested message field; unset is left out, a set message is written even when all its fields are empty. */
export function message<T>(name: string, codec: AminoObjectCodec<T>): AminoField<T | undefined> {
  return optional(name, (v: T) => codec.toAmino(v), (j) => codec.fromAmino(j));
}

/** A repeated nested message field; empty is left out. */
export function messages<T>(name: string, codec: AminoObjectCodec<T>): AminoField<T[]> {
  return list(name, (e: T) => codec.toAmino(e), (j) => codec.fromAmino(j));
}

/** Public-key Any type URLs and their legacy amino names (`cosmos-sdk/crypto/...` legacy codec). */
const PUBKEY_AMINO_NAMES: Readonly<Record<string, string>> = {
  "/cosmos.crypto.ed25519.PubKey": "tendermint/PubKeyEd25519",
  "/cosmos.crypto.secp256k1.PubKey": "tendermint/PubKeySecp256k1",
};

/**
 * The raw key of an encoded `cosmos.crypto.{ed25519,secp256k1}.PubKey{bytes key = 1}`.
 *
 * @example
 * const raw = decodePubKeyBytes(node.pubkey!.value); // 32 bytes for ed25519
 */
export function decodePubKeyBytes(value: Uint8Array): Uint8Array {
  const reader = new BinaryReader(value);
  let key: Uint8Array = new Uint8Array(0);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1 && wireType === 2) key = reader.bytes();
    else reader.skip(wireType, fieldNo);
  }
  return key;
}

/**
 * Encodes `cosmos.crypto.{ed25519,secp256k1}.PubKey{bytes key = 1}` as cosmjs-types does.
 *
 * @example
 * const any = { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: encodePubKeyBytes(raw32) };
 */
export function encodePubKeyBytes(key: Uint8Array): Uint8Array {
  const writer = new BinaryWriter();
  if (key.length !== 0) writer.uint32(10).bytes(key);
  return writer.finish();
}

/**
 * A public key packed in `google.protobuf.Any` (`/cosmos.crypto.ed25519.PubKey`, or secp256k1):
 * `{type: "tendermint/PubKeyEd25519", value: base64(raw key)}` as the legacy amino codec writes it.
 * Unset is left out; any other type URL throws.
 */
export function pubkeyAny(name: string): AminoField<Any | undefined> {
  return optional(
    name,
    (v: Any) => {
      const type = PUBKEY_AMINO_NAMES[v.typeUrl];
      if (type === undefined) throw new Error(`amino JSON: field "${name}": unsupported public key type "${v.typeUrl}"`);
      return { type, value: toBase64(decodePubKeyBytes(v.value)) };
    },
    (j) => {
      if (!isObject(j) || typeof j.type !== "string" || typeof j.value !== "string") throw new AminoDecodeError(name, "a public key {type, value}", j);
      const typeUrl = Object.keys(PUBKEY_AMINO_NAMES).find((url) => PUBKEY_AMINO_NAMES[url] === j.type);
      if (typeUrl === undefined) throw new AminoDecodeError(name, "a tendermint/PubKeyEd25519 or tendermint/PubKeySecp256k1 key", j.type);
      return { typeUrl, value: encodePubKeyBytes(fromBase64(j.value)) };
    },
  );
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** `google.protobuf.Duration` as Go amino writes a `time.Duration`: nanoseconds, a decimal string; unset is left out. */
export function duration(name: string): AminoField<Duration | undefined> {
  return optional(
    name,
    (v: Duration) => (v.seconds * NANOS_PER_SECOND + BigInt(v.nanos)).toString(),
    (j) => {
      const ns = decimalOf(name, "a duration in nanoseconds (decimal string)", j);
      // Truncating division: seconds and nanos carry the same sign, as the Duration spec requires.
      return { seconds: ns / NANOS_PER_SECOND, nanos: Number(ns % NANOS_PER_SECOND) };
    },
  );
}

/**
 * Formats a Timestamp as Go's `time.Time` JSON (RFC 3339, UTC, fraction without trailing zeros).
 *
 * @example
 * timestampToRfc3339({ seconds: 1_700_000_000n, nanos: 120_000_000 }); // "2023-11-14T22:13:20.12Z"
 */
export function timestampToRfc3339(t: Timestamp): string {
  const iso = new Date(Number(t.seconds) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  if (t.nanos < 0 || t.nanos > 999_999_999 || !Number.isInteger(t.nanos)) throw new Error(`timestamp nanos out of range: ${t.nanos}`);
  const fraction = t.nanos === 0 ? "" : `.${t.nanos.toString().padStart(9, "0").replace(/0+$/, "")}`;
  return `${iso.slice(0, 19)}${fraction}Z`;
}

/**
 * Parses an RFC 3339 time (with `Z` or a numeric offset) into a Timestamp.
 *
 * @example
 * timestampFromRfc3339("2023-11-14T22:13:20.12Z"); // { seconds: 1700000000n, nanos: 120000000 }
 */
export function timestampFromRfc3339(s: string): Timestamp {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new Error(`not an RFC 3339 time: ${JSON.stringify(s)}`);
  const [, y, mo, d, h, mi, se, frac = "", zone = "Z"] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return { seconds: BigInt(ms / 1000), nanos: frac === "" ? 0 : Number(frac.padEnd(9, "0")) };
}

/** `google.protobuf.Timestamp` as Go amino writes a `time.Time`: an RFC 3339 string in UTC; unset is left out. */
export function timestamp(name: string): AminoField<Timestamp | undefined> {
  return optional(name, timestampToRfc3339, (j) => timestampFromRfc3339(stringOf(name, "an RFC 3339 time string", j)));
}

/**
 * A cosmjs-compatible Amino converter (`AminoConverter` of `@cosmjs/stargate`: `{aminoType, toAmino,
 * fromAmino}`) for one Msg, typed with the generated message type.
 *
 * @example
 * const c = createStratosAminoConverters()["/stratos.sds.v1.MsgPrepay"]!;
 * const json = c.toAmino(msg); // { sender, beneficiary, amount: [{ denom, amount }] }, type c.aminoType = "sds/PrepayTx"
 */
export interface StratosAminoConverter<T> {
  /** The legacy amino name, e.g. `register/CreateResourceNodeTx`. */
  readonly aminoType: string;
  /** Proto message (a full or partial value, normalised with `fromPartial`) to the amino `value`. */
  toAmino(value: T): AminoJsonObject;
  /** The amino `value` back to the proto message. */
  fromAmino(value: AminoJsonObject): T;
}

/** A top-level Msg converter: normalises the input with the codec's `fromPartial`, then applies the schema. */
export function msgConverter<T>(aminoType: string, codec: { fromPartial(object: T): T }, schema: AminoSchema<T>): StratosAminoConverter<T> {
  const obj = objectCodec(schema);
  return {
    aminoType,
    toAmino: (value: T) => obj.toAmino(codec.fromPartial(value)),
    fromAmino: (value: AminoJsonObject) => obj.fromAmino(value),
  };
}
