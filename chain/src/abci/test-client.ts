import net from "node:net";
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder } from "./frame-decoder";
import { encodeFrame } from "./frame-encoder";

/**
 * A bare ABCI client for tests: writes raw bytes or framed requests and collects the raw
 * bytes and decoded responses coming back. It does not Flush by itself, so tests control
 * pipelining exactly as CometBFT's socket client would.
 */
export class RawAbciClient {
  private readonly chunks: Buffer[] = [];
  private receivedLength = 0;
  /** Responses decoded so far, in arrival order. */
  readonly responses: Response[] = [];
  /** Resolves when the socket has closed (either side). */
  readonly closed: Promise<void>;
  private readonly socket: net.Socket;
  private readonly decoder = new FrameDecoder();
  private waiters: Array<() => void> = [];
  private isClosed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.receivedLength += chunk.length;
      for (const body of this.decoder.feed(chunk)) this.responses.push(Response.decode(body));
      this.wake();
    });
    socket.on("error", () => undefined);
    this.closed = new Promise<void>((resolve) =>
      socket.once("close", () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Opens a TCP connection to an ABCI server. */
  static connect(port: number, host = "127.0.0.1"): Promise<RawAbciClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off("error", reject);
        resolve(new RawAbciClient(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Every byte received so far. */
  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks));
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Whether the connection has closed. */
  get isClosedNow(): boolean {
    return this.isClosed;
  }

  /** Writes raw bytes. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Frames and writes requests in one write. */
  send(...requests: Request[]): Promise<void> {
    const frames = requests.map((r) => encodeFrame(Request.encode(r).finish()));
    return this.writeRaw(Buffer.concat(frames));
  }

  /** Waits until at least `count` responses arrived (or the socket closed, or timeout). */
  async waitForResponses(count: number, timeoutMs = 5000): Promise<Response[]> {
    await this.waitUntil(() => this.responses.length >= count, timeoutMs);
    return this.responses.slice(0, count);
  }

  /** Waits until at least `count` bytes arrived (or close/timeout); returns them. */
  async waitForBytes(count: number, timeoutMs = 5000): Promise<Buffer> {
    await this.waitUntil(() => this.receivedLength >= count, timeoutMs);
    return this.received.subarray(0, count);
  }

  /** Half-closes our side (no more requests). */
  end(): void {
    this.socket.end();
  }

  /** Closes the connection immediately. */
  destroy(): void {
    this.socket.destroy();
  }

  private waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (done()) {
          clearTimeout(timer);
          resolve();
          return true;
        }
        if (this.isClosed) {
          clearTimeout(timer);
          reject(new Error("connection closed before the expected data arrived"));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ABCI data`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      if (!check()) this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
