/**
 * The descriptor-driven grpc-gateway JSON renderer on a synthetic message covering every field
 * kind (descriptors built from a temporary .proto with the repo's buf), plus the well-known
 * type formats.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PubKey as Secp256k1PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { BUF } from "./descriptors/generate";
import { parseDescriptorSet, WireReader, type DescriptorRegistry } from "./proto-descriptors";
import { formatDuration, formatTimestamp, ProtoJsonRenderer } from "./proto-json";


const TEST_PROTO = `
syntax = "proto3";
package t.v1;
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; }
message Inner { string s = 1; int64 n = 2; }
message All {
  double d = 1; float f = 2; int64 i64 = 3; uint64 u64 = 4; int32 i32 = 5; fixed64 fx64 = 6; fixed32 fx32 = 7;
  bool b = 8; string s = 9; Inner m = 11; bytes by = 12; uint32 u32 = 13; Color e = 14;
  sfixed32 sfx32 = 15; sfixed64 sfx64 = 16; sint32 si32 = 17; sint64 si64 = 18;
  repeated int32 packed = 20; repeated Inner list = 21; map<string, int64> counts = 22; map<int32, Inner> by_id = 23;
  oneof choice { string name = 30; Inner inner = 31; }
  optional int32 maybe = 32;
  google.protobuf.Timestamp t = 40; google.protobuf.Duration dur = 41; google.protobuf.Any any = 42;
  google.protobuf.Int64Value w64 = 43; google.protobuf.StringValue ws = 44;
  int32 BLS_signature = 50; bytes txData = 51; repeated Color colors = 52;
}
`;

let reg: DescriptorRegistry;
let render: (type: string, bytes: Uint8Array) => unknown;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratos-proto-json-"));
  try {
    fs.writeFileSync(path.join(dir, "t.proto"), TEST_PROTO);
    const out = path.join(dir, "t.binpb");
    execFileSync(process.execPath, [BUF, "build", dir, "--as-file-descriptor-set", "-o", out], { stdio: ["ignore", "pipe", "pipe"] });
    reg = parseDescriptorSet(fs.readFileSync(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const r = new ProtoJsonRenderer(reg);
  render = (type, bytes) => r.render(type, bytes);
}, 60_000);

// ---------------------------------------------------------------- a small protobuf writer

class W {
  private readonly parts: Buffer[] = [];
  private raw(bytes: number[] | Buffer): this {
    this.parts.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    return this;
  }
  private v(n: bigint): number[] {
    let x = BigInt.asUintN(64, n);
    const out: number[] = [];
    while (x > 0x7fn) {
      out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    out.push(Number(x));
    return out;
  }
  varint(field: number, n: bigint | number): this {
    return this.raw([...this.v(BigInt(field << 3)), ...this.v(BigInt(n))]);
  }
  len(field: number, data: Uint8Array | string | W): this {
    const b = data instanceof W ? data.finish() : typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
    return this.raw([...this.v(BigInt((field << 3) | 2)), ...this.v(BigInt(b.length))]).raw(b);
  }
  fixed32(field: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(4);
    write(b);
    return this.raw([...this.v(BigInt((field << 3) | 5))]).raw(b);
  }
  fixed64(field: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(8);
    write(b);
    return this.raw([...this.v(BigInt((field << 3) | 1))]).raw(b);
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const zz = (n: bigint): bigint => (n << 1n) ^ (n < 0n ? -1n : 0n);

describe("ProtoJsonRenderer", () => {
  it("emits defaults for an empty message, omitting unset oneof and optional fields", () => {
    expect(render("t.v1.All", new Uint8Array())).toEqual({
      d: 0,
      f: 0,
      i64: "0",
      u64: "0",
      i32: 0,
      fx64: "0",
      fx32: 0,
      b: false,
      s: "",
      m: null,
      by: "",
      u32: 0,
      e: "COLOR_UNSPECIFIED",
      sfx32: 0,
      sfx64: "0",
      si32: 0,
      si64: "0",
      packed: [],
      list: [],
      counts: {},
      by_id: {},
      t: null,
      dur: null,
      any: null,
      w64: null,
      ws: null,
      BLS_signature: 0,
      txData: "",
      colors: [],
    });
  });

  it("renders every field kind as grpc-gateway does", () => {
    const inner = (s: string, n: number): W => new W().len(1, s).varint(2, n);
    const msg = new W()
      .fixed64(1, (b) => b.writeDoubleLE(NaN))
      .fixed32(2, (b) => b.writeFloatLE(1.5))
      .varint(3, -5n)
      .varint(4, 18446744073709551615n)
      .varint(5, -1n)
      .fixed64(6, (b) => b.writeBigUInt64LE(2n ** 63n))
      .fixed32(7, (b) => b.writeUInt32LE(4294967295))
      .varint(8, 1)
      .len(9, "héllo")
      .len(11, inner("a", 1))
      .len(11, new W().varint(2, 9)) // a second occurrence merges
      .len(12, new Uint8Array([0xfb, 0xff]))
      .varint(13, 4294967295)
      .varint(14, 7) // an enum value without a name stays a number
      .fixed32(15, (b) => b.writeInt32LE(-2))
      .fixed64(16, (b) => b.writeBigInt64LE(-3n))
      .varint(17, zz(-4n))
      .varint(18, zz(-9007199254740993n))
      .finish();
    // Field 20 packed (1, 2, 300 as bare varints), then one unpacked occurrence.
    const packed = Buffer.from([1, 2, 0xac, 0x02]);
    const full = Buffer.concat([
      msg,
      new W().len(20, packed).varint(20, 5).finish(),
      new W()
        .len(21, inner("x", 2))
        .len(21, new W())
        .len(22, new W().len(1, "k").varint(2, 3n))
        .len(22, new W().len(1, "z"))
        .len(23, new W().varint(1, -1).len(2, inner("v", 0)))
        .len(31, inner("chosen", 0))
        .varint(32, 0)
        .len(40, new W().varint(1, 1_700_000_000).varint(2, 120_000))
        .len(41, new W().varint(1, -1n).varint(2, -500_000_000n))
        .len(42, new W().len(1, "/cosmos.crypto.secp256k1.PubKey").len(2, Secp256k1PubKey.encode({ key: new Uint8Array([2, 3]) }).finish()))
        .len(43, new W().varint(1, 12n))
        .len(44, new W())
        .varint(50, 6)
        .len(51, new Uint8Array([1]))
        .len(52, Buffer.from([1, 0, 9]))
        .varint(99, 1) // unknown field: skipped
        .finish(),
    ]);
    expect(render("t.v1.All", full)).toEqual({
      d: "NaN",
      f: 1.5,
      i64: "-5",
      u64: "18446744073709551615",
      i32: -1,
      fx64: "9223372036854775808",
      fx32: 4294967295,
      b: true,
      s: "héllo",
      m: { s: "a", n: "9" },
      by: "+/8=",
      u32: 4294967295,
      e: 7,
      sfx32: -2,
      sfx64: "-3",
      si32: -4,
      si64: "-9007199254740993",
      packed: [1, 2, 300, 5],
      list: [
        { s: "x", n: "2" },
        { s: "", n: "0" },
      ],
      counts: { k: "3", z: "0" },
      by_id: { "-1": { s: "v", n: "0" } },
      inner: { s: "chosen", n: "0" },
      maybe: 0,
      t: "2023-11-14T22:13:20.000120Z",
      dur: "-1.500s",
      any: { "@type": "/cosmos.crypto.secp256k1.PubKey", key: "AgM=" },
      w64: "12",
      ws: "",
      BLS_signature: 6,
      txData: "AQ==",
      colors: ["COLOR_RED", "COLOR_UNSPECIFIED", 9],
    });
  });

  it("renders an Any of a type in the registry inline, and others as base64", () => {
    const inner = new W().len(1, "q").varint(2, 4).finish();
    const known = new W().len(42, new W().len(1, "/t.v1.Inner").len(2, inner)).finish();
    expect((render("t.v1.All", known) as { any: unknown }).any).toEqual({ "@type": "/t.v1.Inner", s: "q", n: "4" });
    const ts = new W().len(42, new W().len(1, "type.googleapis.com/google.protobuf.Timestamp").len(2, new W().varint(1, 1))).finish();
    expect((render("t.v1.All", ts) as { any: unknown }).any).toEqual({ "@type": "type.googleapis.com/google.protobuf.Timestamp", value: "1970-01-01T00:00:01Z" });
    const unknown = new W().len(42, new W().len(1, "/x.Y").len(2, new Uint8Array([1, 2]))).finish();
    expect((render("t.v1.All", unknown) as { any: unknown }).any).toEqual({ "@type": "/x.Y", value: "AQI=" });
  });

  it("rejects malformed input", () => {
    expect(() => render("t.v1.All", new Uint8Array([0x4a, 0x05, 0x61]))).toThrow(/truncated/);
    expect(() => render("t.v1.All", new W().varint(9, 1).finish())).toThrow(/wire type/); // a varint where a string belongs
    expect(() => render("t.v1.Nope", new Uint8Array())).toThrow(/no descriptor/);
  });
});

describe("well-known formats", () => {
  it("formats timestamps with 0, 3, 6 or 9 fraction digits", () => {
    expect(formatTimestamp(0n, 0)).toBe("1970-01-01T00:00:00Z");
    expect(formatTimestamp(1_700_000_000n, 500_000_000)).toBe("2023-11-14T22:13:20.500Z");
    expect(formatTimestamp(1_700_000_000n, 1_000)).toBe("2023-11-14T22:13:20.000001Z");
    expect(formatTimestamp(1_700_000_000n, 1)).toBe("2023-11-14T22:13:20.000000001Z");
    expect(formatTimestamp(-62135596800n, 0)).toBe("0001-01-01T00:00:00Z");
    expect(() => formatTimestamp(0n, -1)).toThrow();
  });

  it("formats durations as jsonpb does", () => {
    expect(formatDuration(0n, 0)).toBe("0s");
    expect(formatDuration(1_209_600n, 0)).toBe("1209600s");
    expect(formatDuration(1n, 500_000_000)).toBe("1.500s");
    expect(formatDuration(0n, -1_000)).toBe("-0.000001s");
    expect(formatDuration(-3n, -1)).toBe("-3.000000001s");
    expect(() => formatDuration(1n, -1)).toThrow();
  });

  it("reads varints up to 64 bits", () => {
    expect(new WireReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).varint()).toBe(2n ** 64n - 1n);
    expect(() => new WireReader(new Uint8Array([0x80])).varint()).toThrow(/truncated/);
  });
});
