/**
 * Malformed ABCI input for fuzz tests: mutations of real encoded `Request`s (bytes flipped,
 * truncated, length prefixes altered, huge and overlong varints, two methods in one frame, wrong
 * wire types) and a runner that sends one case on its own connection and checks what came back.
 */
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder } from "../../src/abci/frame-decoder";
import { encodeFrame } from "../../src/abci/frame-encoder";
import { RawAbciClient } from "../../src/abci/test-client";
import { encodeUvarint } from "../../src/abci/varint";
import type { Rng } from "./prng";

/** One fuzz case: the bytes written to a fresh connection and how they were made. */
export interface FrameCase {
  readonly kind: string;
  readonly bytes: Buffer;
}

/** The names of the mutations {@link mutateFrame} applies, in the order of its switch. */
export const FRAME_MUTATIONS = [
  "bit-flip",
  "byte-set",
  "truncate-reframed",
  "truncate-keep-prefix",
  "insert",
  "delete",
  "duplicate",
  "prefix-off-by-k",
  "huge-prefix",
  "overlong-prefix",
  "huge-inner-length",
  "two-methods",
  "splice",
  "valid-then-mutated",
  "wrong-wire-type",
] as const;

const frame = (body: Uint8Array): Buffer => encodeFrame(body);

/** A 10-byte uvarint of a value far beyond any frame or field length. */
function hugeVarint(rng: Rng): Buffer {
  const bytes = Buffer.alloc(10, 0xff);
  bytes[9] = 1 + rng.int(0x7f);
  return bytes;
}

/**
 * Mutates one encoded request body (`body`, a `Request` message) into malformed wire bytes; `other`
 * is another encoded request used for splices and double oneofs.
 */
export function mutateFrame(rng: Rng, body: Uint8Array, other: Uint8Array): FrameCase {
  const b = Buffer.from(body);
  const kindIndex = rng.int(FRAME_MUTATIONS.length);
  const kind = FRAME_MUTATIONS[kindIndex]!;
  const at = (n: number): number => rng.int(Math.max(1, n));
  const out = (bytes: Buffer): FrameCase => ({ kind, bytes });
  switch (kind) {
    case "bit-flip": {
      const c = Buffer.from(b);
      for (let k = 1 + rng.int(3); k > 0 && c.length > 0; k--) {
        const i = at(c.length);
        c[i] = c[i]! ^ (1 << rng.int(8));
      }
      return out(frame(c));
    }
    case "byte-set": {
      const c = Buffer.from(b);
      if (c.length > 0) c[at(c.length)] = rng.int(256);
      return out(frame(c));
    }
    case "truncate-reframed":
      return out(frame(b.subarray(0, at(b.length))));
    case "truncate-keep-prefix":
      return out(Buffer.concat([encodeUvarint(b.length), b.subarray(0, at(b.length))]));
    case "insert": {
      const i = at(b.length + 1);
      return out(frame(Buffer.concat([b.subarray(0, i), rng.bytes(1 + rng.int(16)), b.subarray(i)])));
    }
    case "delete": {
      const i = at(b.length);
      const n = 1 + at(Math.min(32, b.length - i));
      return out(frame(Buffer.concat([b.subarray(0, i), b.subarray(i + n)])));
    }
    case "duplicate": {
      const i = at(b.length);
      const n = 1 + at(Math.min(32, b.length - i));
      return out(frame(Buffer.concat([b.subarray(0, i + n), b.subarray(i, i + n), b.subarray(i + n)])));
    }
    case "prefix-off-by-k": {
      const k = 1 + rng.int(16);
      const len = rng.chance(0.5) ? b.length + k : Math.max(0, b.length - k);
      return out(Buffer.concat([encodeUvarint(len), b, rng.bytes(rng.int(8))]));
    }
    case "huge-prefix":
      return out(Buffer.concat([hugeVarint(rng), b]));
    case "overlong-prefix":
      return out(Buffer.concat([Buffer.alloc(11 + rng.int(4), 0xff), b]));
    case "huge-inner-length": {
      // Every Request oneof is a length-delimited field: keep its tag, claim a huge length.
      if (b.length < 2) return out(frame(Buffer.concat([b, hugeVarint(rng)])));
      const tagEnd = b[0]! & 0x80 ? 2 : 1;
      let lenEnd = tagEnd;
      while (lenEnd < b.length && b[lenEnd]! & 0x80) lenEnd++;
      return out(frame(Buffer.concat([b.subarray(0, tagEnd), hugeVarint(rng), b.subarray(lenEnd + 1)])));
    }
    case "two-methods":
      return out(frame(Buffer.concat([b, Buffer.from(other)])));
    case "splice":
      return out(frame(Buffer.concat([b.subarray(0, at(b.length)), Buffer.from(other).subarray(at(other.length))])));
    case "valid-then-mutated": {
      const valid = frame(Request.encode({ echo: { message: "before the bad frame" } }).finish());
      const c = Buffer.from(b);
      if (c.length > 0) c[at(c.length)] = rng.int(256);
      return out(Buffer.concat([valid, frame(c), rng.bytes(rng.int(8))]));
    }
    case "wrong-wire-type": {
      const c = Buffer.from(b);
      if (c.length > 0) c[0] = (c[0]! & ~7) | rng.pick([0, 1, 3, 4, 5, 6, 7]);
      return out(frame(c));
    }
  }
}

/** What one case got back: the decoded responses (the server has closed the connection by then). */
export interface CaseResult {
  readonly responses: Response[];
}

/**
 * Sends `bytes` on a fresh connection, half-closes, and waits until the server closes its side.
 * Throws when the server keeps the connection open longer than `timeoutMs` or sends anything that
 * is not whole, well-formed responses with exactly one method each.
 */
export async function runFrameCase(port: number, bytes: Buffer, describe: string, timeoutMs = 5000): Promise<CaseResult> {
  const c = await RawAbciClient.connect(port);
  try {
    await c.writeRaw(bytes);
  } catch {
    // The server may already have dropped us mid-write.
  }
  c.end();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connection not closed within ${timeoutMs} ms for ${describe}`)), timeoutMs);
  });
  try {
    await Promise.race([c.closed, timeout]);
  } finally {
    clearTimeout(timer);
    c.destroy();
  }
  let responses: Response[];
  try {
    responses = new FrameDecoder().feed(c.received).map((f) => Response.decode(f));
  } catch (e) {
    throw new Error(`undecodable answer for ${describe}: ${(e as Error).message}`);
  }
  for (const r of responses) {
    const set = Object.values(r).filter((v) => v !== undefined);
    if (set.length !== 1) throw new Error(`a response with ${set.length} methods set for ${describe}`);
  }
  return { responses };
}
