/**
 * Protobuf bytes -> grpc-gateway JSON, driven by descriptors (no generated code): the shape the
 * Cosmos SDK's gateway writes (`JSONPb{EmitDefaults: true, OrigName: true}`):
 *
 * - field names are the proto names (`network_address`, `BLS_signature`, `txData`), in
 *   declaration order;
 * - defaults are emitted: `0`, `""`, `false`, `"0"` for 64-bit integers, `[]` for repeated
 *   fields, `{}` for maps, the name of value 0 for enums, and `null` for an unset message;
 *   an unset oneof member (or proto3 `optional` field) is omitted;
 * - int64/uint64/fixed64/sint64 are strings, bytes are standard base64, enums are names
 *   (an unknown value stays a number), NaN/Infinity are strings;
 * - `Timestamp` is RFC 3339 with 0, 3, 6 or 9 fraction digits, `Duration` is e.g. `"1.500s"`,
 *   wrapper types are their bare value, and an `Any` is inline with `"@type"` (see `renderAny`
 *   in gateway-json.ts for types outside the descriptor set).
 */
import { renderAny, toBase64, type Json } from "./gateway-json";
import { FieldType, WireReader, WireType, type DescriptorRegistry, type FieldDesc, type MessageDesc } from "./proto-descriptors";

const WRAPPERS = new Set(["DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value", "BoolValue", "StringValue", "BytesValue"].map((n) => `google.protobuf.${n}`));

function jsonNumber(n: number): Json {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return n;
}

function zigzag(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, (v >> 1n) ^ -(v & 1n));
}

const isPackable = (type: number): boolean => type !== FieldType.STRING && type !== FieldType.BYTES && type !== FieldType.MESSAGE && type !== FieldType.GROUP;

/** The wire type a (non-packed) value of this field type uses. */
function wireOf(type: number): number {
  switch (type) {
    case FieldType.DOUBLE:
    case FieldType.FIXED64:
    case FieldType.SFIXED64:
      return WireType.I64;
    case FieldType.FLOAT:
    case FieldType.FIXED32:
    case FieldType.SFIXED32:
      return WireType.I32;
    case FieldType.STRING:
    case FieldType.BYTES:
    case FieldType.MESSAGE:
      return WireType.LEN;
    case FieldType.GROUP:
      return WireType.SGROUP;
    default:
      return WireType.VARINT;
  }
}

export class ProtoJsonRenderer {
  constructor(private readonly reg: DescriptorRegistry) {}

  /** Renders the encoded message `bytes` of type `typeName` (fully qualified, no leading dot). */
  render(typeName: string, bytes: Uint8Array): Json {
    const special = this.wellKnown(typeName, bytes);
    if (special !== undefined) return special;
    const desc = this.message(typeName);
    const values = this.decode(desc, bytes);
    const out: { [k: string]: Json } = {};
    for (const f of desc.fields) {
      const got = values.get(f.number);
      if (this.isMap(f)) {
        const obj: { [k: string]: Json } = {};
        for (const entry of got ?? []) {
          const [k, v] = this.mapEntry(f, entry as Uint8Array);
          obj[k] = v;
        }
        out[f.name] = obj;
      } else if (f.repeated) {
        out[f.name] = (got ?? []).map((v) => this.value(f, v));
      } else if (got === undefined || got.length === 0) {
        if (f.inOneof) continue;
        out[f.name] = this.defaultValue(f);
      } else if (f.type === FieldType.MESSAGE) {
        // Several occurrences of a singular message field merge, which on the wire is concatenation.
        out[f.name] = this.render(f.typeName, got.length === 1 ? (got[0] as Uint8Array) : Buffer.concat(got as Uint8Array[]));
      } else {
        out[f.name] = this.value(f, got[got.length - 1]!);
      }
    }
    return out;
  }

  private message(typeName: string): MessageDesc {
    const desc = this.reg.messages.get(typeName);
    if (!desc) throw new Error(`no descriptor for message ${typeName}`);
    return desc;
  }

  private isMap(f: FieldDesc): boolean {
    return f.repeated && f.type === FieldType.MESSAGE && this.reg.messages.get(f.typeName)?.mapEntry === true;
  }

  private mapEntry(f: FieldDesc, bytes: Uint8Array): [string, Json] {
    const desc = this.message(f.typeName);
    const values = this.decode(desc, bytes);
    const keyField = desc.byNumber.get(1);
    const valueField = desc.byNumber.get(2);
    if (!keyField || !valueField) throw new Error(`malformed map entry ${f.typeName}`);
    const k = values.get(1);
    const v = values.get(2);
    const key = k && k.length ? this.value(keyField, k[k.length - 1]!) : this.defaultValue(keyField);
    const value = v && v.length ? this.value(valueField, v[v.length - 1]!) : valueField.type === FieldType.MESSAGE ? this.render(valueField.typeName, new Uint8Array()) : this.defaultValue(valueField);
    return [String(key), value];
  }

  /** Field number -> raw occurrences, in wire order (packed runs unpacked). */
  private decode(desc: MessageDesc, bytes: Uint8Array): Map<number, (Uint8Array | Json)[]> {
    const r = new WireReader(bytes);
    const out = new Map<number, (Uint8Array | Json)[]>();
    const push = (n: number, v: Uint8Array | Json): void => {
      const list = out.get(n);
      if (list) list.push(v);
      else out.set(n, [v]);
    };
    while (!r.done) {
      const { field, wire } = r.tag();
      const f = desc.byNumber.get(field);
      if (!f) {
        r.skip(wire, field);
        continue;
      }
      if (wire === WireType.LEN && isPackable(f.type)) {
        const packed = new WireReader(r.bytes());
        while (!packed.done) push(field, this.scalar(f, packed));
      } else if (wire !== wireOf(f.type)) {
        throw new Error(`field ${desc.fullName}.${f.name}: wire type ${wire} does not match its type`);
      } else if (f.type === FieldType.MESSAGE || f.type === FieldType.BYTES) {
        push(field, r.bytes());
      } else {
        push(field, this.scalar(f, r));
      }
    }
    return out;
  }

  /** Reads one scalar value of the field's type as JSON. */
  private scalar(f: FieldDesc, r: WireReader): Json {
    switch (f.type) {
      case FieldType.DOUBLE:
        return jsonNumber(r.double());
      case FieldType.FLOAT:
        return jsonNumber(r.float());
      case FieldType.INT64:
        return BigInt.asIntN(64, r.varint()).toString();
      case FieldType.UINT64:
        return r.varint().toString();
      case FieldType.INT32:
        return Number(BigInt.asIntN(32, r.varint()));
      case FieldType.UINT32:
        return Number(BigInt.asUintN(32, r.varint()));
      case FieldType.SINT32:
        return Number(zigzag(r.varint(), 32));
      case FieldType.SINT64:
        return zigzag(r.varint(), 64).toString();
      case FieldType.FIXED64:
        return r.fixed64().toString();
      case FieldType.SFIXED64:
        return r.sfixed64().toString();
      case FieldType.FIXED32:
        return r.fixed32();
      case FieldType.SFIXED32:
        return r.sfixed32();
      case FieldType.BOOL:
        return r.varint() !== 0n;
      case FieldType.STRING:
        return r.string();
      case FieldType.ENUM: {
        const n = Number(BigInt.asIntN(32, r.varint()));
        return this.reg.enums.get(f.typeName)?.get(n) ?? n;
      }
      default:
        throw new Error(`field ${f.name}: unsupported type ${f.type}`);
    }
  }

  /** A decoded occurrence as JSON. */
  private value(f: FieldDesc, v: Uint8Array | Json): Json {
    if (f.type === FieldType.MESSAGE) return this.render(f.typeName, v as Uint8Array);
    if (f.type === FieldType.BYTES) return toBase64(v as Uint8Array);
    return v as Json;
  }

  private defaultValue(f: FieldDesc): Json {
    switch (f.type) {
      case FieldType.MESSAGE:
        return null;
      case FieldType.STRING:
      case FieldType.BYTES:
        return "";
      case FieldType.BOOL:
        return false;
      case FieldType.INT64:
      case FieldType.UINT64:
      case FieldType.SINT64:
      case FieldType.FIXED64:
      case FieldType.SFIXED64:
        return "0";
      case FieldType.ENUM:
        return this.reg.enums.get(f.typeName)?.get(0) ?? 0;
      default:
        return 0;
    }
  }

  /** Well-known types with a special JSON form; undefined for ordinary messages. */
  private wellKnown(typeName: string, bytes: Uint8Array): Json | undefined {
    if (typeName === "google.protobuf.Timestamp") {
      const { seconds, nanos } = secondsNanos(bytes);
      return formatTimestamp(seconds, nanos);
    }
    if (typeName === "google.protobuf.Duration") {
      const { seconds, nanos } = secondsNanos(bytes);
      return formatDuration(seconds, nanos);
    }
    if (typeName === "google.protobuf.Any") {
      let typeUrl = "";
      let value: Uint8Array = new Uint8Array();
      const r = new WireReader(bytes);
      while (!r.done) {
        const { field, wire } = r.tag();
        if (field === 1 && wire === WireType.LEN) typeUrl = r.string();
        else if (field === 2 && wire === WireType.LEN) value = r.bytes();
        else r.skip(wire, field);
      }
      if (typeUrl === "" && value.length === 0) return {};
      const inner = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
      if (!this.reg.messages.has(inner)) return renderAny({ typeUrl, value });
      const json = this.render(inner, value);
      // Types with a non-object JSON form go under "value", as jsonpb does.
      if (json === null || typeof json !== "object" || Array.isArray(json)) return { "@type": typeUrl, value: json };
      return { "@type": typeUrl, ...json };
    }
    if (WRAPPERS.has(typeName)) {
      const desc = this.message(typeName);
      const f = desc.byNumber.get(1)!;
      const got = this.decode(desc, bytes).get(1);
      return got && got.length ? this.value(f, got[got.length - 1]!) : this.defaultValue(f);
    }
    return undefined;
  }
}

function secondsNanos(bytes: Uint8Array): { seconds: bigint; nanos: number } {
  let seconds = 0n;
  let nanos = 0;
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.VARINT) seconds = BigInt.asIntN(64, r.varint());
    else if (field === 2 && wire === WireType.VARINT) nanos = Number(BigInt.asIntN(32, r.varint()));
    else r.skip(wire, field);
  }
  return { seconds, nanos };
}

/** Fraction digits as jsonpb writes them: none, or 3, 6 or 9 digits. */
function fraction(nanos: number): string {
  if (nanos === 0) return "";
  let s = nanos.toString().padStart(9, "0");
  if (s.endsWith("000000")) s = s.slice(0, 3);
  else if (s.endsWith("000")) s = s.slice(0, 6);
  return `.${s}`;
}

/** RFC 3339 in UTC, as jsonpb formats a Timestamp. */
export function formatTimestamp(seconds: bigint, nanos: number): string {
  const ms = Number(seconds) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime()) || nanos < 0 || nanos > 999_999_999) throw new Error(`timestamp out of range: ${seconds}s ${nanos}ns`);
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ (or ±YYYYYY- for years outside 0..9999)
  return `${iso.slice(0, iso.indexOf("."))}${fraction(nanos)}Z`;
}

/** jsonpb's Duration form: seconds with 0, 3, 6 or 9 fraction digits and an "s" suffix. */
export function formatDuration(seconds: bigint, nanos: number): string {
  if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000 || (seconds > 0n && nanos < 0) || (seconds < 0n && nanos > 0)) {
    throw new Error(`invalid duration: ${seconds}s ${nanos}ns`);
  }
  const sign = seconds < 0n || nanos < 0 ? "-" : "";
  const abs = seconds < 0n ? -seconds : seconds;
  return `${sign}${abs.toString()}${fraction(Math.abs(nanos))}s`;
}
