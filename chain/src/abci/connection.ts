import type { Socket } from "node:net";
import { Response } from "cosmjs-types/tendermint/abci/types";
import type { AbciApplication, AbciMethod } from "./application";
import type { AsyncMutex } from "./async-mutex";
import { FrameDecoder, FrameError } from "./frame-decoder";
import { encodeFrames, type FrameBody } from "./frame-encoder";
import type { AbciLogger } from "./logger";
import { type AppCall, decodeRequest, errorMessage, isThenable, routeRequest } from "./request-router";

/** Counters shared by a server and its connections. */
export interface ConnectionStats {
  requestsServed: number;
  protocolErrors: number;
  handlerErrors: number;
}

/** Everything a connection needs from its server. */
export interface ConnectionContext {
  readonly app: AbciApplication;
  /** Global lock: at most one handler call in flight across all connections. */
  readonly lock: AsyncMutex;
  readonly maxFrameBytes: number;
  readonly logger: AbciLogger;
  readonly stats: ConnectionStats;
  readonly onHandlerError?: (err: unknown, method: AbciMethod) => void;
}

/** How long a connection may linger half-closed after a fatal error before being destroyed. */
const CLOSE_GRACE_MS = 1000;

/**
 * One ABCI client connection (CometBFT opens four). Requests are handled strictly in
 * arrival order, one response each; all responses produced from the frames available at a
 * time are written with one `socket.write`. Synchronous handlers run without any promise
 * allocation; an async handler suspends this connection's queue until it settles.
 */
export class AbciConnection {
  /** Server-assigned number, for logs. */
  readonly id: number;
  private readonly socket: Socket;
  private readonly ctx: ConnectionContext;
  private readonly decoder: FrameDecoder;
  /** Frame bodies received but not yet handled; `queue[queueHead]` is next. */
  private queue: Array<Buffer | undefined> = [];
  private queueHead = 0;
  /** Encoded responses not yet written. */
  private out: FrameBody[] = [];
  private outHasFlush = false;
  /** True while the queue is being worked (including while awaiting an async handler). */
  private busy = false;
  private peerEnded = false;
  /** Set once the connection is closing; no more requests are handled after that. */
  private done = false;

  constructor(id: number, socket: Socket, ctx: ConnectionContext) {
    this.id = id;
    this.socket = socket;
    this.ctx = ctx;
    this.decoder = new FrameDecoder(ctx.maxFrameBytes);
    socket.on("data", (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    socket.on("end", () => this.guard(() => this.onEnd()));
    socket.on("drain", () => socket.resume());
    socket.on("close", () => {
      this.done = true;
    });
  }

  /** Destroys the socket immediately (server shutdown). */
  destroy(): void {
    this.done = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.done) return;
    let frames: Buffer[];
    try {
      frames = this.decoder.feed(chunk);
    } catch (err) {
      this.protocolError(err);
      return;
    }
    for (const frame of frames) this.queue.push(frame);
    this.pump();
  }

  private onEnd(): void {
    this.peerEnded = true;
    if (!this.busy) this.finishAfterPeerEnd();
  }

  /** Works through queued frames until the queue is empty or an async handler is pending. */
  private pump(): void {
    if (this.busy || this.done) return;
    this.busy = true;
    while (this.queueHead < this.queue.length && !this.done) {
      const body = this.queue[this.queueHead] as Buffer;
      this.queue[this.queueHead] = undefined;
      this.queueHead++;
      const pending = this.handleFrame(body);
      if (pending !== undefined) {
        // Answer a waiting Flush now rather than after the slow handler.
        if (this.outHasFlush) this.writeOut();
        pending.then(
          () => {
            this.busy = false;
            this.guard(() => this.pump());
          },
          (err: unknown) => this.internalError(err),
        );
        return;
      }
    }
    this.queue = [];
    this.queueHead = 0;
    this.writeOut();
    this.busy = false;
    if (this.peerEnded) this.finishAfterPeerEnd();
  }

  /** Handles one frame; returns a promise only if the work could not finish synchronously. */
  private handleFrame(body: Buffer): Promise<void> | undefined {
    let decoded: ReturnType<typeof decodeRequest>;
    try {
      decoded = decodeRequest(body);
    } catch (err) {
      this.protocolError(err);
      return undefined;
    }
    const { request, kind } = decoded;
    if (kind === "echo") {
      this.pushResponse({ echo: { message: request.echo?.message ?? "" } });
      return undefined;
    }
    if (kind === "flush") {
      this.pushResponse({ flush: {} });
      this.outHasFlush = true;
      return undefined;
    }
    const call = routeRequest(request);
    if (call === undefined) {
      this.protocolError(new FrameError("bad-message", `no route for request kind ${kind}`));
      return undefined;
    }
    if (this.ctx.lock.tryAcquire()) return this.runLocked(call);
    return this.ctx.lock.acquire().then(() => this.runLocked(call));
  }

  /** Calls the app while holding the global lock; releases it on every path. */
  private runLocked(call: AppCall): Promise<void> | undefined {
    const { lock } = this.ctx;
    if (this.done) {
      lock.release();
      return undefined;
    }
    let result: ReturnType<AppCall["invoke"]>;
    try {
      result = call.invoke(this.ctx.app);
    } catch (err) {
      lock.release();
      this.handlerFailed(call.method, err);
      return undefined;
    }
    if (!isThenable(result)) {
      lock.release();
      this.pushAppResponse(call.method, result);
      return undefined;
    }
    return Promise.resolve(result).then(
      (response) => {
        lock.release();
        this.pushAppResponse(call.method, response);
      },
      (err: unknown) => {
        lock.release();
        this.handlerFailed(call.method, err);
      },
    );
  }

  private pushAppResponse(method: AbciMethod, response: Response): void {
    if (this.done) return;
    try {
      this.pushResponse(response);
    } catch (err) {
      // The app returned something the protobuf encoder rejects: as fatal as a throw.
      this.handlerFailed(method, err);
    }
  }

  private pushResponse(response: Response): void {
    this.out.push(Response.encode(response));
    this.ctx.stats.requestsServed++;
  }

  private writeOut(): void {
    if (this.out.length === 0) return;
    const bytes = encodeFrames(this.out);
    this.out = [];
    this.outHasFlush = false;
    if (this.socket.destroyed || !this.socket.writable) return;
    if (!this.socket.write(bytes)) this.socket.pause();
  }

  /** The handler threw: answer with ResponseException, close, and tell the owner. */
  private handlerFailed(method: AbciMethod, err: unknown): void {
    if (this.done) return;
    this.ctx.stats.handlerErrors++;
    const message = errorMessage(err);
    this.ctx.logger.error(`ABCI handler ${method} failed; answering with an exception and closing`, {
      connection: this.id,
      error: message,
      stack: err instanceof Error ? err.stack : undefined,
    });
    this.out.push(Response.encode({ exception: { error: `${method}: ${message}` } }));
    this.writeOut();
    this.closeGracefully();
    const hook = this.ctx.onHandlerError;
    if (hook) {
      try {
        hook(err, method);
      } catch (hookErr) {
        this.ctx.logger.error("onHandlerError hook threw", { error: errorMessage(hookErr) });
      }
    }
  }

  /** Malformed input: the stream cannot be resynchronised, so drop this connection only. */
  private protocolError(err: unknown): void {
    if (this.done) return;
    this.ctx.stats.protocolErrors++;
    const code = err instanceof FrameError ? err.code : "unknown";
    this.ctx.logger.warn(`malformed ABCI input, closing connection: ${errorMessage(err)}`, {
      connection: this.id,
      code,
      remote: this.socket.remoteAddress,
    });
    this.done = true;
    this.out = [];
    this.socket.destroy();
  }

  /** A bug in this class (never the app's fault): log and drop the connection. */
  private internalError(err: unknown): void {
    this.ctx.logger.error("internal ABCI connection error, closing connection", {
      connection: this.id,
      error: errorMessage(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    this.done = true;
    this.socket.destroy();
  }

  /** Peer half-closed: all complete frames are answered, so close our side too. */
  private finishAfterPeerEnd(): void {
    if (this.done) return;
    if (this.decoder.bufferedBytes > 0) {
      this.ctx.logger.warn("peer closed the connection in the middle of a frame", {
        connection: this.id,
        bufferedBytes: this.decoder.bufferedBytes,
      });
    }
    this.done = true;
    this.socket.end();
  }

  private closeGracefully(): void {
    this.done = true;
    this.out = [];
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Socket callbacks must never throw into the event loop. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.internalError(err);
    }
  }
}
