import { Request } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder, FrameError } from "./frame-decoder";
import { encodeFrame, encodeFrames } from "./frame-encoder";
import { decodeRequest } from "./request-router";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const bodies = (frames: Buffer[]): string[] => frames.map((f) => f.toString("hex"));

describe("FrameDecoder", () => {
  it("decodes one complete frame", () => {
    const d = new FrameDecoder();
    expect(bodies(d.feed(hex("02 12 00")))).toEqual(["1200"]);
    expect(d.bufferedBytes).toBe(0);
  });

  it("decodes several frames from one read", () => {
    const d = new FrameDecoder();
    expect(bodies(d.feed(hex("02 12 00 06 0a 04 0a 02 68 69 02 12 00")))).toEqual(["1200", "0a040a026869", "1200"]);
  });

  it("reassembles frames delivered one byte at a time", () => {
    const stream = hex("06 0a 04 0a 02 68 69 02 12 00");
    const d = new FrameDecoder();
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...d.feed(Buffer.from([byte])));
    expect(bodies(out)).toEqual(["0a040a026869", "1200"]);
  });

  it("reassembles a length prefix split across reads", () => {
    const body = Buffer.alloc(300, 7);
    const frame = encodeFrame(body); // prefix ac 02
    const d = new FrameDecoder();
    expect(d.feed(frame.subarray(0, 1))).toEqual([]);
    expect(d.feed(frame.subarray(1, 2))).toEqual([]);
    expect(d.bufferedBytes).toBe(0);
    expect(d.feed(frame.subarray(2, 100))).toEqual([]);
    const [out] = d.feed(frame.subarray(100));
    expect(out?.equals(body)).toBe(true);
  });

  it("handles arbitrary split points of a mixed stream", () => {
    const parts = [Buffer.alloc(0), Buffer.alloc(1, 1), Buffer.alloc(127, 2), Buffer.alloc(128, 3), Buffer.alloc(5000, 4)];
    const stream = encodeFrames(parts);
    for (let seed = 1; seed <= 50; seed++) {
      const d = new FrameDecoder();
      const out: Buffer[] = [];
      let pos = 0;
      let step = seed;
      while (pos < stream.length) {
        step = (step * 1103515245 + 12345) % 2 ** 31;
        const len = 1 + (step % 700);
        out.push(...d.feed(stream.subarray(pos, pos + len)));
        pos += len;
      }
      expect(out.map((b) => b.length)).toEqual(parts.map((p) => p.length));
      out.forEach((b, i) => expect(b.equals(parts[i] as Buffer)).toBe(true));
    }
  });

  it("returns zero-length frames (the request layer rejects them)", () => {
    const d = new FrameDecoder();
    expect(bodies(d.feed(hex("00 02 12 00")))).toEqual(["", "1200"]);
  });

  it("rejects a frame longer than maxFrameBytes", () => {
    const d = new FrameDecoder(16);
    expect(() => d.feed(hex("11"))).toThrow(FrameError);
    // stays failed
    expect(() => d.feed(hex("02 12 00"))).toThrow(FrameError);
    const d2 = new FrameDecoder(16);
    expect(bodies(d2.feed(encodeFrame(Buffer.alloc(16))))).toHaveLength(1);
  });

  it("rejects the 128 MiB default overflow with code frame-too-large", () => {
    const d = new FrameDecoder();
    try {
      d.feed(hex("80 80 80 41")); // 65 * 2^21 = 130 MiB > 128 MiB
      throw new Error("expected a FrameError");
    } catch (err) {
      expect(err).toBeInstanceOf(FrameError);
      expect((err as FrameError).code).toBe("frame-too-large");
    }
  });

  it("rejects an overlong varint prefix", () => {
    const d = new FrameDecoder(Number.MAX_SAFE_INTEGER);
    try {
      d.feed(hex("80 80 80 80 80 80 80 80 80 80 00"));
      throw new Error("expected a FrameError");
    } catch (err) {
      expect((err as FrameError).code).toBe("overlong-varint");
    }
  });
});

describe("decodeRequest", () => {
  it("identifies the oneof", () => {
    expect(decodeRequest(hex("12 00")).kind).toBe("flush");
    const { request, kind } = decodeRequest(hex("0a 04 0a 02 68 69"));
    expect(kind).toBe("echo");
    expect(request.echo?.message).toBe("hi");
  });

  it("treats an empty Request (no oneof) as malformed", () => {
    expect(() => decodeRequest(new Uint8Array())).toThrow(FrameError);
  });

  it("treats an unknown field (e.g. reserved 4 or a future method) as malformed", () => {
    expect(() => decodeRequest(hex("22 00"))).toThrow(/no known method/);
    expect(() => decodeRequest(hex("aa 01 00"))).toThrow(/no known method/); // field 21
  });

  it("rejects bodies that fail protobuf decoding", () => {
    expect(() => decodeRequest(hex("0a 05 0a"))).toThrow(FrameError);
    expect(() => decodeRequest(hex("0f"))).toThrow(FrameError); // wire type 7
  });

  it("rejects two oneofs in one request", () => {
    const body = Buffer.concat([Request.encode({ flush: {} }).finish(), Request.encode({ echo: { message: "x" } }).finish()]);
    expect(() => decodeRequest(body)).toThrow(/two oneof/);
  });
});
