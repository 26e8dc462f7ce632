import { createWriteStream, promises as fsp } from "node:fs";
import { once } from "node:events";
import { fromHex, toHex } from "@cosmjs/encoding";
import { equalBytes } from "@noble/curves/utils";
import type { FileInfo } from "@stratos/proto/gen/ts/stratos/sds/v1/sds";
import type { StratosClient } from "../client/stratos-client";
import { StratosError } from "../errors/base";
import {
  CHUNK_SIZE,
  SLICE_CHUNKS,
  chunkCount,
  decodeEnvelopeHeader,
  encodeEnvelopeHeader,
  expiresIn,
  leafHash,
  merkleProof,
  merkleRootOfLeaves,
  newNonce,
  rootFromCid,
  signAsWallet,
  sliceCount,
  sliceRange,
  verifyLeafProof,
  type Envelope,
  type Receipt,
  type UploadComplete,
  type UploadRequest,
  type DownloadRequest,
  type WalletKey,
} from "../mesh";
import { IntegrityError, MeshAbortError, MeshRequestError, OzoneInsufficientError, UploadIncompleteError, throwIfAborted } from "./errors";
import { MetaApi, httpError, jsonWithBigints, rawRequest } from "./http";
import { resolveRange, sliceWindow, type ByteRange } from "./ranges";
import { prepareSource, type PreparedSource, type UploadSource } from "./source";
import { fastChunkLeaves } from "./fast-hash";
import type { ReceiptInclusionProof } from "../verifier/receipt-inclusion";
import { backoffMs, runPool, sleep } from "./util";
import {
  CompleteAnswerSchema,
  DownloadAnswerSchema,
  FileAnswerSchema,
  MetaStatusSchema,
  OzoneAnswerSchema,
  ReceiptProofAnswerSchema,
  UploadAnswerSchema,
  UploadStatusSchema,
  parseAnswer,
  type DownloadAnswer,
  type FileAnswer,
} from "./wire";

/**
 * Options of {@link MeshClient}.
 *
 * @example
 * const opts: MeshClientOptions = { metaUrl: "http://127.0.0.1:18100", chainId: "stratos-localnet", wallet: await walletKeyFromMnemonic(m) };
 */
export interface MeshClientOptions {
  /** The meta node, e.g. `http://127.0.0.1:18100`. */
  readonly metaUrl: string;
  /** The chain id payloads are signed for, e.g. `stratos-localnet`. */
  readonly chainId: string;
  /** The wallet that signs upload/download requests and receipts (and pays in ozone). */
  readonly wallet: WalletKey;
  /** When given, uploads are checked against the on-chain record and `info` includes it. */
  readonly chain?: StratosClient;
  /** Timeout of meta-node requests; default 30 s (completing an upload waits at least 120 s). */
  readonly httpTimeoutMs?: number;
  /** Slices moved in parallel; default 4. */
  readonly concurrency?: number;
}

/**
 * Progress of an upload: bytes written to resource nodes so far (all replicas; a failed attempt's
 * bytes are taken back) out of `totalBytes`, and slices stored on every holder.
 *
 * @example
 * const onProgress = (e: UploadProgress) => bar.update(Number(e.bytesSent));
 */
export interface UploadProgress {
  readonly bytesSent: number;
  readonly totalBytes: number;
  readonly slicesDone: number;
  readonly sliceCount: number;
}

/**
 * Options of {@link MeshClient.upload}.
 *
 * @example
 * const opts: UploadOptions = { replicas: 2, name: "photo.jpg", retries: 5, onProgress: (e) => console.log(e.bytesSent) };
 */
export interface UploadOptions {
  /** Distinct resource nodes per slice; default 3. */
  readonly replicas?: number;
  /** A name the meta node keeps with the file. */
  readonly name?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: UploadProgress) => void;
  /** Attempts per slice and holder after the first; default 3. */
  readonly retries?: number;
  /** Continue an upload that stopped (see {@link UploadIncompleteError}); acked slices are skipped. */
  readonly resumeUploadId?: string;
  /** Where stream sources are spooled; default the OS temp dir. */
  readonly tmpDir?: string;
}

/**
 * What an upload gives: the CID and size, the upload id and the MsgFileUpload that recorded it.
 *
 * @example
 * const { cid, txHash, height } = await mesh.upload("photo.jpg");
 */
export interface UploadResult {
  readonly cid: string;
  readonly size: bigint;
  readonly txHash: string;
  readonly height: number;
  readonly uploadId: string;
}

/**
 * Progress of a download: verified bytes delivered so far out of the requested ones.
 *
 * @example
 * const onProgress = (e: DownloadProgress) => bar.update(Number(e.bytesReceived));
 */
export interface DownloadProgress {
  readonly bytesReceived: number;
  readonly totalBytes: number;
  readonly slicesDone: number;
  readonly sliceCount: number;
}

/**
 * A holder that could not serve a slice during a download (the download moved on to the next one).
 *
 * @example
 * const onHolderFailure = (f: HolderFailure) => console.warn(`${f.node} slice ${f.sliceIndex}: ${f.reason}`);
 */
export interface HolderFailure {
  readonly sliceIndex: number;
  readonly node: string;
  readonly url: string;
  /** `slow`, `network`, `bad_bytes`, `http`. */
  readonly kind: "slow" | "network" | "bad_bytes" | "http";
  readonly reason: string;
}

/**
 * Options of {@link MeshClient.download}.
 *
 * @example
 * const opts: DownloadOptions = { range: { start: 0n, end: 1023n }, slowNodeMs: 5_000 };
 */
export interface DownloadOptions {
  /** Inclusive byte range; default the whole file. */
  readonly range?: ByteRange;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: DownloadProgress) => void;
  /** Give up on a holder that sends no bytes for this long and try the next; default 15 s. */
  readonly slowNodeMs?: number;
  /** Called for every holder that failed and was skipped. */
  readonly onHolderFailure?: (f: HolderFailure) => void;
  /**
   * Called with every traffic receipt this download signs (before it is sent), e.g. to keep them
   * for `stratos verify-receipt`, which proves a receipt was counted in a volume report on chain.
   */
  readonly onReceipt?: (receipt: Envelope<Receipt>) => void;
}

/**
 * Result of {@link MeshClient.verify}.
 *
 * @example
 * const { ok, size, chunks, failures } = await mesh.verify(cid);
 */
export interface VerifyResult {
  /** True when every checked chunk matched the CID. */
  readonly ok: boolean;
  readonly size: bigint;
  /** Number of chunks checked. */
  readonly chunks: number;
  /** Holders that failed (the check moved on to another holder) and, when not ok, why. */
  readonly failures: readonly HolderFailure[];
  readonly problem?: string;
  /** With `chunk`: the checked chunk's Merkle proof (leaf hash and siblings bottom-up, hex) under `root`. */
  readonly chunkProof?: ChunkProof;
}

/**
 * A chunk's Merkle proof in the file tree: check it with `verifyLeafProof(root, index, leafCount, leaf, siblings)`.
 *
 * @example
 * const ok = verifyLeafProof(fromHex(p.root), p.index, p.leafCount, fromHex(p.leaf), p.siblings.map(fromHex));
 */
export interface ChunkProof {
  readonly index: number;
  readonly leafCount: number;
  readonly leaf: string;
  readonly siblings: readonly string[];
  readonly root: string;
}

/**
 * A wallet's ozone account at the meta node (noz; 1 noz = 1 byte of traffic).
 *
 * @example
 * const { balance_noz } = await mesh.ozone();
 */
export interface OzoneBalance {
  readonly wallet: string;
  readonly balance_noz: bigint;
  readonly prepaid_noz: bigint;
  readonly spent_noz: bigint;
}

/**
 * A file as the meta node knows it (`GET /v1/files/:cid`).
 *
 * @example
 * const rec: MeshFileRecord = (await mesh.ls())[0]!;
 */
export interface MeshFileRecord {
  readonly cid: string;
  readonly owner: string;
  readonly size: bigint;
  readonly merkle_root: string;
  readonly chunk_size?: number;
  readonly slice_count?: number;
  readonly replicas?: number;
  readonly height?: number;
  readonly name?: string;
  readonly slices: readonly { readonly slice_index: number; readonly slice_root: string; readonly holders: readonly { readonly node: string; readonly healthy?: boolean }[] }[];
}

/**
 * {@link MeshClient.info}: the meta node's record and, with a chain client, the on-chain one.
 *
 * @example
 * const { mesh: rec, chain } = await client.info(cid);
 */
export interface FileInfoResult {
  readonly mesh: MeshFileRecord;
  readonly chain?: FileInfo | null;
}

/** What a download trusts, derived from the CID. @internal */
interface DownloadPlan {
  readonly cid: string;
  readonly root: Uint8Array;
  readonly size: bigint;
  readonly range: ByteRange;
  /** Per slice: the expected leaves (when the meta node sent them) or only the expected slice root. */
  readonly expectedLeaves: readonly Uint8Array[] | undefined;
  readonly sliceRoots: readonly Uint8Array[];
  readonly slices: DownloadAnswer["slices"];
  readonly epochHint: Promise<string>;
}

/** One slice to send to one holder, with the holder's put ticket (header form). @internal */
interface SliceJob {
  readonly sliceIndex: number;
  readonly node: string;
  readonly url: string;
  readonly ticket: string;
}

type SliceCheck = (body: Buffer) => { ok: true } | { ok: false; reason: string; chunkIndex?: number };

const DEFAULT_SLOW_NODE_MS = 15_000;

/**
 * The storage-mesh client of a wallet: upload files (hashed to a CID, stored in slices on resource
 * nodes, recorded on chain), download and verify them (every chunk checked against the CID, slow or
 * bad holders skipped), read the ozone balance and the wallet's files.
 *
 * @example
 * const wallet = await walletKeyFromMnemonic(process.env.STRATOS_MNEMONIC!);
 * const chain = await StratosClient.connect({ rpcUrl: "http://127.0.0.1:26657" });
 * const mesh = new MeshClient({ metaUrl: "http://127.0.0.1:18100", chainId: "stratos-localnet", wallet, chain });
 * const { cid } = await mesh.upload("./photo.jpg", { replicas: 2 });
 * await mesh.downloadToFile(cid, "./copy.jpg");
 */
export class MeshClient {
  private readonly api: MetaApi;
  private readonly concurrency: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: MeshClientOptions) {
    this.timeoutMs = options.httpTimeoutMs ?? 30_000;
    this.api = new MetaApi(options.metaUrl, this.timeoutMs);
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /** The wallet address (`st1...`). */
  get address(): string {
    return this.options.wallet.address;
  }

  private sign<P extends { type: string }>(fields: P): Envelope<P & { chain_id: string; nonce: string; expires: string }> {
    return signAsWallet({ ...fields, chain_id: this.options.chainId, nonce: newNonce(), expires: expiresIn(300) }, this.options.wallet);
  }

  // ------------------------------------------------------------------ upload

  /**
   * Uploads a file: hashes it (bounded memory), asks the meta node for placements (paying
   * `size × replicas` noz), streams every slice to each of its holders (several in parallel,
   * retried with backoff), completes the upload (the meta node records it on chain) and, with a
   * chain client, checks the on-chain record. Errors: {@link OzoneInsufficientError},
   * {@link IntegrityError}, {@link MeshRequestError}, {@link MeshAbortError}; once tickets were issued,
   * failures come wrapped in {@link UploadIncompleteError} (resume with `resumeUploadId`).
   *
   * @example
   * const { cid, size, txHash } = await mesh.upload("./video.mp4", { replicas: 2, onProgress: (e) => console.log(e.bytesSent, "/", e.totalBytes) });
   */
  async upload(source: UploadSource, opts: UploadOptions = {}): Promise<UploadResult> {
    const replicas = opts.replicas ?? 3;
    if (!Number.isSafeInteger(replicas) || replicas < 1) throw new StratosError(`replicas must be a positive integer, got ${replicas}`);
    const src = await prepareSource(source, { signal: opts.signal, tmpDir: opts.tmpDir });
    try {
      return await this.uploadPrepared(src, replicas, opts);
    } finally {
      await src.cleanup();
    }
  }

  private async uploadPrepared(src: PreparedSource, replicas: number, opts: UploadOptions): Promise<UploadResult> {
    const { digest } = src;
    const signal = opts.signal;
    const sliceTotal = digest.sliceRoots.length;

    // 1. Placements: a new upload, or what is left of an earlier one.
    let uploadId: string;
    let jobs: SliceJob[];
    if (opts.resumeUploadId) {
      uploadId = opts.resumeUploadId;
      jobs = await this.resumeJobs(uploadId, digest.cid, signal);
    } else {
      const request = this.sign<Omit<UploadRequest, "chain_id" | "nonce" | "expires">>({
        type: "upload.request",
        cid: digest.cid,
        size: digest.size.toString(),
        chunk_size: String(CHUNK_SIZE),
        slice_roots: digest.sliceRoots.map(toHex),
        replicas: String(replicas),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
      });
      const url = `${this.options.metaUrl}/v1/uploads`;
      const answer = parseAnswer(UploadAnswerSchema, await this.api.post("/v1/uploads", request, { signal }), "POST /v1/uploads", url);
      uploadId = answer.upload_id;
      jobs = [];
      for (const p of answer.placements) {
        if (p.slice_index < 0 || p.slice_index >= sliceTotal) {
          throw new MeshRequestError(`the meta node placed slice ${p.slice_index}, the file has ${sliceTotal}`, { code: "bad_answer", url });
        }
        for (const h of p.holders) jobs.push({ sliceIndex: p.slice_index, node: h.node, url: h.url, ticket: ticketHeader(h.ticket) });
      }
      const placed = new Set(answer.placements.filter((p) => p.holders.length > 0).map((p) => p.slice_index));
      if (placed.size !== sliceTotal) {
        throw new UploadIncompleteError(uploadId, new MeshRequestError(`the meta node placed ${placed.size} of ${sliceTotal} slices`, { code: "bad_answer", url }));
      }
    }

    // 2. Slices to holders.
    let txHash: string;
    let height: number;
    try {
      await this.sendSlices(src, jobs, sliceTotal, opts);
      throwIfAborted(signal);
      // 3. Complete: the meta node records the file on chain.
      const complete = this.sign<Omit<UploadComplete, "chain_id" | "nonce" | "expires">>({ type: "upload.complete", upload_id: uploadId, cid: digest.cid });
      const path = `/v1/uploads/${encodeURIComponent(uploadId)}/complete`;
      const done = parseAnswer(
        CompleteAnswerSchema,
        await this.api.post(path, complete, { signal, timeoutMs: Math.max(this.timeoutMs, 120_000) }),
        `POST ${path}`,
        `${this.options.metaUrl}${path}`,
      );
      if (done.cid !== digest.cid) throw new IntegrityError(`the meta node completed ${done.cid}, not ${digest.cid}`, { cid: digest.cid });
      txHash = done.tx_hash;
      height = done.height;
    } catch (e) {
      if (e instanceof MeshAbortError || e instanceof UploadIncompleteError) throw e;
      throw new UploadIncompleteError(uploadId, e);
    }
    // 4. The on-chain record must describe what we hashed (the upload itself is complete).
    if (this.options.chain) await this.checkChainRecord(digest.cid, digest.root, digest.size, signal);
    return { cid: digest.cid, size: digest.size, txHash, height, uploadId };
  }

  private async resumeJobs(uploadId: string, cid: string, signal?: AbortSignal): Promise<SliceJob[]> {
    const path = `/v1/uploads/${encodeURIComponent(uploadId)}`;
    const url = `${this.options.metaUrl}${path}`;
    const status = parseAnswer(UploadStatusSchema, await this.api.get(path, { signal }), `GET ${path}`, url);
    if (status.cid !== undefined && status.cid !== cid) {
      throw new StratosError(`upload ${uploadId} is for ${status.cid}, this file is ${cid}`, { hints: ["resume with the same file you started the upload with"] });
    }
    const acked = new Set(status.acked.map((a) => `${a.slice_index}\u0000${a.node}`));
    const jobs: SliceJob[] = [];
    // Fresh tickets come either with each missing entry or as placements (minus what is acked).
    for (const m of status.missing) {
      if (m.url !== undefined && m.ticket !== undefined && m.node !== undefined) jobs.push({ sliceIndex: m.slice_index, node: m.node, url: m.url, ticket: ticketHeader(m.ticket) });
    }
    if (jobs.length === 0 && status.placements) {
      for (const p of status.placements)
        for (const h of p.holders) if (!acked.has(`${p.slice_index}\u0000${h.node}`)) jobs.push({ sliceIndex: p.slice_index, node: h.node, url: h.url, ticket: ticketHeader(h.ticket) });
    }
    if (jobs.length === 0 && status.missing.length > 0) {
      throw new MeshRequestError(`cannot resume upload ${uploadId}: the meta node sent no tickets for the ${status.missing.length} missing slice(s)`, {
        code: "no_tickets",
        url,
        hints: ["start a new upload"],
      });
    }
    return jobs;
  }

  private async sendSlices(src: PreparedSource, jobs: readonly SliceJob[], sliceTotal: number, opts: UploadOptions): Promise<void> {
    const { digest } = src;
    const retries = opts.retries ?? 3;
    const signal = opts.signal;
    const pending = new Map<number, number>();
    for (const j of jobs) pending.set(j.sliceIndex, (pending.get(j.sliceIndex) ?? 0) + 1);
    let bytesSent = 0;
    const totalBytes = jobs.reduce((n, j) => n + sliceRange(digest.size, j.sliceIndex).size, 0);
    let slicesDone = sliceTotal - pending.size;
    const report = () => opts.onProgress?.({ bytesSent, totalBytes, slicesDone, sliceCount: sliceTotal });
    report();
    await runPool(jobs, this.concurrency, async (job) => {
      const { start, end, size } = sliceRange(digest.size, job.sliceIndex);
      const url = sliceUrl(job.url, digest.cid, job.sliceIndex);
      for (let attempt = 0; ; attempt++) {
        throwIfAborted(signal);
        let sentThisAttempt = 0;
        try {
          const res = await rawRequest({
            method: "PUT",
            url,
            headers: { "x-stratos-ticket": job.ticket, "content-type": "application/octet-stream", "content-length": String(size) },
            body: src.open(start, end),
            signal,
            idleMs: Math.max(this.timeoutMs, 30_000),
            maxBytes: 1 << 20,
            onBytes: (n) => {
              sentThisAttempt += n;
              bytesSent += n;
              report();
            },
          });
          if (res.status < 200 || res.status >= 300) throw httpError("PUT", url, res.status, res.body);
          break;
        } catch (e) {
          bytesSent -= sentThisAttempt;
          report();
          if (e instanceof MeshAbortError) throw e;
          if (e instanceof MeshRequestError && e.code === "hash_mismatch") {
            throw new IntegrityError(`${job.node} refused slice ${job.sliceIndex}: its bytes do not hash to the slice root`, {
              cid: digest.cid,
              sliceIndex: job.sliceIndex,
              cause: e,
              hints: ["did the file change while it was being uploaded?"],
            });
          }
          if (!isRetryable(e) || attempt >= retries) throw e;
          await sleep(backoffMs(attempt), signal);
        }
      }
      const left = (pending.get(job.sliceIndex) ?? 1) - 1;
      pending.set(job.sliceIndex, left);
      if (left === 0) {
        slicesDone++;
        report();
      }
    });
  }

  private async checkChainRecord(cid: string, root: Uint8Array, size: bigint, signal?: AbortSignal): Promise<void> {
    const chain = this.options.chain!;
    let record: FileInfo | null = null;
    for (let i = 0; i < 20; i++) {
      record = await chain.sds.fileUpload(cid);
      if (record) break;
      await sleep(500, signal);
    }
    if (!record) throw new IntegrityError(`the chain holds no record of ${cid} after the upload completed`, { cid });
    const problems: string[] = [];
    if (!equalBytes(record.merkleRoot, root)) problems.push(`merkle root ${toHex(record.merkleRoot)} != ${toHex(root)}`);
    if (record.size !== size) problems.push(`size ${record.size} != ${size}`);
    if (record.owner !== this.address) problems.push(`owner ${record.owner} != ${this.address}`);
    if (problems.length > 0) throw new IntegrityError(`the on-chain record of ${cid} does not match the upload`, { cid, details: problems.join("; ") });
  }

  // ------------------------------------------------------------------ download

  /**
   * Downloads a file (or an inclusive byte range) as a stream of verified bytes. The meta node
   * issues tickets; the touched slices are fetched in parallel (bounded); every chunk is checked
   * against the root named by the CID before it is yielded; a holder that is down, slow (no bytes for
   * `slowNodeMs`) or serves bad bytes is skipped for the next one. After each slice, a signed
   * `receipt` goes to the node that served it. Errors: {@link IntegrityError} (no holder had good
   * bytes, or the meta node contradicts the CID), {@link MeshRequestError}, {@link OzoneInsufficientError},
   * {@link MeshAbortError}.
   *
   * @example
   * for await (const part of mesh.download(cid, { range: { start: 0n, end: 99n } })) process.stdout.write(part);
   */
  download(cid: string, opts: DownloadOptions = {}): AsyncIterable<Uint8Array> {
    return this.downloadStream(cid, opts);
  }

  private async *downloadStream(cid: string, opts: DownloadOptions): AsyncGenerator<Uint8Array> {
    const inner = new AbortController();
    const onOuterAbort = () => inner.abort(opts.signal?.reason);
    opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const receipts: Promise<void>[] = [];
    try {
      throwIfAborted(opts.signal);
      const plan = await this.planDownload(cid, opts.range, inner.signal);
      const total = Number(plan.range.end - plan.range.start + 1n);
      let received = 0;
      let done = 0;
      const order = plan.slices;
      opts.onProgress?.({ bytesReceived: 0, totalBytes: total, slicesDone: 0, sliceCount: order.length });
      const started: Promise<Buffer>[] = [];
      const start = (k: number) => {
        const s = order[k]!;
        const p = this.fetchSlice(plan, s, inner.signal, opts, this.sliceCheck(plan, s.slice_index), receipts);
        p.catch(() => {});
        started[k] = p;
      };
      for (let k = 0; k < Math.min(this.concurrency, order.length); k++) start(k);
      for (let k = 0; k < order.length; k++) {
        const body = await started[k]!;
        delete started[k];
        if (k + this.concurrency < order.length) start(k + this.concurrency);
        const s = order[k]!;
        const w = sliceWindow(s.slice_index, plan.range, s.slice_size);
        if (!w) continue;
        const out = body.subarray(w.from, w.to);
        received += out.length;
        done++;
        opts.onProgress?.({ bytesReceived: received, totalBytes: total, slicesDone: done, sliceCount: order.length });
        yield out;
      }
    } finally {
      opts.signal?.removeEventListener("abort", onOuterAbort);
      inner.abort();
      await Promise.allSettled(receipts);
    }
  }

  /** Asks for tickets and derives what the bytes must hash to, from the CID. */
  private async planDownload(cid: string, range: ByteRange | undefined, signal: AbortSignal, record?: FileAnswer): Promise<DownloadPlan> {
    let root: Uint8Array;
    try {
      root = rootFromCid(cid);
    } catch (e) {
      throw new StratosError(`not a mesh CID: ${cid}`, { cause: e, details: (e as Error).message });
    }
    if (range && (range.start < 0n || range.end < range.start)) throw new StratosError(`bad byte range ${range.start}-${range.end}`);
    const wireRange = range ? { start: range.start.toString(), end: range.end.toString() } : undefined;
    const request = this.sign<Omit<DownloadRequest, "chain_id" | "nonce" | "expires">>({ type: "download.request", cid, ...(wireRange ? { range: wireRange } : {}) });
    const url = `${this.options.metaUrl}/v1/downloads`;
    const epochHint = this.api
      .get("/v1/status", { signal, timeoutMs: 5_000 })
      .then((s) => String(parseAnswer(MetaStatusSchema, s, "GET /v1/status", url).epoch ?? 0))
      .catch(() => "0");
    const answer = parseAnswer(DownloadAnswerSchema, await this.api.post("/v1/downloads", request, { signal }), "POST /v1/downloads", url);
    const rootHex = toHex(root);
    if (answer.merkle_root !== rootHex) {
      throw new IntegrityError(`the meta node's merkle root for ${cid} is not the one the CID names`, { cid, details: `${answer.merkle_root} != ${rootHex}` });
    }
    const size = answer.size;
    if (size <= 0n) throw new IntegrityError(`the meta node announced size ${size} for ${cid}`, { cid });
    const resolved = resolveRange(size, range);
    const nChunks = chunkCount(size);
    const nSlices = sliceCount(size);

    // Since SLICE_CHUNKS is a power of two, the tree over the slice roots is the file tree: the
    // slice roots (given, or built from the chunk leaves) must rebuild the CID's root.
    let expectedLeaves: Uint8Array[] | undefined;
    let sliceRoots: Uint8Array[];
    if (answer.leaves) {
      // The meta node sent every chunk leaf.
      const leaves = answer.leaves.map(fromHex);
      const wrongLeaves = () => new IntegrityError(`the chunk leaves the meta node sent for ${cid} do not rebuild its root`, { cid });
      if (leaves.length !== nChunks) throw wrongLeaves();
      sliceRoots = [];
      for (let i = 0; i < nSlices; i++) sliceRoots.push(merkleRootOfLeaves(leaves.slice(i * SLICE_CHUNKS, (i + 1) * SLICE_CHUNKS)));
      if (!equalBytes(merkleRootOfLeaves(sliceRoots), root)) throw wrongLeaves();
      expectedLeaves = leaves;
    } else {
      // Otherwise all slice roots (GET /v1/files/:cid).
      const rec = record ?? (await this.fileRecord(cid, signal));
      const bySlice = new Map(rec.slices.map((s) => [s.slice_index, s.slice_root]));
      sliceRoots = [];
      for (let i = 0; i < nSlices; i++) {
        const r = bySlice.get(i);
        if (r === undefined) throw new IntegrityError(`the meta node's record of ${cid} lacks slice ${i}`, { cid, sliceIndex: i });
        sliceRoots.push(fromHex(r));
      }
      if (bySlice.size !== nSlices || !equalBytes(merkleRootOfLeaves(sliceRoots), root)) {
        throw new IntegrityError(`the slice roots the meta node sent for ${cid} do not rebuild its root`, { cid });
      }
    }

    const want = new Set<number>();
    for (let i = 0; i < nSlices; i++) if (sliceWindow(i, resolved, sliceRange(size, i).size)) want.add(i);
    const slices = answer.slices.filter((s) => want.has(s.slice_index)).sort((a, b) => a.slice_index - b.slice_index);
    const got = new Set(slices.map((s) => s.slice_index));
    for (const i of want) if (!got.has(i)) throw new MeshRequestError(`the meta node gave no tickets for slice ${i} of ${cid}`, { code: "bad_answer", url });
    for (const s of slices) {
      if (s.slice_size !== sliceRange(size, s.slice_index).size) {
        throw new IntegrityError(`the meta node's size of slice ${s.slice_index} (${s.slice_size}) does not fit the file size ${size}`, { cid, sliceIndex: s.slice_index });
      }
      if (s.slice_root !== toHex(sliceRoots[s.slice_index]!)) {
        throw new IntegrityError(`the meta node's root of slice ${s.slice_index} contradicts the CID`, { cid, sliceIndex: s.slice_index });
      }
      if (s.holders.length === 0) throw new MeshRequestError(`no holder is available for slice ${s.slice_index} of ${cid}`, { code: "no_holders", url });
    }
    const unique = slices.filter((s, k) => k === 0 || slices[k - 1]!.slice_index !== s.slice_index);
    return { cid, root, size, range: resolved, expectedLeaves, sliceRoots, slices: unique, epochHint };
  }

  /** The check of a whole slice: every chunk leaf (when known), else the slice root. */
  private sliceCheck(plan: DownloadPlan, sliceIndex: number): SliceCheck {
    const expectedSize = sliceRange(plan.size, sliceIndex).size;
    return (body) => {
      if (body.length !== expectedSize) return { ok: false, reason: `served ${body.length} bytes, slice has ${expectedSize}` };
      const leaves = fastChunkLeaves(body);
      if (plan.expectedLeaves) {
        const first = sliceIndex * SLICE_CHUNKS;
        for (let k = 0; k < leaves.length; k++) {
          if (!equalBytes(leaves[k]!, plan.expectedLeaves[first + k]!)) return { ok: false, reason: `chunk ${first + k} does not match the CID`, chunkIndex: first + k };
        }
        return { ok: true };
      }
      if (!equalBytes(merkleRootOfLeaves(leaves), plan.sliceRoots[sliceIndex]!)) return { ok: false, reason: `slice ${sliceIndex} does not hash to its root in the CID's tree` };
      return { ok: true };
    };
  }

  /** Fetches one whole slice, trying each holder in turn; the first body that passes `check` wins. */
  private async fetchSlice(
    plan: DownloadPlan,
    slice: DownloadAnswer["slices"][number],
    signal: AbortSignal,
    opts: DownloadOptions,
    check: SliceCheck,
    receipts: Promise<void>[],
  ): Promise<Buffer> {
    const failures: HolderFailure[] = [];
    const fail = (f: HolderFailure) => {
      failures.push(f);
      opts.onHolderFailure?.(f);
    };
    for (const holder of slice.holders) {
      throwIfAborted(signal);
      const url = sliceUrl(holder.url, plan.cid, slice.slice_index);
      let body: Buffer;
      try {
        const res = await rawRequest({
          method: "GET",
          url,
          headers: { "x-stratos-ticket": ticketHeader(holder.ticket) },
          signal,
          idleMs: opts.slowNodeMs ?? DEFAULT_SLOW_NODE_MS,
          maxBytes: slice.slice_size + 1,
        });
        if (res.status !== 200) {
          const err = httpError("GET", url, res.status, res.body);
          fail({ sliceIndex: slice.slice_index, node: holder.node, url, kind: err instanceof MeshRequestError && err.code === "corrupt" ? "bad_bytes" : "http", reason: err.shortMessage });
          continue;
        }
        body = res.body;
      } catch (e) {
        if (e instanceof MeshAbortError) throw e;
        const m = e as MeshRequestError;
        fail({ sliceIndex: slice.slice_index, node: holder.node, url, kind: m.code === "timeout" ? "slow" : m.code === "too_large" ? "bad_bytes" : "network", reason: m.shortMessage ?? String(e) });
        continue;
      }
      const verdict = check(body);
      if (!verdict.ok) {
        fail({ sliceIndex: slice.slice_index, node: holder.node, url, kind: "bad_bytes", reason: verdict.reason });
        continue;
      }
      receipts.push(this.sendReceipt(plan, slice.slice_index, holder, body.length, opts.onReceipt));
      return body;
    }
    const summary = failures.map((f) => `${f.node} (${f.url}): ${f.kind}: ${f.reason}`).join("; ");
    if (failures.some((f) => f.kind === "bad_bytes")) {
      throw new IntegrityError(`no holder served good bytes for slice ${slice.slice_index} of ${plan.cid}`, { cid: plan.cid, sliceIndex: slice.slice_index, details: summary });
    }
    const allNetwork = failures.every((f) => f.kind === "network" || f.kind === "slow");
    throw new MeshRequestError(`every holder of slice ${slice.slice_index} of ${plan.cid} failed`, {
      code: allNetwork ? "holders_unreachable" : "holders_failed",
      url: failures[failures.length - 1]?.url ?? this.options.metaUrl,
      details: summary,
      hints: ["the meta node may know other holders soon (repairs); try again later"],
    });
  }

  /** Signs a receipt for `bytes` served by `holder` and POSTs it to that node (best effort). */
  private async sendReceipt(
    plan: DownloadPlan,
    sliceIndex: number,
    holder: { node: string; url: string; ticket: unknown },
    bytes: number,
    onReceipt: ((r: Envelope<Receipt>) => void) | undefined,
  ): Promise<void> {
    try {
      const env = this.receiptFor({ node: holder.node, cid: plan.cid, sliceIndex, bytes, ticket: holder.ticket, epochHint: await plan.epochHint });
      onReceipt?.(env);
      await rawRequest({
        method: "POST",
        url: `${trimSlashes(holder.url)}/v1/receipts`,
        headers: { "content-type": "application/json" },
        body: Buffer.from(jsonWithBigints({ receipts: [env] })),
        idleMs: 5_000,
        maxBytes: 1 << 20,
      });
    } catch {
      // Best effort: a lost receipt costs the node its traffic reward, not the download.
    }
  }

  /**
   * Signs a `receipt` for bytes a resource node served under a get ticket (what downloads send
   * to each node after each slice).
   *
   * @example
   * const env = mesh.receiptFor({ node: "stsds1...", cid, sliceIndex: 0, bytes: 8388608, ticket: ticketEnvelope, epochHint: "3" });
   */
  receiptFor(r: { node: string; cid: string; sliceIndex: number; bytes: number | bigint; ticket: unknown; epochHint?: string }): Envelope<Receipt> {
    return this.sign<Omit<Receipt, "chain_id" | "nonce" | "expires">>({
      type: "receipt",
      node: r.node,
      cid: r.cid,
      slice_index: String(r.sliceIndex),
      bytes: String(r.bytes),
      ticket_nonce: ticketNonce(r.ticket),
      epoch_hint: r.epochHint ?? "0",
    });
  }

  /**
   * Downloads into a file (written to `<path>.part`, renamed when complete and verified).
   *
   * @example
   * const { bytes } = await mesh.downloadToFile(cid, "./copy.bin", { onProgress: (e) => console.log(e.bytesReceived) });
   */
  async downloadToFile(cid: string, path: string, opts: DownloadOptions = {}): Promise<{ cid: string; bytes: number; path: string }> {
    const part = `${path}.part`;
    const out = createWriteStream(part);
    const outError = new Promise<never>((_, reject) => out.once("error", reject));
    outError.catch(() => {});
    let bytes = 0;
    try {
      for await (const b of this.download(cid, opts)) {
        bytes += b.length;
        if (!out.write(b)) await Promise.race([once(out, "drain"), outError]);
      }
      out.end();
      await Promise.race([once(out, "finish"), outError]);
      await fsp.rename(part, path);
      return { cid, bytes, path };
    } catch (e) {
      out.destroy();
      await fsp.rm(part, { force: true });
      throw e;
    }
  }

  /**
   * Downloads into memory (for small files or ranges).
   *
   * @example
   * const text = new TextDecoder().decode(await mesh.downloadToBuffer(cid));
   */
  async downloadToBuffer(cid: string, opts: DownloadOptions = {}): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const b of this.download(cid, opts)) parts.push(b);
    return new Uint8Array(Buffer.concat(parts));
  }

  // ------------------------------------------------------------------ verify

  /**
   * Checks that a file can be fetched and matches its CID: every chunk, or (with `chunk`) one chunk,
   * by building its Merkle proof from the slice and checking it against the CID's root
   * (`verifyLeafProof`). Mismatches give `ok: false`; holders skipped along the way are listed in
   * `failures`. Network failures throw.
   *
   * @example
   * const all = await mesh.verify(cid);
   * const one = await mesh.verify(cid, { chunk: 7 });
   */
  async verify(cid: string, opts: { chunk?: number; signal?: AbortSignal; slowNodeMs?: number } = {}): Promise<VerifyResult> {
    const failures: HolderFailure[] = [];
    const onHolderFailure = (f: HolderFailure) => failures.push(f);
    try {
      if (opts.chunk === undefined) {
        let size = 0n;
        for await (const b of this.download(cid, { signal: opts.signal, slowNodeMs: opts.slowNodeMs, onHolderFailure })) size += BigInt(b.length);
        return { ok: true, size, chunks: chunkCount(size), failures };
      }
      return await this.verifyChunk(cid, opts.chunk, failures, opts);
    } catch (e) {
      if (e instanceof IntegrityError) return { ok: false, size: 0n, chunks: 0, failures, problem: e.message };
      throw e;
    }
  }

  private async verifyChunk(cid: string, chunk: number, failures: HolderFailure[], opts: { signal?: AbortSignal; slowNodeMs?: number }): Promise<VerifyResult> {
    const rec = await this.fileRecord(cid, opts.signal);
    const nChunks = chunkCount(rec.size);
    if (!Number.isSafeInteger(chunk) || chunk < 0 || chunk >= nChunks) {
      throw new StratosError(`chunk ${chunk} is out of range: ${cid} has ${nChunks} chunks`);
    }
    const start = BigInt(chunk) * BigInt(CHUNK_SIZE);
    const endExcl = start + BigInt(CHUNK_SIZE) < rec.size ? start + BigInt(CHUNK_SIZE) : rec.size;
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const receipts: Promise<void>[] = [];
    try {
      const plan = await this.planDownload(cid, { start, end: endExcl - 1n }, inner.signal, rec);
      const sliceIndex = Math.floor(chunk / SLICE_CHUNKS);
      const slice = plan.slices.find((s) => s.slice_index === sliceIndex);
      if (!slice) throw new MeshRequestError(`the meta node gave no ticket for slice ${sliceIndex}`, { code: "bad_answer", url: this.options.metaUrl });
      const k = chunk - sliceIndex * SLICE_CHUNKS;
      const expectedSize = sliceRange(plan.size, sliceIndex).size;
      // The proof: within the slice (from its leaves), then the slice among the slice roots; with
      // SLICE_CHUNKS a power of two this is exactly the chunk's proof in the file tree.
      const check: SliceCheck = (body) => {
        if (body.length !== expectedSize) return { ok: false, reason: `served ${body.length} bytes, slice has ${expectedSize}` };
        const proof = plan.expectedLeaves
          ? merkleProof(plan.expectedLeaves, chunk)
          : [...merkleProof(fastChunkLeaves(body), k), ...merkleProof(plan.sliceRoots, sliceIndex)];
        const bytes = body.subarray(k * CHUNK_SIZE, (k + 1) * CHUNK_SIZE);
        const leaf = leafHash(bytes);
        if (!verifyLeafProof(plan.root, chunk, nChunks, leaf, proof)) return { ok: false, reason: `chunk ${chunk} fails its Merkle proof`, chunkIndex: chunk };
        chunkProof = { index: chunk, leafCount: nChunks, leaf: toHex(leaf), siblings: proof.map(toHex), root: toHex(plan.root) };
        return { ok: true };
      };
      let chunkProof: ChunkProof | undefined;
      await this.fetchSlice(plan, slice, inner.signal, { ...opts, onHolderFailure: (f) => failures.push(f) }, check, receipts);
      return { ok: true, size: plan.size, chunks: 1, failures, ...(chunkProof ? { chunkProof } : {}) };
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      await Promise.allSettled(receipts);
    }
  }

  // ------------------------------------------------------------------ accounts and records

  /**
   * The wallet's ozone account at the meta node.
   *
   * @example
   * const { balance_noz } = await mesh.ozone();
   */
  async ozone(signal?: AbortSignal): Promise<OzoneBalance> {
    const path = `/v1/ozone/${encodeURIComponent(this.address)}`;
    const a = parseAnswer(OzoneAnswerSchema, await this.api.get(path, { signal }), `GET ${path}`, `${this.options.metaUrl}${path}`);
    return { wallet: a.wallet, balance_noz: a.balance_noz, prepaid_noz: a.prepaid_noz ?? 0n, spent_noz: a.spent_noz ?? 0n };
  }

  /**
   * Where the meta node counted a receipt this wallet signed: its leaf index in the receipts tree
   * of the epoch's volume report and the sibling hashes. Check it with `verifyReceiptInclusion`
   * against the report reference proven on chain (`client.verified.getVolumeReport`), or use
   * `proveReceiptCounted`, which does both. MeshRequestError 409 `not_reported` until the epoch is
   * reported.
   *
   * @example
   * const proof = await mesh.receiptProof(receiptEnvelope);
   */
  async receiptProof(receipt: Envelope<Receipt>, signal?: AbortSignal): Promise<ReceiptInclusionProof & { readonly tx_hash?: string }> {
    const path = `/v1/receipts/proof?wallet=${encodeURIComponent(receipt.signer.address)}&ticket_nonce=${encodeURIComponent(receipt.payload.ticket_nonce)}`;
    const a = parseAnswer(ReceiptProofAnswerSchema, await this.api.get(path, { signal }), `GET ${path}`, `${this.options.metaUrl}${path}`);
    return { epoch: a.epoch, index: a.index, count: a.count, siblings: a.siblings, reference: a.reference, ...(a.tx_hash ? { tx_hash: a.tx_hash } : {}) };
  }

  /**
   * The files the wallet owns, as the meta node knows them.
   *
   * @example
   * for (const f of await mesh.ls()) console.log(f.cid, f.size);
   */
  async ls(signal?: AbortSignal): Promise<MeshFileRecord[]> {
    const path = `/v1/files?owner=${encodeURIComponent(this.address)}`;
    const raw = (await this.api.get<{ files?: unknown[] }>(path, { signal })) ?? {};
    return (raw.files ?? []).map((f) => toRecord(parseAnswer(FileAnswerSchema, f, `GET ${path}`, `${this.options.metaUrl}${path}`)));
  }

  /**
   * A file's record at the meta node (holders per slice) and, with a chain client, on chain.
   *
   * @example
   * const { mesh: rec, chain } = await mesh.info(cid);
   * console.log(rec.size, chain?.height);
   */
  async info(cid: string, signal?: AbortSignal): Promise<FileInfoResult> {
    const rec = toRecord(await this.fileRecord(cid, signal));
    if (!this.options.chain) return { mesh: rec };
    return { mesh: rec, chain: await this.options.chain.sds.fileUpload(cid) };
  }

  private async fileRecord(cid: string, signal?: AbortSignal): Promise<FileAnswer> {
    const path = `/v1/files/${encodeURIComponent(cid)}`;
    return parseAnswer(FileAnswerSchema, await this.api.get(path, { signal }), `GET ${path}`, `${this.options.metaUrl}${path}`);
  }
}

function toRecord(f: FileAnswer): MeshFileRecord {
  return {
    cid: f.cid,
    owner: f.owner,
    size: f.size,
    merkle_root: f.merkle_root,
    chunk_size: f.chunk_size,
    slice_count: f.slice_count,
    replicas: f.replicas,
    height: f.height,
    name: f.name,
    slices: f.slices.map((s) => ({ slice_index: s.slice_index, slice_root: s.slice_root, holders: s.holders.map((h) => ({ node: h.node, healthy: h.healthy })) })),
  };
}

/**
 * @internal The `x-stratos-ticket` header for a ticket (an envelope object, or already base64).
 * @example
 * headers["x-stratos-ticket"] = ticketHeader(holder.ticket);
 */
export function ticketHeader(ticket: unknown): string {
  if (typeof ticket === "string") return ticket;
  return encodeEnvelopeHeader(ticket as Envelope<unknown>);
}

/**
 * @internal The nonce of a ticket's payload ("0"×32 when it cannot be read).
 * @example
 * const ticket_nonce = ticketNonce(holder.ticket);
 */
export function ticketNonce(ticket: unknown): string {
  try {
    const env = typeof ticket === "string" ? decodeEnvelopeHeader(ticket) : (ticket as Envelope<{ nonce?: unknown }>);
    const n = (env.payload as { nonce?: unknown }).nonce;
    if (typeof n === "string" && /^[0-9a-f]{32}$/.test(n)) return n;
  } catch {
    // fall through
  }
  return "0".repeat(32);
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

/** A resource node's URL of slice `sliceIndex` of `cid` (PUT to store, GET to fetch). */
function sliceUrl(nodeUrl: string, cid: string, sliceIndex: number): string {
  return `${trimSlashes(nodeUrl)}/v1/slices/${encodeURIComponent(cid)}/${sliceIndex}`;
}

function isRetryable(e: unknown): boolean {
  if (e instanceof MeshRequestError) {
    if (e.status === undefined) return true;
    return e.status >= 500 || e.status === 408 || e.status === 429;
  }
  return !(e instanceof StratosError);
}

