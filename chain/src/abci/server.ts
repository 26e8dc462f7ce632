import net from "node:net";
import type { AbciApplication, AbciMethod } from "./application";
import { AsyncMutex } from "./async-mutex";
import { AbciConnection, type ConnectionStats } from "./connection";
import { DEFAULT_MAX_FRAME_BYTES } from "./frame-decoder";
import { type AbciLogger, consoleLogger } from "./logger";
import { errorMessage } from "./request-router";

/** Settings for {@link AbciServer}. */
export interface AbciServerOptions {
  /** Interface to bind; default `127.0.0.1` (CometBFT's `proxy_app` usually dials localhost). */
  readonly host?: string;
  /** TCP port; 0 picks a free one (see the address returned by `listen`). */
  readonly port: number;
  /** Largest accepted request body; default 128 MiB. Larger prefixes drop the connection. */
  readonly maxFrameBytes?: number;
  /** Where connection events and errors go; default {@link consoleLogger}. */
  readonly logger?: AbciLogger;
  /**
   * Called after a handler threw (or returned an unencodable response) and the connection
   * was answered with `ResponseException` and closed. CometBFT stops on exceptions, so an
   * app will usually log and exit here.
   */
  readonly onHandlerError?: (err: unknown, method: AbciMethod) => void;
}

/** The address the server actually bound. */
export interface AbciServerAddress {
  /** Bound interface address, e.g. `127.0.0.1`. */
  readonly host: string;
  /** Bound port (the OS-chosen one when listening on port 0). */
  readonly port: number;
}

/**
 * ABCI socket server for CometBFT v0.38: uvarint-framed protobuf over TCP.
 *
 * Serves any number of connections (CometBFT uses four: query, snapshot, mempool,
 * consensus). Per connection, requests are answered in order with exactly one response
 * each; across connections, handler calls are serialised by one global lock so the app
 * never runs two calls at once. Malformed input drops only the offending connection.
 */
export class AbciServer {
  private readonly app: AbciApplication;
  private readonly host: string;
  private readonly port: number;
  private readonly maxFrameBytes: number;
  private readonly logger: AbciLogger;
  private readonly onHandlerError: ((err: unknown, method: AbciMethod) => void) | undefined;
  private readonly lock = new AsyncMutex();
  private readonly stats: ConnectionStats = { requestsServed: 0, protocolErrors: 0, handlerErrors: 0 };
  private readonly connections = new Set<AbciConnection>();
  private server: net.Server | undefined;
  private nextConnectionId = 1;
  private connectionsAccepted = 0;

  /** Creates a stopped server for `app`; call {@link AbciServer.listen} to accept connections. */
  constructor(app: AbciApplication, options: AbciServerOptions) {
    this.app = app;
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.logger = options.logger ?? consoleLogger;
    this.onHandlerError = options.onHandlerError;
  }

  /** Connections currently open. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Connections accepted since start (CometBFT opens 4 and never reconnects). */
  get totalConnections(): number {
    return this.connectionsAccepted;
  }

  /** Responses produced so far, Echo/Flush included, exceptions excluded. */
  get requestsServed(): number {
    return this.stats.requestsServed;
  }

  /** Connections dropped for malformed input. */
  get protocolErrors(): number {
    return this.stats.protocolErrors;
  }

  /** Handler failures answered with `ResponseException`. */
  get handlerErrors(): number {
    return this.stats.handlerErrors;
  }

  /** Starts listening; resolves with the bound address (the real port when `port` is 0). */
  listen(): Promise<AbciServerAddress> {
    if (this.server) return Promise.reject(new Error("AbciServer is already listening"));
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      this.accept(socket),
    );
    this.server = server;
    return new Promise<AbciServerAddress>((resolve, reject) => {
      const onError = (err: Error): void => {
        this.server = undefined;
        reject(err);
      };
      server.once("error", onError);
      server.listen(this.port, this.host, () => {
        server.off("error", onError);
        server.on("error", (err) => this.logger.error("ABCI server error", { error: err.message }));
        const address = server.address();
        if (address === null || typeof address === "string") {
          reject(new Error(`unexpected listen address ${String(address)}`));
          return;
        }
        this.logger.info("ABCI server listening", { host: address.address, port: address.port });
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /** Stops listening and destroys every open connection. */
  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    if (!server) return Promise.resolve();
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    try {
      socket.setNoDelay(true);
      const id = this.nextConnectionId++;
      this.connectionsAccepted++;
      const remote = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
      const connection = new AbciConnection(id, socket, {
        app: this.app,
        lock: this.lock,
        maxFrameBytes: this.maxFrameBytes,
        logger: this.logger,
        stats: this.stats,
        ...(this.onHandlerError ? { onHandlerError: this.onHandlerError } : {}),
      });
      this.connections.add(connection);
      this.logger.info("ABCI connection opened", { connection: id, remote });
      socket.on("error", (err: NodeJS.ErrnoException) => {
        // ECONNRESET/EPIPE when CometBFT exits are routine; anything else is worth a warning.
        const routine = err.code === "ECONNRESET" || err.code === "EPIPE";
        this.logger[routine ? "debug" : "warn"]("ABCI connection socket error", {
          connection: id,
          error: err.message,
        });
      });
      socket.on("close", () => {
        this.connections.delete(connection);
        this.logger.info("ABCI connection closed", { connection: id, remote });
      });
      if (!this.server) connection.destroy();
    } catch (err) {
      this.logger.error("failed to set up ABCI connection", { error: errorMessage(err) });
      socket.destroy();
    }
  }
}
