/**
 * A minimal reader for binary `google.protobuf.FileDescriptorSet`s (what `buf build` writes):
 * the messages, enums and services they declare, plus each file's raw FileDescriptorProto
 * bytes for gRPC server reflection. Only the descriptor fields the API servers need are read;
 * everything else is skipped. No protobuf library: the wire format is read by `WireReader`.
 */
import { STRATOS_DESCRIPTOR_SET_BASE64 } from "./descriptors/stratos-descriptor-set";

// ---------------------------------------------------------------- wire format

/** Wire types. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

/** Reads protobuf wire format from a byte array; throws on truncated or malformed input. */
export class WireReader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new Error("truncated varint");
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new Error("varint too long");
  }

  /** A varint that must fit a JS number (tags, lengths, small enums). */
  uint32(): number {
    return Number(BigInt.asUintN(32, this.varint()));
  }

  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Number(t >> 3n);
    if (field === 0 || field > 0x1fffffff) throw new Error(`invalid field number ${field}`);
    return { field, wire: Number(t & 7n) };
  }

  bytes(): Uint8Array {
    const len = this.uint32();
    if (this.pos + len > this.buf.length) throw new Error("truncated length-delimited field");
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    const b = this.bytes();
    // A view, not a copy (`Buffer.from(uint8array)` would copy the bytes first).
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
  }

  private need(n: number): number {
    if (this.pos + n > this.buf.length) throw new Error("truncated fixed-width field");
    const at = this.pos;
    this.pos += n;
    return at;
  }

  fixed32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  sfixed32(): number {
    return this.view.getInt32(this.need(4), true);
  }
  float(): number {
    return this.view.getFloat32(this.need(4), true);
  }
  fixed64(): bigint {
    return this.view.getBigUint64(this.need(8), true);
  }
  sfixed64(): bigint {
    return this.view.getBigInt64(this.need(8), true);
  }
  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  /** Skips one field's value of the given wire type. */
  skip(wire: number, field?: number): void {
    switch (wire) {
      case WireType.VARINT:
        this.varint();
        return;
      case WireType.I64:
        this.need(8);
        return;
      case WireType.LEN:
        this.bytes();
        return;
      case WireType.I32:
        this.need(4);
        return;
      case WireType.SGROUP:
        for (;;) {
          const t = this.tag();
          if (t.wire === WireType.EGROUP) {
            if (field !== undefined && t.field !== field) throw new Error("mismatched end group");
            return;
          }
          this.skip(t.wire, t.field);
        }
      default:
        throw new Error(`invalid wire type ${wire}`);
    }
  }
}

// ---------------------------------------------------------------- descriptors

/** FieldDescriptorProto.Type */
export const FieldType = {
  DOUBLE: 1,
  FLOAT: 2,
  INT64: 3,
  UINT64: 4,
  INT32: 5,
  FIXED64: 6,
  FIXED32: 7,
  BOOL: 8,
  STRING: 9,
  GROUP: 10,
  MESSAGE: 11,
  BYTES: 12,
  UINT32: 13,
  ENUM: 14,
  SFIXED32: 15,
  SFIXED64: 16,
  SINT32: 17,
  SINT64: 18,
} as const;

const LABEL_REPEATED = 3;

export interface FieldDesc {
  /** The proto field name (what grpc-gateway's OrigName JSON uses), e.g. `BLS_signature`. */
  readonly name: string;
  readonly number: number;
  readonly repeated: boolean;
  readonly type: number;
  /** Fully-qualified message or enum name without the leading dot, for MESSAGE/ENUM fields. */
  readonly typeName: string;
  /** Member of a oneof (proto3 `optional` included): omitted from JSON when unset. */
  readonly inOneof: boolean;
}

export interface MessageDesc {
  readonly fullName: string;
  readonly fields: readonly FieldDesc[];
  readonly byNumber: ReadonlyMap<number, FieldDesc>;
  /** A synthesized `map<K, V>` entry type. */
  readonly mapEntry: boolean;
}

export interface MethodDesc {
  readonly name: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
}

export interface ServiceDesc {
  readonly fullName: string;
  readonly file: string;
  readonly methods: readonly MethodDesc[];
}

/** What a descriptor set declares, indexed by fully-qualified name (no leading dot). */
export interface DescriptorRegistry {
  /** Each FileDescriptorProto of the set, encoded, in set order (dependencies first, as buf writes them). */
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly messages: ReadonlyMap<string, MessageDesc>;
  /** Enum full name -> value number -> value name. */
  readonly enums: ReadonlyMap<string, ReadonlyMap<number, string>>;
  readonly services: ReadonlyMap<string, ServiceDesc>;
}

/** Calls `fn` for each field of one encoded message. */
function eachField(bytes: Uint8Array, fn: (field: number, wire: number, r: WireReader) => void): void {
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    const before = r.pos;
    fn(field, wire, r);
    if (r.pos === before) r.skip(wire, field);
  }
}

const stripDot = (name: string): string => (name.startsWith(".") ? name.slice(1) : name);
const join = (scope: string, name: string): string => (scope ? `${scope}.${name}` : name);

interface Collect {
  messages: Map<string, MessageDesc>;
  enums: Map<string, Map<number, string>>;
}

function readEnum(bytes: Uint8Array, scope: string, out: Collect): void {
  let name = "";
  const values = new Map<number, string>();
  eachField(bytes, (f, w, r) => {
    if (f === 1 && w === WireType.LEN) name = r.string();
    else if (f === 2 && w === WireType.LEN) {
      let vName = "";
      let vNumber = 0;
      eachField(r.bytes(), (vf, vw, vr) => {
        if (vf === 1 && vw === WireType.LEN) vName = vr.string();
        else if (vf === 2 && vw === WireType.VARINT) vNumber = Number(BigInt.asIntN(32, vr.varint()));
      });
      // With allow_alias the first name wins (as Go's protobuf does).
      if (!values.has(vNumber)) values.set(vNumber, vName);
    }
  });
  out.enums.set(join(scope, name), values);
}

function readField(bytes: Uint8Array): FieldDesc {
  let name = "";
  let number = 0;
  let label = 1;
  let type = 0;
  let typeName = "";
  let oneofIndex: number | undefined;
  eachField(bytes, (f, w, r) => {
    if (f === 1 && w === WireType.LEN) name = r.string();
    else if (f === 3 && w === WireType.VARINT) number = r.uint32();
    else if (f === 4 && w === WireType.VARINT) label = r.uint32();
    else if (f === 5 && w === WireType.VARINT) type = r.uint32();
    else if (f === 6 && w === WireType.LEN) typeName = stripDot(r.string());
    else if (f === 9 && w === WireType.VARINT) oneofIndex = r.uint32();
  });
  return { name, number, repeated: label === LABEL_REPEATED, type, typeName, inOneof: oneofIndex !== undefined };
}

function readMessage(bytes: Uint8Array, scope: string, out: Collect): void {
  let name = "";
  const fields: FieldDesc[] = [];
  const nested: Uint8Array[] = [];
  const enums: Uint8Array[] = [];
  let mapEntry = false;
  eachField(bytes, (f, w, r) => {
    if (w !== WireType.LEN) return;
    if (f === 1) name = r.string();
    else if (f === 2) fields.push(readField(r.bytes()));
    else if (f === 3) nested.push(r.bytes());
    else if (f === 4) enums.push(r.bytes());
    else if (f === 7) {
      // MessageOptions.map_entry = 7
      eachField(r.bytes(), (of, ow, or) => {
        if (of === 7 && ow === WireType.VARINT) mapEntry = or.varint() !== 0n;
      });
    }
  });
  const fullName = join(scope, name);
  out.messages.set(fullName, { fullName, fields, byNumber: new Map(fields.map((fd) => [fd.number, fd])), mapEntry });
  for (const n of nested) readMessage(n, fullName, out);
  for (const e of enums) readEnum(e, fullName, out);
}

function readService(bytes: Uint8Array, pkg: string, file: string): ServiceDesc {
  let name = "";
  const methods: MethodDesc[] = [];
  eachField(bytes, (f, w, r) => {
    if (f === 1 && w === WireType.LEN) name = r.string();
    else if (f === 2 && w === WireType.LEN) {
      const m = { name: "", inputType: "", outputType: "", clientStreaming: false, serverStreaming: false };
      eachField(r.bytes(), (mf, mw, mr) => {
        if (mf === 1 && mw === WireType.LEN) m.name = mr.string();
        else if (mf === 2 && mw === WireType.LEN) m.inputType = stripDot(mr.string());
        else if (mf === 3 && mw === WireType.LEN) m.outputType = stripDot(mr.string());
        else if (mf === 5 && mw === WireType.VARINT) m.clientStreaming = mr.varint() !== 0n;
        else if (mf === 6 && mw === WireType.VARINT) m.serverStreaming = mr.varint() !== 0n;
      });
      methods.push(m);
    }
  });
  return { fullName: join(pkg, name), file, methods };
}

/** Parses a binary FileDescriptorSet. */
export function parseDescriptorSet(set: Uint8Array): DescriptorRegistry {
  const files: { name: string; bytes: Uint8Array }[] = [];
  const out: Collect = { messages: new Map(), enums: new Map() };
  const services = new Map<string, ServiceDesc>();
  eachField(set, (f, w, r) => {
    if (f !== 1 || w !== WireType.LEN) return;
    const fileBytes = r.bytes();
    let name = "";
    let pkg = "";
    const msgs: Uint8Array[] = [];
    const enums: Uint8Array[] = [];
    const svcs: Uint8Array[] = [];
    eachField(fileBytes, (ff, fw, fr) => {
      if (fw !== WireType.LEN) return;
      if (ff === 1) name = fr.string();
      else if (ff === 2) pkg = fr.string();
      else if (ff === 4) msgs.push(fr.bytes());
      else if (ff === 5) enums.push(fr.bytes());
      else if (ff === 6) svcs.push(fr.bytes());
    });
    files.push({ name, bytes: fileBytes });
    for (const m of msgs) readMessage(m, pkg, out);
    for (const e of enums) readEnum(e, pkg, out);
    for (const s of svcs) {
      const svc = readService(s, pkg, name);
      services.set(svc.fullName, svc);
    }
  });
  return { files, messages: out.messages, enums: out.enums, services };
}

/** `/pkg.Service/Method` -> the method's descriptor, or undefined. */
export function methodByPath(reg: DescriptorRegistry, path: string): MethodDesc | undefined {
  const m = /^\/([\w.]+)\/(\w+)$/.exec(path);
  if (!m) return undefined;
  return reg.services.get(m[1]!)?.methods.find((x) => x.name === m[2]);
}

/** The gRPC method paths (`/pkg.Service/Method`) of a service in the registry. */
export function servicePaths(reg: DescriptorRegistry, service: string): string[] {
  const svc = reg.services.get(service);
  if (!svc) throw new Error(`service ${service} is not in the descriptor set`);
  return svc.methods.map((m) => `/${service}/${m.name}`);
}

let stratos: DescriptorRegistry | undefined;

/**
 * The descriptors of the Stratos query services (register, sds, pot) and everything they
 * import, from the committed `descriptors/stratos.binpb` (embedded as base64 in
 * `descriptors/stratos-descriptor-set.ts`). Parsed once.
 */
export function stratosDescriptors(): DescriptorRegistry {
  stratos ??= parseDescriptorSet(new Uint8Array(Buffer.from(STRATOS_DESCRIPTOR_SET_BASE64, "base64")));
  return stratos;
}
