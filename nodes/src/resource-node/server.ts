import type { Readable } from "node:stream";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import {
  MeshError,
  ReplayGuard,
  SLICE_SIZE,
  decodeEnvelopeHeader,
  encodeEnvelopeHeader,
  expiresIn,
  newNonce,
  signAsNode,
  unixNow,
  verifyEnvelope,
  type Envelope,
  type GetTicket,
  type NodeKey,
  type PutTicket,
  type Receipt,
  type RepairOrder,
  type StoredAck,
} from "@stratos/sdk";
import { HttpError, clientErrorHandler, installErrorHandlers, refuseConnect } from "../shared/http-errors";
import { fetchErrorReason, type AckOutbox, type ReceiptForwarder } from "./meta-client";
import { checkLocation, type ByteRange, type SliceStore } from "./store";

/** Validity of the `stored.ack` envelopes this node signs. */
const ACK_TTL_SECONDS = 300;
/** At most this many receipts per POST /v1/receipts. */
const MAX_RECEIPTS_PER_POST = 1000;

/** Everything the routes need. */
export interface ResourceNodeContext {
  readonly key: NodeKey;
  readonly chainId: string;
  /** The meta node whose signature tickets and repair orders must carry. */
  readonly metaAddress: string;
  readonly store: SliceStore;
  readonly guard: ReplayGuard;
  readonly acks: AckOutbox;
  readonly receipts: ReceiptForwarder;
  readonly served: ServedTickets;
  /** Timeout for fetching a slice from a repair source. */
  readonly requestTimeoutMs: number;
  /** This node's public URL (known once listening). */
  url(): string;
}

/**
 * The tickets this node has honoured recently (by ticket nonce): who held it and how many bytes
 * moved, so a receipt quoting a known ticket can be checked against it. Receipts for tickets this
 * process has not seen (e.g. after a restart) are still forwarded; the meta node checks them
 * against the tickets it issued.
 */
export class ServedTickets {
  private readonly byNonce = new Map<string, { wallet: string; cid: string; index: string; bytes: bigint; keepUntil: bigint }>();

  constructor(private readonly maxEntries = 200_000) {}

  record(nonce: string, entry: { wallet: string; cid: string; index: string; bytes: bigint; expires: bigint }): void {
    if (this.byNonce.size >= this.maxEntries) this.prune();
    if (this.byNonce.size >= this.maxEntries) {
      const oldest = this.byNonce.keys().next();
      if (!oldest.done) this.byNonce.delete(oldest.value);
    }
    const prev = this.byNonce.get(nonce);
    const keepUntil = entry.expires + 3600n;
    this.byNonce.set(nonce, { wallet: entry.wallet, cid: entry.cid, index: entry.index, bytes: (prev?.bytes ?? 0n) + entry.bytes, keepUntil });
  }

  get(nonce: string): { wallet: string; cid: string; index: string; bytes: bigint } | undefined {
    return this.byNonce.get(nonce);
  }

  private prune(): void {
    const now = unixNow();
    for (const [k, v] of this.byNonce) if (v.keepUntil < now) this.byNonce.delete(k);
  }
}

const paramsSchema = z.object({ cid: z.string(), index: z.string() });

/**
 * Parses a `Range` header for a slice of `size` bytes: `bytes=a-b`, `bytes=a-` or `bytes=-n` (one
 * range only). Returns undefined when there is no header. Throws MeshError `bad_request` (400) when
 * it is malformed and 416 when it lies outside the slice.
 *
 * @example
 * parseRange("bytes=0-99", 8388608); // { start: 0, end: 99 }
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d{0,16})\s*-\s*(\d{0,16})\s*$/.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) throw new MeshError("bad_request", `unsupported Range header ${JSON.stringify(header.slice(0, 60))} (use bytes=a-b)`);
  const a = m[1] ?? "";
  const b = m[2] ?? "";
  let start: number;
  let end: number;
  if (a === "") {
    const n = Number(b);
    if (n === 0) throw new MeshError("bad_request", "empty suffix range", { status: 416 });
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== "" && Number(b) < start) throw new MeshError("bad_request", `range ${a}-${b} ends before it starts`, { status: 416 });
  }
  if (start >= size) throw new MeshError("bad_request", `range starts at ${start}, the slice has ${size} bytes`, { status: 416 });
  return { start, end };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function signAck(ctx: ResourceNodeContext, fields: Omit<StoredAck, "type" | "chain_id" | "nonce" | "expires" | "node">): Envelope<StoredAck> {
  return signAsNode<StoredAck>(
    { type: "stored.ack", chain_id: ctx.chainId, nonce: newNonce(), expires: expiresIn(ACK_TTL_SECONDS), node: ctx.key.address, ...fields },
    ctx.key,
  );
}

/**
 * Signs a `stored.ack` again with a fresh nonce and expiry (for acks whose delivery was delayed).
 *
 * @example
 * const outbox = new AckOutbox(meta, (p) => resignAck(ctx, p), log);
 */
export function resignAck(key: NodeKey, payload: StoredAck): Envelope<StoredAck> {
  return signAsNode<StoredAck>({ ...payload, nonce: newNonce(), expires: expiresIn(ACK_TTL_SECONDS) }, key);
}

/** A ticket envelope from the header, checked: meta node signature, chain, expiry, type, node and slice. */
function checkTicket<T extends PutTicket | GetTicket>(ctx: ResourceNodeContext, request: FastifyRequest, type: T["type"], cid: string, index: number): Envelope<T> {
  const env = decodeEnvelopeHeader(header(request, "x-stratos-ticket")) as Envelope<T>;
  const now = unixNow();
  let ticket: T;
  try {
    ticket = verifyEnvelope<T>(env, { chainId: ctx.chainId, nowSeconds: now, kind: "node", type, expectedSigner: ctx.metaAddress });
  } catch (e) {
    // A ticket that is not a well-formed ticket is a bad ticket, not a bad request.
    if (e instanceof MeshError && e.code === "bad_request") throw new MeshError("bad_ticket", e.shortMessage);
    throw e;
  }
  if (ticket.node !== ctx.key.address) throw new MeshError("bad_ticket", `ticket is for node ${ticket.node}, this is ${ctx.key.address}`, { status: 403 });
  if (ticket.cid !== cid || ticket.slice_index !== String(index)) {
    throw new MeshError("bad_ticket", `ticket is for slice ${ticket.slice_index} of ${ticket.cid}, not slice ${index} of ${cid}`, { status: 403 });
  }
  ctx.guard.check(env.signer.address, ticket.nonce, BigInt(ticket.expires), now);
  return { ...env, payload: ticket };
}

/**
 * Registers the resource node API (PROTOCOL.md section 5) on `app`.
 *
 * @example
 * const app = createApp("info");
 * registerRoutes(app, ctx);
 * await app.listen({ host: "127.0.0.1", port: 0 });
 */
export function registerRoutes(app: FastifyInstance, ctx: ResourceNodeContext): void {
  const { store } = ctx;

  // Slice bodies stay streams: the handler hashes them while writing them to disk.
  app.addContentTypeParser("application/octet-stream", (_request, payload, done) => done(null, payload));

  app.get("/v1/status", async () => ({
    address: ctx.key.address,
    chain_id: ctx.chainId,
    url: ctx.url(),
    used_bytes: String(store.usedBytes),
    capacity_bytes: String(store.capacityBytes),
    slices: String(store.sliceCount),
    writable: store.writableError === undefined,
    ...(store.writableError !== undefined ? { writable_error: store.writableError } : {}),
  }));

  // The content type is checked before any body parser runs (a slice sent as JSON is a 415, not a JSON error).
  const octetStreamOnly = async (request: FastifyRequest): Promise<void> => {
    const type = header(request, "content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/octet-stream") throw new MeshError("bad_request", "slice bytes must be sent as application/octet-stream", { status: 415 });
  };

  app.put("/v1/slices/:cid/:index", { onRequest: octetStreamOnly }, async (request, reply) => {
    const { cid, index: indexText } = paramsSchema.parse(request.params);
    const index = checkLocation(cid, indexText);
    const env = checkTicket<PutTicket>(ctx, request, "put.ticket", cid, index);
    const ticket = env.payload;
    const size = Number(ticket.slice_size);
    if (size < 1 || size > SLICE_SIZE) throw new MeshError("too_large", `ticket slice_size ${ticket.slice_size} is not within 1..${SLICE_SIZE}`);
    const length = header(request, "content-length");
    if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw new MeshError("bad_request", "bad content-length");
      if (Number(length) > SLICE_SIZE) throw new MeshError("too_large", `body of ${length} bytes exceeds the slice size limit ${SLICE_SIZE}`);
      if (Number(length) !== size) throw new MeshError("bad_request", `body has ${length} bytes, the ticket says ${size}`);
    }
    // Read without destroying the request when the store stops early (disk full, too long), so the
    // error handler can drain the rest and the keep-alive connection stays usable (a destroyed
    // request left it neither read nor closed, and the client's next request on it hung).
    const body = (request.body ?? request.raw) as Readable;
    const source: AsyncIterable<Uint8Array> = typeof body.iterator === "function" ? body.iterator({ destroyOnReturn: false }) : body;
    try {
      await store.write(cid, index, source, { root: ticket.slice_root, size });
    } catch (e) {
      // A client that goes away mid-body is not a server error (nothing was kept either way); any
      // other failure is this node's and is not blamed on the client.
      const gone = request.raw.readableAborted || request.raw.socket?.destroyed === true;
      if (!(e instanceof MeshError) && !request.raw.complete && gone) throw new MeshError("bad_request", "upload interrupted before the whole body arrived");
      throw e;
    }
    ctx.served.record(ticket.nonce, { wallet: ticket.wallet, cid, index: ticket.slice_index, bytes: BigInt(size), expires: BigInt(ticket.expires) });
    const ack = signAck(ctx, { cid, slice_index: ticket.slice_index, slice_root: ticket.slice_root, slice_size: ticket.slice_size, upload_id: ticket.upload_id });
    ctx.acks.send(ack);
    return reply.code(200).send(ack);
  });

  app.get("/v1/slices/:cid/:index", async (request, reply) => {
    const { cid, index: indexText } = paramsSchema.parse(request.params);
    const index = checkLocation(cid, indexText);
    const env = checkTicket<GetTicket>(ctx, request, "get.ticket", cid, index);
    const ticket = env.payload;
    const range = parseRange(header(request, "range"), Number(ticket.slice_size));
    const r = await store.read(cid, index, { ...(range ? { range } : {}), expectedRoot: ticket.slice_root });
    const length = r.end - r.start + 1;
    ctx.served.record(ticket.nonce, { wallet: ticket.wallet, cid, index: ticket.slice_index, bytes: BigInt(length), expires: BigInt(ticket.expires) });
    void reply
      .code(range ? 206 : 200)
      .header("content-type", "application/octet-stream")
      .header("content-length", String(length))
      .header("accept-ranges", "bytes")
      .header("x-stratos-slice-root", r.root);
    if (range) void reply.header("content-range", `bytes ${r.start}-${r.end}/${r.total}`);
    return reply.send(r.stream);
  });

  app.post("/v1/receipts", { bodyLimit: 4 * 1024 * 1024 }, async (request) => {
    const body = z.object({ receipts: z.array(z.unknown()).max(MAX_RECEIPTS_PER_POST) }).safeParse(request.body);
    if (!body.success) throw new MeshError("bad_request", `body must be { receipts: [receipt envelope, ...] } with at most ${MAX_RECEIPTS_PER_POST} receipts`);
    const accepted: Envelope<Receipt>[] = [];
    const rejected: { index: number; code: string; reason: string }[] = [];
    const now = unixNow();
    body.data.receipts.forEach((raw, i) => {
      try {
        const env = raw as Envelope<Receipt>;
        const receipt = verifyEnvelope<Receipt>(env, { chainId: ctx.chainId, nowSeconds: now, kind: "wallet", type: "receipt" });
        if (receipt.node !== ctx.key.address) throw new MeshError("unauthorized", `receipt is for node ${receipt.node}, this is ${ctx.key.address}`);
        const served = ctx.served.get(receipt.ticket_nonce);
        if (served) {
          if (served.wallet !== env.signer.address) throw new MeshError("unauthorized", `ticket ${receipt.ticket_nonce} was held by ${served.wallet}, receipt signed by ${env.signer.address}`);
          if (served.cid !== receipt.cid || served.index !== receipt.slice_index) throw new MeshError("bad_request", "receipt names another slice than its ticket");
          if (BigInt(receipt.bytes) > served.bytes) throw new MeshError("bad_request", `receipt claims ${receipt.bytes} bytes, ${served.bytes} were moved with that ticket`);
        }
        ctx.guard.check(env.signer.address, receipt.nonce, BigInt(receipt.expires), now);
        accepted.push({ ...env, payload: receipt });
      } catch (e) {
        const code = e instanceof MeshError ? e.code : "bad_request";
        const reason = e instanceof MeshError ? e.shortMessage : "not a receipt envelope";
        rejected.push({ index: i, code, reason });
      }
    });
    ctx.receipts.enqueue(accepted);
    return { accepted: accepted.length, rejected };
  });

  app.post("/v1/repairs", { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const now = unixNow();
    const env = request.body as Envelope<RepairOrder>;
    const order = verifyEnvelope<RepairOrder>(env, { chainId: ctx.chainId, nowSeconds: now, kind: "node", type: "repair.order", expectedSigner: ctx.metaAddress });
    if (order.target !== ctx.key.address) throw new MeshError("bad_ticket", `repair order is for node ${order.target}, this is ${ctx.key.address}`, { status: 403 });
    const index = checkLocation(order.cid, order.slice_index);
    const gt = order.get_ticket.payload;
    if (gt.cid !== order.cid || gt.slice_index !== order.slice_index || gt.slice_root !== order.slice_root || gt.node !== order.source) {
      throw new MeshError("bad_request", "the repair order's get_ticket is for another slice or node");
    }
    const size = Number(order.slice_size);
    if (size < 1 || size > SLICE_SIZE) throw new MeshError("too_large", `slice_size ${order.slice_size} is not within 1..${SLICE_SIZE}`);
    ctx.guard.check(env.signer.address, order.nonce, BigInt(order.expires), now);
    const existing = await store.stat(order.cid, index);
    if (!(existing && existing.root === order.slice_root)) {
      const url = `${order.source_url.replace(/\/+$/, "")}/v1/slices/${order.cid}/${index}`;
      let res: Response;
      try {
        res = await fetch(url, { headers: { "x-stratos-ticket": encodeEnvelopeHeader(order.get_ticket) }, signal: AbortSignal.timeout(ctx.requestTimeoutMs) });
      } catch (e) {
        throw new HttpError(502, "source_failed", `repair source ${order.source} at ${order.source_url} unreachable: ${fetchErrorReason(e)}`);
      }
      if (res.status !== 200 || !res.body) {
        const text = await res.text().catch(() => "");
        throw new HttpError(502, "source_failed", `repair source ${order.source} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
      }
      try {
        await store.write(order.cid, index, res.body as AsyncIterable<Uint8Array>, { root: order.slice_root, size });
      } catch (e) {
        if (e instanceof MeshError) throw e;
        throw new HttpError(502, "source_failed", `repair source ${order.source} broke off the transfer: ${fetchErrorReason(e)}`);
      }
    }
    const ack = signAck(ctx, { cid: order.cid, slice_index: order.slice_index, slice_root: order.slice_root, slice_size: order.slice_size, upload_id: `repair-${order.nonce}` });
    ctx.acks.send(ack);
    return reply.code(200).send(ack);
  });
}

/**
 * A fastify instance set up for the resource node: pino logger at `logLevel` with one log line per
 * request outcome (method, url, status, ms, error code), `{ code, message }` errors, no automatic
 * HEAD routes (a HEAD must not spend a ticket), and a connection closed after an error answer
 * whose body was not read (so a refused 8 MiB upload is not read in vain).
 *
 * @example
 * const app = createApp("info");
 */
export function createApp(logLevel: string): FastifyInstance {
  const app = Fastify({
    logger: { level: logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
  });
  refuseConnect(app.server);
  const codes = new WeakMap<FastifyRequest, string>();
  installErrorHandlers(app, {
    onError: (request: FastifyRequest, reply: FastifyReply, { body }) => {
      codes.set(request, body.code);
      const length = Number(request.headers["content-length"] ?? NaN);
      if (request.raw.complete) return;
      // A body the handler stopped reading: a small one is drained (Node does not once a handler
      // has read from it) so the connection stays usable; a large or unknown one closes it.
      if (length <= 2 * SLICE_SIZE) request.raw.resume();
      else void reply.header("connection", "close");
    },
  });
  app.addHook("onResponse", (request, reply, done) => {
    const code = codes.get(request);
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), ...(code ? { code } : {}) },
      "request",
    );
    done();
  });
  return app;
}
