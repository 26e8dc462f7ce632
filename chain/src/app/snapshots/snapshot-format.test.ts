import { sha256 } from "../../types/hash";
import { ChunkWriter, decodeChunk, encodeChunks, encodeMetadata, parseMetadata, SnapshotFormatError, snapshotHash, type SnapshotEntry } from "./snapshot-format";

const enc = new TextEncoder();
function entries(n: number, valueBytes = 20): SnapshotEntry[] {
  return Array.from({ length: n }, (_, i) => [enc.encode(`key-${i}`), new Uint8Array(valueBytes).fill(i & 0xff)] as const);
}

describe("snapshot chunks", () => {
  it("round-trip: the chunks decode to the entries, in order", () => {
    const input = entries(500);
    const chunks = encodeChunks(input, 1024);
    expect(chunks.length).toBeGreaterThan(5);
    const back = chunks.flatMap(decodeChunk);
    expect(back.map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString("hex")])).toEqual(
      input.map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString("hex")]),
    );
  });

  it("cuts the same entries into the same bytes every time, each chunk within the size unless one record is larger", () => {
    const input = [...entries(100), [enc.encode("big"), new Uint8Array(5000)] as const, ...entries(50)];
    const a = encodeChunks(input, 1024);
    const b = encodeChunks(input, 1024);
    expect(a.map((c) => Buffer.from(sha256(c)).toString("hex"))).toEqual(b.map((c) => Buffer.from(sha256(c)).toString("hex")));
    const oversized = a.filter((c) => c.length > 1024);
    expect(oversized).toHaveLength(1);
    expect(decodeChunk(oversized[0]!)).toHaveLength(1);
  });

  it("keeps empty values", () => {
    const [chunk] = encodeChunks([[enc.encode("k"), new Uint8Array()]]);
    expect(decodeChunk(chunk!)).toEqual([[enc.encode("k"), new Uint8Array()]]);
  });

  it("refuses malformed chunks with the reason", () => {
    const [chunk] = encodeChunks(entries(3));
    expect(() => decodeChunk(chunk!.subarray(0, chunk!.length - 1))).toThrow(/runs past the end/);
    expect(() => decodeChunk(chunk!.subarray(0, 1))).toThrow(/inside a key length/);
    expect(() => decodeChunk(Uint8Array.of(0, 0, 0, 0, 0, 0))).toThrow(/key length 0/);
    expect(() => decodeChunk(Uint8Array.of(0xff, 0xff))).toThrow(/key length 65535/);
    expect(() => decodeChunk(new Uint8Array())).toThrow(SnapshotFormatError);
  });

  it("a writer refuses a chunk size too small to be useful", () => {
    expect(() => new ChunkWriter(10)).toThrow(RangeError);
  });
});

describe("snapshot metadata", () => {
  const hashes = encodeChunks(entries(200), 512).map(sha256);
  const metadata = encodeMetadata(hashes);

  it("lists the chunk hashes, and the snapshot hash is its sha256", () => {
    expect(parseMetadata(metadata, hashes.length, snapshotHash(metadata))).toEqual(hashes);
  });

  it("is refused when the count, the hash or the length is wrong", () => {
    expect(() => parseMetadata(metadata, hashes.length + 1, snapshotHash(metadata))).toThrow(/lists \d+ chunks/);
    expect(() => parseMetadata(metadata, hashes.length, new Uint8Array(32))).toThrow(/not the sha256/);
    expect(() => parseMetadata(metadata.subarray(1), hashes.length, snapshotHash(metadata.subarray(1)))).toThrow(/32-byte/);
  });
});
