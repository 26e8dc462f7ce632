import { decodeUvarint, MAX_UVARINT_BYTES } from "./varint";

/** Default cap on one frame body: 128 MiB, well above CometBFT's 100 MiB max block size. */
export const DEFAULT_MAX_FRAME_BYTES = 128 * 1024 * 1024;

/** What was wrong with the byte stream; lets callers log and test failures precisely. */
export type FrameErrorCode = "overlong-varint" | "frame-too-large" | "bad-message";

/**
 * Malformed input on an ABCI connection. The stream cannot be resynchronised after one
 * (there are no delimiters besides the length prefix), so the connection must be dropped.
 */
export class FrameError extends Error {
  /** Machine-readable reason. */
  readonly code: FrameErrorCode;

  constructor(code: FrameErrorCode, message: string) {
    super(message);
    this.name = "FrameError";
    this.code = code;
  }
}

/**
 * Incremental decoder for uvarint-length-prefixed frames, fed straight from socket reads.
 *
 * Handles a frame (or its length prefix) split across reads and many frames in one read.
 * Large frames arriving in many chunks are buffered as a list and joined once, so decoding
 * stays linear in the frame size.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  /** Received chunks; `chunks[head]` is the oldest with unconsumed bytes. */
  private chunks: Buffer[] = [];
  private head = 0;
  /** Read position inside `chunks[head]`. */
  private headOffset = 0;
  /** Unconsumed bytes across all chunks. */
  private available = 0;
  /** Body length of the frame in progress, once its prefix has been read. */
  private bodyLength: number | undefined;
  private failed: FrameError | undefined;

  /** @param maxFrameBytes largest accepted body; a larger length prefix is a {@link FrameError}. */
  constructor(maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 0) {
      throw new RangeError(`maxFrameBytes must be a non-negative safe integer, got ${maxFrameBytes}`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received that do not yet form a complete frame (non-zero at EOF = truncated stream). */
  get bufferedBytes(): number {
    return this.available;
  }

  /**
   * Adds one read's bytes; returns the bodies of all frames now complete, in order.
   * Returned buffers may share memory with `chunk`. Throws {@link FrameError} on a bad
   * length prefix; after that the decoder stays failed and rethrows on every call.
   */
  feed(chunk: Buffer): Buffer[] {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.available += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.bodyLength === undefined) {
        if (!this.readPrefix()) break;
      }
      const need = this.bodyLength as number;
      if (this.available < need) break;
      frames.push(this.take(need));
      this.bodyLength = undefined;
    }
    return frames;
  }

  /** Reads the length prefix if complete; returns false when more bytes are needed. */
  private readPrefix(): boolean {
    if (this.available === 0) return false;
    const head = this.chunks[this.head] as Buffer;
    let view: Uint8Array;
    let viewOffset: number;
    if (head.length - this.headOffset >= MAX_UVARINT_BYTES || this.chunks.length - this.head === 1) {
      view = head;
      viewOffset = this.headOffset;
    } else {
      // The prefix may straddle chunks: copy at most 10 bytes to look at it.
      view = this.peek(Math.min(MAX_UVARINT_BYTES, this.available));
      viewOffset = 0;
    }
    const result = decodeUvarint(view, viewOffset, this.maxFrameBytes);
    if (result.ok) {
      this.skip(result.length);
      this.bodyLength = result.value;
      return true;
    }
    if (result.reason === "incomplete") {
      if (this.available >= MAX_UVARINT_BYTES) {
        // Cannot happen (10 bytes always decide), kept as a guard.
        return this.fail(new FrameError("overlong-varint", "length prefix is not a valid uvarint"));
      }
      return false;
    }
    if (result.reason === "overlong") {
      return this.fail(
        new FrameError("overlong-varint", `length prefix longer than ${MAX_UVARINT_BYTES} bytes`),
      );
    }
    return this.fail(
      new FrameError("frame-too-large", `frame length exceeds the maximum of ${this.maxFrameBytes} bytes`),
    );
  }

  private fail(error: FrameError): never {
    this.failed = error;
    this.chunks = [];
    this.head = 0;
    this.available = 0;
    throw error;
  }

  /** Copies the first `n` unconsumed bytes without consuming them. */
  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let offset = this.headOffset;
    for (let i = this.head; i < this.chunks.length && filled < n; i++) {
      const chunk = this.chunks[i] as Buffer;
      const part = Math.min(n - filled, chunk.length - offset);
      out.set(chunk.subarray(offset, offset + part), filled);
      filled += part;
      offset = 0;
    }
    return out;
  }

  /** Consumes `n` bytes. */
  private skip(n: number): void {
    this.available -= n;
    while (n > 0) {
      const head = this.chunks[this.head] as Buffer;
      const left = head.length - this.headOffset;
      if (n < left) {
        this.headOffset += n;
        return;
      }
      n -= left;
      this.head++;
      this.headOffset = 0;
    }
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 1024) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Consumes and returns `n` bytes; zero-copy when they lie in one chunk. */
  private take(n: number): Buffer {
    const head = this.chunks[this.head];
    if (n === 0 || head === undefined) return Buffer.alloc(0);
    if (head.length - this.headOffset >= n) {
      const body = head.subarray(this.headOffset, this.headOffset + n);
      this.skip(n);
      return body;
    }
    const body = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head] as Buffer;
      const part = Math.min(n - filled, chunk.length - this.headOffset);
      chunk.copy(body, filled, this.headOffset, this.headOffset + part);
      filled += part;
      this.skip(part);
    }
    return body;
  }
}
