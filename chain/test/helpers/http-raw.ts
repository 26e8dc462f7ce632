/**
 * A raw HTTP/1.1 client over `node:net` for tests that must send what `fetch` refuses to: broken
 * request lines, header floods, lying content lengths, bodies cut short, sockets closed midway.
 */
import net from "node:net";

/** What came back on one connection (the first response only). */
export interface RawResponse {
  /** Status of the first response; undefined when the server closed without answering. */
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Everything received, for messages. */
  readonly raw: Buffer;
}

/** One request as parts: written as given (no fix-ups) by {@link rawExchange}. */
export interface RawRequestParts {
  readonly method: string;
  readonly path: string;
  /** Header lines as pairs, written in order; nothing is added except what `buildRequest` adds. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
}

/**
 * Serialises a request: request line, `host`, `connection: close`, `content-length` (when there is
 * a body and no content-length or transfer-encoding header was given), the headers, the body.
 */
export function buildRequest(r: RawRequestParts): Buffer {
  const lines = [`${r.method} ${r.path} HTTP/1.1`, "host: 127.0.0.1", "connection: close"];
  const given = new Set((r.headers ?? []).map(([k]) => k.toLowerCase()));
  if (r.body && !given.has("content-length") && !given.has("transfer-encoding")) lines.push(`content-length: ${r.body.length}`);
  for (const [k, v] of r.headers ?? []) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(r.body ?? new Uint8Array())]);
}

/** How the client behaves after writing. */
export interface ExchangeOptions {
  /** Give up (and destroy the socket) after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Half-close right after writing (the server sees EOF). Default false. */
  readonly endAfterWrite?: boolean;
  /** Destroy the socket right after writing (a client that vanishes). Default false. */
  readonly destroyAfterWrite?: boolean;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the first final response in `raw`, after any 1xx (status undefined when there is none). */
export function parseResponse(raw: Buffer): RawResponse {
  let start = 0;
  while (/^HTTP\/1\.[01] 1\d\d/.test(raw.subarray(start, start + 16).toString("latin1"))) {
    const interimEnd = raw.indexOf("\r\n\r\n", start);
    if (interimEnd < 0) break;
    start = interimEnd + 4;
  }
  const end = raw.indexOf("\r\n\r\n", start);
  if (end < 0) return { status: undefined, headers: {}, body: Buffer.alloc(0), raw };
  const lines = raw.subarray(start, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers["transfer-encoding"]?.includes("chunked")) body = dechunk(body);
  else if (headers["content-length"] !== undefined) body = body.subarray(0, Number(headers["content-length"]));
  return { status: m ? Number(m[1]) : undefined, headers, body, raw };
}

/** Whether `raw` holds a whole final response (by its content-length or last chunk). */
function responseComplete(raw: Buffer): boolean {
  const res = parseResponse(raw);
  if (res.status === undefined) return false;
  if (res.headers["transfer-encoding"]?.includes("chunked")) return raw.subarray(raw.indexOf("\r\n\r\n")).includes("\r\n0\r\n\r\n");
  const length = res.headers["content-length"];
  return length !== undefined && res.body.length >= Number(length);
}

/**
 * Connects to 127.0.0.1:`port`, writes each of `chunks` in turn, then reads until the server closes
 * (or the timeout). Connection errors after the write (the server may reset a refused upload) are
 * not failures: whatever arrived is parsed.
 */
export function rawExchange(port: number, chunks: Buffer | readonly Buffer[], opts: ExchangeOptions = {}): Promise<RawResponse> {
  const list = Buffer.isBuffer(chunks) ? [chunks] : chunks;
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    let settled = false;
    const socket = net.connect({ port, host: "127.0.0.1" });
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(received)));
    };
    const timer = setTimeout(finish, opts.timeoutMs ?? 10_000);
    socket.on("data", (d: Buffer) => {
      received.push(d);
      if (responseComplete(Buffer.concat(received))) finish();
    });
    socket.on("close", finish);
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (received.length === 0 && e.code === "ECONNREFUSED") {
        settled = true;
        clearTimeout(timer);
        reject(e);
      }
    });
    socket.on("connect", () => {
      const writeNext = (i: number): void => {
        if (i >= list.length) {
          if (opts.destroyAfterWrite) finish();
          else if (opts.endAfterWrite) socket.end();
          return;
        }
        if (socket.destroyed) return;
        socket.write(list[i]!, (err) => {
          if (!err) writeNext(i + 1);
        });
      };
      writeNext(0);
    });
  });
}
