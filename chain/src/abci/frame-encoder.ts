import type { BinaryWriter } from "cosmjs-types/binary";
import { uvarintLength, writeUvarint } from "./varint";

/**
 * A frame body: finished bytes, or a cosmjs-types `BinaryWriter` that has not been
 * `finish()`ed. Writers are preferred on hot paths: `finish()` in cosmjs-types 0.11 builds
 * a fresh 8 KiB slab per call, which dominated CPU and GC time for small ABCI responses.
 */
export type FrameBody = Uint8Array | Pick<BinaryWriter, "len" | "head">;

function bodyLength(body: FrameBody): number {
  return body instanceof Uint8Array ? body.length : body.len;
}

function writeBody(body: FrameBody, out: Uint8Array, offset: number): number {
  if (body instanceof Uint8Array) {
    out.set(body, offset);
    return offset + body.length;
  }
  // Replay the writer's operation list straight into `out` (what finish() does internally).
  let pos = offset;
  for (let op = body.head.next; op; op = op.next) {
    op.proceed(out, pos);
    pos += op.len;
  }
  return pos;
}

/**
 * Length-prefixes `body` (uvarint + bytes) into one new buffer, ready for `socket.write`.
 */
export function encodeFrame(body: FrameBody): Buffer {
  return encodeFrames([body]);
}

/**
 * Length-prefixes every body and concatenates them into one buffer, so a batch of
 * responses costs one allocation and one `socket.write` instead of one per response.
 */
export function encodeFrames(bodies: readonly FrameBody[]): Buffer {
  let total = 0;
  for (const body of bodies) {
    const len = bodyLength(body);
    total += uvarintLength(len) + len;
  }
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const body of bodies) {
    const len = bodyLength(body);
    offset = writeUvarint(out, offset, len);
    const end = offset + len;
    offset = writeBody(body, out, offset);
    if (offset !== end) throw new Error(`frame body wrote ${len + offset - end} bytes, expected ${len}`);
  }
  return out;
}
