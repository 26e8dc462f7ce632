/**
 * Answers for requests that never reach a route: what the HTTP parser refuses (bad request line or
 * header, lying length, bad chunking, oversized headers) and CONNECT, which Node's HTTP server
 * would otherwise drop without a word. Both get the gateway's error body `{code, message, details}`
 * with a message naming what was wrong.
 */
import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { Code } from "./query-client";

function answerOnSocket(socket: Duplex, status: number, code: number, message: string): void {
  const json = JSON.stringify({ code, message, details: [] });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`);
  }
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * fastify `clientErrorHandler`: 431 for oversized headers, 408 for a request not received in time,
 * else 400 InvalidArgument with the parser's reason. A reset connection gets nothing.
 *
 * @example
 * const server = Fastify({ clientErrorHandler: restClientErrorHandler });
 */
export function restClientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  if (err.code === "HPE_HEADER_OVERFLOW") answerOnSocket(socket, 431, Code.InvalidArgument, "request line and headers exceed the size limit");
  else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") answerOnSocket(socket, 408, Code.DeadlineExceeded, "the request was not received in time");
  else answerOnSocket(socket, 400, Code.InvalidArgument, `malformed HTTP request: ${err.message.replace(/^Parse Error: /, "")}${err.code ? ` (${err.code})` : ""}`);
}

/**
 * Answers CONNECT with 405 InvalidArgument: the REST server is no proxy.
 *
 * @example
 * refuseConnect(server.server);
 */
export function refuseConnect(server: Server): void {
  server.on("connect", (req: { url?: string }, socket: Duplex) => {
    socket.on("error", () => undefined);
    answerOnSocket(socket, 405, Code.InvalidArgument, `CONNECT ${String(req.url ?? "").slice(0, 100)} is not supported: this is not a proxy`);
  });
}
