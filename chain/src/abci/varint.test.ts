import { decodeUvarint, encodeUvarint, MAX_UVARINT_BYTES, uvarintLength, writeUvarint } from "./varint";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("uvarint", () => {
  it.each([
    [0, "00"],
    [1, "01"],
    [2, "02"],
    [127, "7f"],
    [128, "8001"],
    [150, "9601"],
    [300, "ac02"],
    [16383, "ff7f"],
    [16384, "808001"],
    [2 ** 31, "8080808008"],
    [2 ** 32, "8080808010"],
    [Number.MAX_SAFE_INTEGER, "ffffffffffffff0f"],
  ])("encodes %d as %s (Go binary.PutUvarint)", (value, expected) => {
    expect(hex(encodeUvarint(value))).toBe(expected);
    expect(uvarintLength(value)).toBe(expected.length / 2);
    const decoded = decodeUvarint(Buffer.from(expected, "hex"));
    expect(decoded).toEqual({ ok: true, value, length: expected.length / 2 });
  });

  it("is unsigned, not zigzag: 2 encodes as 02 (zigzag would be 04)", () => {
    expect(hex(encodeUvarint(2))).toBe("02");
  });

  it("round-trips many values", () => {
    const values = [0, 1, 63, 64, 127, 128, 255, 256, 1000, 65535, 65536, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 35 + 7, 2 ** 49 + 3];
    for (let v = 1; v < 2 ** 52; v = v * 3 + 1) values.push(v);
    for (const value of values) {
      const enc = encodeUvarint(value);
      expect(decodeUvarint(enc)).toEqual({ ok: true, value, length: enc.length });
    }
  });

  it("decodes at an offset and ignores trailing bytes", () => {
    const buf = Buffer.from("ffff9601ffff", "hex");
    expect(decodeUvarint(buf, 2)).toEqual({ ok: true, value: 150, length: 2 });
  });

  it("writes into a preallocated buffer and returns the next offset", () => {
    const buf = Buffer.alloc(5);
    expect(writeUvarint(buf, 1, 300)).toBe(3);
    expect(hex(buf)).toBe("00ac020000");
  });

  it("reports incomplete when the varint is split across reads", () => {
    expect(decodeUvarint(Buffer.alloc(0))).toEqual({ ok: false, reason: "incomplete" });
    expect(decodeUvarint(Buffer.from("80", "hex"))).toEqual({ ok: false, reason: "incomplete" });
    expect(decodeUvarint(Buffer.from("ac", "hex"))).toEqual({ ok: false, reason: "incomplete" });
    expect(decodeUvarint(Buffer.from("808080", "hex"))).toEqual({ ok: false, reason: "incomplete" });
    expect(decodeUvarint(Buffer.from("ffac", "hex"), 1)).toEqual({ ok: false, reason: "incomplete" });
  });

  it("rejects varints longer than 10 bytes", () => {
    // 11 continuation-flagged bytes with a zero payload: only the length is wrong.
    const overlong = Buffer.from("80".repeat(MAX_UVARINT_BYTES) + "00", "hex");
    expect(decodeUvarint(overlong)).toEqual({ ok: false, reason: "overlong" });
  });

  it("accepts non-minimal encodings up to 10 bytes, like Go's ReadUvarint", () => {
    expect(decodeUvarint(Buffer.from("8000", "hex"))).toEqual({ ok: true, value: 0, length: 2 });
  });

  it("rejects values beyond the caller's maximum, even before the varint ends", () => {
    expect(decodeUvarint(encodeUvarint(1025), 0, 1024)).toEqual({ ok: false, reason: "too-large" });
    expect(decodeUvarint(encodeUvarint(1024), 0, 1024)).toEqual({ ok: true, value: 1024, length: 2 });
    // First two bytes already exceed 1024 although the varint continues.
    expect(decodeUvarint(Buffer.from("ffff", "hex"), 0, 1024)).toEqual({ ok: false, reason: "too-large" });
    // 2^64-1 (ten bytes) exceeds the safe-integer default.
    expect(decodeUvarint(Buffer.from("ffffffffffffffffff01", "hex"))).toEqual({ ok: false, reason: "too-large" });
  });

  it("refuses to encode negative, fractional or unsafe values", () => {
    expect(() => encodeUvarint(-1)).toThrow(RangeError);
    expect(() => encodeUvarint(1.5)).toThrow(RangeError);
    expect(() => encodeUvarint(2 ** 53)).toThrow(RangeError);
  });
});
