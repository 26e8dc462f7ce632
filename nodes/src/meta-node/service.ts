import {
  CHUNK_SIZE,
  ReplayGuard,
  newNonce,
  receiptInclusionProof,
  rootFromCid,
  signAsNode,
  sliceCount,
  sliceRange,
  slicesForRange,
  verifyEnvelope,
  type DownloadRequest,
  type Envelope,
  type GetTicket,
  type Heartbeat,
  type NodeKey,
  type PutTicket,
  type Receipt,
  type ReceiptInclusionProof,
  type StoredAck,
  type UploadComplete,
  type UploadRequest,
} from "@stratos/sdk";
import type { ChainFollower } from "./chain-follower";
import type { ChainGateway } from "./chain-gateway";
import type { MetaNodeConfig } from "./config";
import type { FileRecord, GetTicketRecord, MetaDb, SliceRecord, UploadRecord } from "./db";
import { HttpError, badRequest, errorAnswer, notFound, unauthorized } from "../shared/http-errors";
import { placeSlices } from "./placement";
import { isActiveResourceNode, type NodeRegistry } from "./registry";

const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const fromHex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));

/** A holder and its ticket, as answered to wallets. */
export interface HolderTicket {
  node: string;
  url: string;
  ticket: Envelope<PutTicket> | Envelope<GetTicket>;
}

/** The public part of a file record (numbers as decimal strings). */
export function fileRecordJson(f: FileRecord): Record<string, unknown> {
  return {
    cid: f.cid,
    owner: f.owner,
    ...(f.name !== undefined ? { name: f.name } : {}),
    size: f.size,
    chunk_size: String(f.chunk_size),
    merkle_root: f.merkle_root,
    slice_count: String(f.slice_count),
    replicas: String(f.replicas),
    height: String(f.height),
    tx_hash: f.tx_hash,
  };
}

/**
 * The meta node's request handling, independent of HTTP: every route of PROTOCOL.md section 4
 * is one method; errors are HttpError (code, status, extra body fields).
 */
export class MetaService {
  readonly replayGuard = new ReplayGuard();
  private readonly ackWaiters = new Map<string, Set<() => void>>();
  private readonly completing = new Map<string, Promise<{ cid: string; tx_hash: string; height: string }>>();
  /** Called when a stored.ack matches no upload: repairs claim theirs. */
  repairAckHandler: ((ack: StoredAck) => Promise<boolean>) | undefined;

  constructor(
    readonly cfg: MetaNodeConfig,
    readonly db: MetaDb,
    readonly gateway: ChainGateway,
    readonly key: NodeKey,
    readonly registry: NodeRegistry,
    readonly follower: ChainFollower,
    readonly now: () => number,
  ) {}

  /** Resource nodes whose activation on chain is under way (those done are in the index). */
  private readonly activating = new Set<string>();

  nowSeconds(): bigint {
    return BigInt(Math.floor(this.now() / 1000));
  }

  private expires(): string {
    return (this.nowSeconds() + BigInt(this.cfg.ticketLifetimeSeconds)).toString();
  }

  private base<T extends string>(type: T): { type: T; chain_id: string; nonce: string; expires: string } {
    return { type, chain_id: this.cfg.chainId, nonce: newNonce(), expires: this.expires() };
  }

  private verify<P>(env: unknown, kind: "wallet" | "node", type: string, opts: { expectedSigner?: string; guard?: boolean } = {}): { payload: P; signer: string } {
    const payload = verifyEnvelope<P>(env, {
      chainId: this.cfg.chainId,
      nowSeconds: this.nowSeconds(),
      kind,
      type,
      ...(opts.expectedSigner !== undefined ? { expectedSigner: opts.expectedSigner } : {}),
      ...(opts.guard === false ? {} : { replayGuard: this.replayGuard }),
    });
    return { payload, signer: (env as Envelope<P>).signer.address };
  }

  // ---- status / ozone ----

  status(): Record<string, unknown> {
    return {
      address: this.key.address,
      chain_id: this.cfg.chainId,
      height: String(this.follower.tip),
      epoch: String(this.follower.currentEpoch()),
      cursor: String(this.db.cursor()),
      nodes: this.registry.all().map((n) => ({ address: n.address, url: n.url, healthy: n.healthy, free_bytes: n.free_bytes.toString() })),
    };
  }

  ozone(wallet: string): Record<string, string> {
    if (!/^st1[0-9a-z]{20,90}$/.test(wallet)) throw badRequest(`not a wallet address: ${wallet}`);
    const o = this.db.ozoneOf(wallet);
    return { wallet, balance_noz: o.balance.toString(), prepaid_noz: o.credited.toString(), spent_noz: o.spent.toString() };
  }

  // ---- uploads ----

  upload(env: unknown): Record<string, unknown> {
    const { payload: p, signer: wallet } = this.verify<UploadRequest>(env, "wallet", "upload.request");
    const size = BigInt(p.size);
    if (size <= 0n) throw badRequest("a file of size 0 is refused");
    if (p.chunk_size !== String(CHUNK_SIZE)) throw badRequest(`chunk_size must be ${CHUNK_SIZE}, got ${p.chunk_size}`);
    const count = sliceCount(size);
    if (p.slice_roots.length !== count) throw badRequest(`a file of ${size} bytes has ${count} slices; got ${p.slice_roots.length} slice roots`);
    const merkleRoot = toHex(rootFromCid(p.cid));
    const replicas = Number(p.replicas) === 0 ? this.cfg.replicasDefault : Number(p.replicas);
    if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > 16) throw badRequest(`replicas must be 1..16, got ${p.replicas}`);
    const cost = size * BigInt(replicas);
    const { balance } = this.db.ozoneOf(wallet);
    if (balance < cost) throw ozoneInsufficient(cost, balance);

    const sizes = Array.from({ length: count }, (_, i) => sliceRange(size, i).size);
    const placements = placeSlices(
      sizes,
      replicas,
      this.registry.healthy().map((n) => ({ address: n.address, freeBytes: n.free_bytes })),
    );
    const uploadId = newNonce();
    const record: UploadRecord = {
      upload_id: uploadId,
      cid: p.cid,
      wallet,
      ...(p.name !== undefined ? { name: p.name } : {}),
      size: size.toString(),
      chunk_size: CHUNK_SIZE,
      merkle_root: merkleRoot,
      replicas,
      cost_noz: cost.toString(),
      created_ms: this.now(),
      expires: Number(this.expires()),
      slices: placements.map((pl) => ({ slice_index: pl.slice_index, slice_root: p.slice_roots[pl.slice_index]!, slice_size: sizes[pl.slice_index]!, holders: pl.holders })),
      acks: [],
      status: "open",
    };
    const answer = {
      upload_id: uploadId,
      cost_noz: cost.toString(),
      placements: record.slices.map((s) => ({
        slice_index: String(s.slice_index),
        holders: s.holders.map((node) => ({
          node,
          url: this.registry.view(node)?.url ?? "",
          ticket: this.putTicket(record, s, node),
        })),
      })),
    };
    const r = this.db.createUpload(record);
    if (!r.ok) throw ozoneInsufficient(cost, r.balance);
    return answer;
  }

  private putTicket(u: UploadRecord, s: UploadRecord["slices"][number], node: string): Envelope<PutTicket> {
    return signAsNode<PutTicket>(
      {
        ...this.base("put.ticket"),
        cid: u.cid,
        slice_index: String(s.slice_index),
        slice_root: s.slice_root,
        slice_size: String(s.slice_size),
        node,
        wallet: u.wallet,
        upload_id: u.upload_id,
      },
      this.key,
    );
  }

  uploadStatus(id: string): Record<string, unknown> {
    const u = this.db.getUpload(id);
    if (!u) throw notFound(`no upload ${id}`);
    const { acked, missing } = ackState(u);
    return {
      upload_id: u.upload_id,
      cid: u.cid,
      status: u.status,
      acked: acked.map((a) => ({ slice_index: String(a.slice_index), node: a.node })),
      missing: missing.map((a) => {
        const s = u.slices[a.slice_index]!;
        if (u.status !== "open") return { slice_index: String(a.slice_index), node: a.node };
        return { slice_index: String(a.slice_index), node: a.node, url: this.registry.view(a.node)?.url ?? "", ticket: this.putTicket(u, s, a.node) };
      }),
      ...(u.tx_hash ? { tx_hash: u.tx_hash, height: String(u.height ?? 0) } : {}),
    };
  }

  /** `POST /v1/acks`: a resource node confirms a stored slice. Idempotent. */
  async ack(env: unknown): Promise<{ ok: true }> {
    const { payload: a, signer } = this.verify<StoredAck>(env, "node", "stored.ack", { guard: false });
    if (signer !== a.node) throw unauthorized(`ack for ${a.node} signed by ${signer}`);
    const u = this.db.getUpload(a.upload_id);
    if (!u) {
      if (this.repairAckHandler && (await this.repairAckHandler(a))) return { ok: true };
      throw notFound(`no upload ${a.upload_id} and no repair of ${a.cid} slice ${a.slice_index} on ${a.node}`);
    }
    const idx = Number(a.slice_index);
    const s = u.slices[idx];
    if (u.cid !== a.cid || !s) throw badRequest(`upload ${u.upload_id} has no slice ${a.slice_index} of ${a.cid}`);
    if (!s.holders.includes(a.node)) throw unauthorized(`${a.node} was not placed for slice ${idx} of upload ${u.upload_id}`);
    if (s.slice_root !== a.slice_root || String(s.slice_size) !== a.slice_size) throw new HttpError(422, "hash_mismatch", `ack for slice ${idx} names another root or size`);
    if (this.db.addAck(u.upload_id, idx, a.node)) this.notify(u.upload_id);
    return { ok: true };
  }

  private notify(uploadId: string): void {
    const ws = this.ackWaiters.get(uploadId);
    if (!ws) return;
    for (const w of ws) w();
  }

  private waitForAcks(uploadId: string, timeoutMs: number): Promise<UploadRecord> {
    return new Promise((resolve) => {
      const ws = this.ackWaiters.get(uploadId) ?? new Set<() => void>();
      this.ackWaiters.set(uploadId, ws);
      const done = (): void => {
        clearTimeout(timer);
        ws.delete(check);
        if (ws.size === 0) this.ackWaiters.delete(uploadId);
        resolve(this.db.getUpload(uploadId)!);
      };
      const check = (): void => {
        const u = this.db.getUpload(uploadId);
        if (u && ackState(u).missing.length === 0) done();
      };
      const timer = setTimeout(done, timeoutMs);
      ws.add(check);
      check();
    });
  }

  /**
   * `POST /v1/uploads/:id/complete`: once every placement is acked (waiting up to completeWaitMs),
   * records the file on chain (MsgFileUpload through the owner wallet) and in the index.
   * Idempotent: a completed upload answers its record. The body may carry `acks: [stored.ack
   * envelopes]` the wallet received from the resource nodes.
   */
  async complete(id: string, env: unknown): Promise<{ cid: string; tx_hash: string; height: string }> {
    const u = this.db.getUpload(id);
    if (!u) throw notFound(`no upload ${id}`);
    const { payload: p } = this.verify<UploadComplete>(env, "wallet", "upload.complete", { expectedSigner: u.wallet, guard: false });
    if (p.upload_id !== id || p.cid !== u.cid) throw badRequest(`upload.complete names upload ${p.upload_id} / ${p.cid}, this is ${id} / ${u.cid}`);
    if (u.status === "completed") return { cid: u.cid, tx_hash: u.tx_hash ?? "", height: String(u.height ?? 0) };
    const inFlight = this.completing.get(id);
    if (inFlight) return inFlight;
    this.replayGuard.check(u.wallet, p.nonce, BigInt(p.expires), this.nowSeconds());
    const extra = (env as { acks?: unknown }).acks;
    if (Array.isArray(extra)) {
      for (const a of extra.slice(0, 10_000)) {
        try {
          await this.ack(a);
        } catch {
          // a bad forwarded ack does not fail the completion; missing ones are reported below
        }
      }
    }
    const job = (async () => {
      const current = await this.waitForAcks(id, this.cfg.completeWaitMs);
      const { missing } = ackState(current);
      if (missing.length > 0) {
        throw new HttpError(409, "incomplete", `${missing.length} placement(s) not acked yet`, {
          missing: missing.map((m) => ({ slice_index: String(m.slice_index), node: m.node })),
        });
      }
      let tx;
      try {
        tx = await this.gateway.fileUpload({
          cid: current.cid,
          uploader: current.wallet,
          size: BigInt(current.size),
          merkleRoot: fromHex(current.merkle_root),
          chunkSize: BigInt(current.chunk_size),
          sliceCount: current.slices.length,
          replicas: current.replicas,
          holders: current.slices.map((s) => ({ sliceIndex: s.slice_index, sdsAddresses: [...s.holders] })),
        });
      } catch (e) {
        throw new HttpError(502, "chain_error", `MsgFileUpload failed: ${(e as Error).message ?? String(e)}`);
      }
      this.db.tx(() => {
        const old = this.db.getFile(current.cid);
        this.db.putFileInTx({
          cid: current.cid,
          owner: old?.owner ?? current.wallet,
          ...(current.name !== undefined ? { name: current.name } : old?.name !== undefined ? { name: old.name } : {}),
          size: current.size,
          chunk_size: current.chunk_size,
          merkle_root: current.merkle_root,
          slice_count: current.slices.length,
          replicas: current.replicas,
          height: tx.height,
          tx_hash: tx.txHash,
          slices: current.slices.map((s) => ({ slice_index: s.slice_index, slice_root: s.slice_root, slice_size: s.slice_size, holders: [...s.holders] })),
        });
        this.db.uploads.putSync(id, { ...current, status: "completed", tx_hash: tx.txHash, height: tx.height });
      });
      return { cid: current.cid, tx_hash: tx.txHash, height: String(tx.height) };
    })();
    this.completing.set(id, job);
    try {
      return await job;
    } finally {
      this.completing.delete(id);
    }
  }

  // ---- downloads and receipts ----

  download(env: unknown): Record<string, unknown> {
    const { payload: p, signer: wallet } = this.verify<DownloadRequest>(env, "wallet", "download.request");
    const f = this.db.getFile(p.cid);
    if (!f) throw notFound(`no file ${p.cid}`);
    const size = BigInt(f.size);
    const start = p.range ? BigInt(p.range.start) : 0n;
    const end = p.range ? BigInt(p.range.end) : size - 1n;
    const indices = slicesForRange(size, start, end);
    const bytes = end - start + 1n;
    if (this.cfg.requireOzoneForDownloads) {
      const { balance } = this.db.ozoneOf(wallet);
      if (balance < bytes) throw ozoneInsufficient(bytes, balance);
    }
    const downloadId = newNonce();
    const tickets: GetTicketRecord[] = [];
    const slices = indices.map((i) => {
      const s = f.slices[i];
      if (!s) throw new HttpError(500, "internal", `record of ${f.cid} lacks slice ${i}`);
      const holders = this.orderHolders(s).map(({ node, url }) => {
        const ticket = signAsNode<GetTicket>(
          {
            ...this.base("get.ticket"),
            cid: f.cid,
            slice_index: String(i),
            slice_root: s.slice_root,
            slice_size: String(s.slice_size),
            node,
            wallet,
            download_id: downloadId,
          },
          this.key,
        );
        tickets.push({ nonce: ticket.payload.nonce, wallet, node, cid: f.cid, slice_index: i, slice_size: s.slice_size, download_id: downloadId, expires: Number(ticket.payload.expires) });
        return { node, url, ticket };
      });
      if (holders.length === 0) throw new HttpError(503, "unavailable", `no reachable holder of slice ${i} of ${f.cid}`);
      return { slice_index: String(i), slice_root: s.slice_root, slice_size: String(s.slice_size), holders };
    });
    this.db.tx(() => this.db.putTicketsInTx(tickets));
    return { download_id: downloadId, cid: f.cid, size: f.size, chunk_size: String(f.chunk_size), merkle_root: f.merkle_root, slices };
  }

  /** Holders of a slice with a known URL, healthy ones first (record order otherwise). */
  orderHolders(s: SliceRecord): { node: string; url: string; healthy: boolean }[] {
    const out = s.holders.flatMap((node) => {
      const v = this.registry.view(node);
      return v?.url ? [{ node, url: v.url, healthy: v.healthy }] : [];
    });
    return [...out.filter((h) => h.healthy), ...out.filter((h) => !h.healthy)];
  }

  /** `POST /v1/receipts`: counts each valid receipt once. */
  receipts(body: unknown): { accepted: number; rejected: { index: number; reason: string; message: string }[] } {
    const list = (body as { receipts?: unknown } | null)?.receipts;
    if (!Array.isArray(list)) throw badRequest("body must be { receipts: [receipt envelope...] }");
    if (list.length > 10_000) throw new HttpError(413, "too_large", "at most 10000 receipts per request");
    let accepted = 0;
    const rejected: { index: number; reason: string; message: string }[] = [];
    list.forEach((env, index) => {
      try {
        this.receipt(env);
        accepted++;
      } catch (e) {
        const { body } = errorAnswer(e);
        // an unexpected error keeps its message here: the resource node logs the rejections
        rejected.push({ index, reason: body.code, message: body.code === "internal" ? String((e as Error | undefined)?.message ?? e) : body.message });
      }
    });
    return { accepted, rejected };
  }

  private receipt(env: unknown): void {
    const { payload: r, signer: wallet } = this.verify<Receipt>(env, "wallet", "receipt", { guard: false });
    const t = this.db.getTicket(r.ticket_nonce);
    if (!t) throw new HttpError(404, "unknown_ticket", `no get ticket ${r.ticket_nonce} was issued`);
    if (t.wallet !== wallet) throw new HttpError(403, "unauthorized", `ticket ${r.ticket_nonce} was issued to ${t.wallet}, not ${wallet}`);
    if (t.node !== r.node) throw new HttpError(403, "unauthorized", `ticket ${r.ticket_nonce} is for node ${t.node}, not ${r.node}`);
    if (t.cid !== r.cid || String(t.slice_index) !== r.slice_index) throw badRequest(`ticket ${r.ticket_nonce} is for ${t.cid} slice ${t.slice_index}`);
    const bytes = BigInt(r.bytes);
    if (bytes <= 0n || bytes > BigInt(t.slice_size)) throw badRequest(`bytes ${r.bytes} not in 1..${t.slice_size} (the slice size)`);
    const epoch = this.follower.acceptingEpoch();
    const ok = this.db.acceptReceipt(
      { wallet, ticket_nonce: r.ticket_nonce, node: r.node, bytes: bytes.toString(), epoch, accepted_ms: this.now() },
      env,
    );
    if (!ok) throw new HttpError(409, "duplicate", `receipt for ticket ${r.ticket_nonce} of ${wallet} already counted`);
  }

  /**
   * `GET /v1/receipts/proof?wallet=&ticket_nonce=`: where a counted receipt sits in the receipts
   * tree its epoch's volume report commits to (404 unknown receipt; 409 not reported yet).
   */
  receiptProof(wallet: unknown, ticketNonce: unknown): ReceiptInclusionProof & { receipt: unknown; tx_hash?: string } {
    if (typeof wallet !== "string" || !/^st1[0-9a-z]{20,90}$/.test(wallet)) throw badRequest("wallet must be an st1... address");
    if (typeof ticketNonce !== "string" || !/^[0-9a-f]{32}$/.test(ticketNonce)) throw badRequest("ticket_nonce must be 32 lowercase hex digits");
    const rec = this.db.getReceipt(wallet, ticketNonce);
    if (!rec) throw notFound(`no receipt of ${wallet} for ticket ${ticketNonce} was counted here`);
    const report = this.db.getReport(rec.epoch);
    if (!report || report.status !== "sent") {
      throw new HttpError(409, "not_reported", `the receipt is counted in epoch ${rec.epoch}, whose volume report is ${report ? report.status : "not built yet"}`);
    }
    const entries = this.db.receiptEntriesOf(rec.epoch);
    const index = entries.findIndex((e) => e.wallet === wallet && e.ticket_nonce === ticketNonce);
    if (index < 0) throw new HttpError(500, "internal", `receipt of ${wallet}/${ticketNonce} missing from epoch ${rec.epoch}`);
    const receipts = entries.map((e) => e.envelope);
    const proof = receiptInclusionProof(rec.epoch, receipts, index);
    if (proof.reference !== report.reference) {
      throw new HttpError(500, "internal", `epoch ${rec.epoch}'s receipts no longer match its report reference`);
    }
    return { ...proof, receipt: receipts[index], ...(report.tx_hash ? { tx_hash: report.tx_hash } : {}) };
  }

  // ---- heartbeats ----

  async heartbeat(env: unknown): Promise<{ ok: true }> {
    const { payload: h, signer } = this.verify<Heartbeat>(env, "node", "heartbeat");
    if (signer !== h.node) throw unauthorized(`heartbeat for ${h.node} signed by ${signer}`);
    const cached = this.registry.cached(h.node);
    let entry;
    try {
      entry = await this.registry.lookup(h.node, !isActiveResourceNode(cached ?? null));
    } catch (e) {
      throw new HttpError(503, "chain_unavailable", `cannot check ${h.node} in the chain registry: ${(e as Error).message}`);
    }
    // A newly registered node (bonded, suspended, no effective deposit yet): this meta node vouches
    // for its whole deposit on chain, once (remembered in the index: a node suspended later by
    // slashing looks the same and is not activated again), then takes its heartbeats like any other.
    if (
      this.cfg.activateNewNodes &&
      entry &&
      entry.bonded &&
      entry.suspended &&
      entry.effectiveTokens === 0n &&
      (entry.tokens ?? 0n) > 0n &&
      !this.activating.has(h.node) &&
      !this.db.wasActivated(h.node)
    ) {
      this.activating.add(h.node);
      try {
        await this.gateway.activateResourceNode(h.node, entry.tokens!);
        this.db.markActivated(h.node);
        entry = await this.registry.lookup(h.node, true);
      } catch (e) {
        throw new HttpError(503, "chain_unavailable", `cannot activate ${h.node} on chain: ${(e as Error).message}`);
      } finally {
        this.activating.delete(h.node);
      }
    }
    if (!isActiveResourceNode(entry)) {
      throw unauthorized(`${h.node} is not a registered, bonded, unsuspended resource node`);
    }
    this.registry.heartbeat({ address: h.node, url: h.url.replace(/\/$/, ""), capacity_bytes: h.capacity_bytes, used_bytes: h.used_bytes, slices: Number(h.slices) });
    // Slices the node lost to corruption: it no longer holds them, so repair brings the slice back
    // to `replicas` live copies from the others (and re-records the holders on chain).
    if (h.lost && h.lost.length > 0) this.db.dropHolder(h.node, h.lost.map((l) => ({ cid: l.cid, slice_index: Number(l.slice_index) })));
    return { ok: true };
  }

  // ---- files ----

  file(cid: string): Record<string, unknown> {
    const f = this.db.getFile(cid);
    if (!f) throw notFound(`no file ${cid}`);
    return {
      ...fileRecordJson(f),
      slices: f.slices.map((s) => ({
        slice_index: String(s.slice_index),
        slice_root: s.slice_root,
        slice_size: String(s.slice_size),
        holders: s.holders.map((node) => ({ node, healthy: this.registry.isHealthy(node) })),
      })),
    };
  }

  files(owner: string | undefined): { files: Record<string, unknown>[] } {
    if (!owner) throw badRequest("query parameter owner is required");
    return { files: this.db.filesByOwner(owner).map(fileRecordJson) };
  }
}

/** The acked and missing (slice, node) placements of an upload. */
export function ackState(u: UploadRecord): { acked: { slice_index: number; node: string }[]; missing: { slice_index: number; node: string }[] } {
  const acked: { slice_index: number; node: string }[] = [];
  const missing: { slice_index: number; node: string }[] = [];
  const set = new Set(u.acks);
  for (const s of u.slices) for (const node of s.holders) (set.has(`${s.slice_index}:${node}`) ? acked : missing).push({ slice_index: s.slice_index, node });
  return { acked, missing };
}

/** 402 with need and balance. */
export function ozoneInsufficient(need: bigint, balance: bigint): HttpError {
  return new HttpError(402, "ozone_insufficient", `need ${need} noz, balance is ${balance} noz`, { need_noz: need.toString(), balance_noz: balance.toString() });
}
