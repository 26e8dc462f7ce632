import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The `{ code, message }` body of every error answer of the mesh daemons (PROTOCOL.md section 5),
 * plus the fields some codes carry (e.g. `need_noz` and `balance_noz` of `ozone_insufficient`).
 *
 * @example
 * reply.code(404).send({ code: "not_found", message: "no such slice" } satisfies ErrorBody);
 */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/**
 * An error that already knows its HTTP answer: a stable lowercase `code`, a `status` and extra
 * body fields (`extra`, answered beside `code` and `message`). Anything with string `code` and
 * numeric `status` (the SDK's `MeshError` included) is answered the same way by
 * {@link installErrorHandlers}.
 *
 * @example
 * throw new HttpError(416, "bad_request", "range 10-5 is empty");
 * throw new HttpError(402, "ozone_insufficient", "need 3000 noz", { need_noz: "3000", balance_noz: "100" });
 */
export class HttpError extends Error {
  override readonly name: string = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** 400 `bad_request`. */
export const badRequest = (message: string, extra?: Record<string, unknown>): HttpError => new HttpError(400, "bad_request", message, extra);
/** 404 `not_found`. */
export const notFound = (message: string): HttpError => new HttpError(404, "not_found", message);
/** 403 `unauthorized`. */
export const unauthorized = (message: string): HttpError => new HttpError(403, "unauthorized", message);

function isCodedError(e: unknown): e is { code: string; status: number; message: string; shortMessage?: unknown } {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { status?: unknown }).status === "number" &&
    /^[a-z_]+$/.test((e as unknown as { code: string }).code)
  );
}

/** Fastify's own error codes (body parsing, content types, limits) mapped to mesh codes. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "bad_request",
  FST_ERR_CTP_EMPTY_JSON_BODY: "bad_request",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
  FST_ERR_CTP_INVALID_JSON_BODY: "bad_request",
  FST_ERR_VALIDATION: "bad_request",
};

/**
 * The status and `{ code, message }` body for any thrown value: coded errors keep their code and
 * status, fastify's client errors (bad JSON, body too large, ...) become `bad_request` /
 * `too_large`, anything else is a 500 `internal` whose message does not leak internals.
 *
 * @example
 * const { status, body } = errorAnswer(err);
 * reply.code(status).send(body);
 */
export function errorAnswer(e: unknown): { status: number; body: ErrorBody } {
  if (isCodedError(e)) {
    const message = typeof e.shortMessage === "string" ? e.shortMessage : e.message;
    const extra = e instanceof HttpError ? e.extra : {};
    return { status: e.status, body: { ...extra, code: e.code, message } };
  }
  const fe = e as Partial<FastifyError> | undefined;
  if (fe && typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (typeof fe.code === "string" && FASTIFY_CODES[fe.code]) || (fe.statusCode === 413 ? "too_large" : "bad_request");
    return { status: fe.statusCode, body: { code, message: fe.message ?? "bad request" } };
  }
  return { status: 500, body: { code: "internal", message: "internal error" } };
}

/** Options of {@link installErrorHandlers}. */
export interface ErrorHandlerOptions {
  /** Called with every error answer before it is sent (to log it, add headers, ...). */
  onError?: (request: FastifyRequest, reply: FastifyReply, answer: { status: number; body: ErrorBody }, err: unknown) => void;
}

/**
 * Installs an error handler and a not-found handler answering `{ code, message }`. Server errors
 * (5xx without a code of their own) are logged with their stack; client errors are not.
 *
 * @example
 * const app = Fastify();
 * installErrorHandlers(app, { onError: (req, reply, { body }) => codes.set(req, body.code) });
 */
export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = errorAnswer(err);
    if (answer.status >= 500 && answer.body.code === "internal") request.log.error({ err }, "unhandled error");
    options.onError?.(request, reply, answer, err);
    if (!reply.sent) void reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const answer = { status: 404, body: { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0] ?? ""}` } };
    options.onError?.(request, reply, answer, undefined);
    void reply.code(answer.status).send(answer.body);
  });
}

/** Writes a whole `{ code, message }` answer on a raw socket and closes it (no fastify request exists). */
function answerOnSocket(socket: Duplex, status: number, body: ErrorBody): void {
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`);
  }
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * fastify's `clientErrorHandler` for both daemons: a request the HTTP parser refuses (bad request
 * line, bad header, lying length, bad chunking, ...) is answered with `{ code, message }` naming what
 * was wrong instead of fastify's bare "Client Error": 431 `too_large` for oversized headers, 408 for
 * a request that took too long, else 400 `bad_request`. A reset connection gets nothing.
 *
 * @example
 * const app = Fastify({ clientErrorHandler });
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  if (err.code === "HPE_HEADER_OVERFLOW") {
    answerOnSocket(socket, 431, { code: "too_large", message: "request line and headers exceed the size limit" });
  } else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    answerOnSocket(socket, 408, { code: "bad_request", message: "the request was not received in time" });
  } else {
    answerOnSocket(socket, 400, { code: "bad_request", message: `malformed HTTP request: ${err.message.replace(/^Parse Error: /, "")}${err.code ? ` (${err.code})` : ""}` });
  }
}

/**
 * Answers CONNECT requests, which Node's HTTP server would otherwise drop without a word, with 405
 * `{ code, message }`: the daemons are no proxies.
 *
 * @example
 * refuseConnect(app.server);
 */
export function refuseConnect(server: Server): void {
  server.on("connect", (req: { url?: string }, socket: Duplex) => {
    socket.on("error", () => undefined);
    answerOnSocket(socket, 405, { code: "bad_request", message: `CONNECT ${String(req.url ?? "").slice(0, 100)} is not supported: this is not a proxy` });
  });
}
