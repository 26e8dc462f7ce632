import { mkdirSync } from "node:fs";
import path from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";

/**
 * The meta node's index: one LMDB environment (`<dataDir>/index`) with named databases. Values are
 * JSON; bigints are decimal strings. Every multi-key change runs in one synchronous LMDB
 * transaction, so a crash leaves either all of it or none.
 */

/** One slice of a recorded file. */
export interface SliceRecord {
  slice_index: number;
  slice_root: string;
  slice_size: number;
  holders: string[];
}

/** A file recorded on chain through this meta node. */
export interface FileRecord {
  cid: string;
  owner: string;
  name?: string;
  size: string;
  chunk_size: number;
  merkle_root: string;
  slice_count: number;
  replicas: number;
  height: number;
  tx_hash: string;
  slices: SliceRecord[];
  /** Holders changed locally (repair) and are not yet re-recorded on chain. */
  chain_dirty?: boolean;
}

/** An upload in progress (or completed). */
export interface UploadRecord {
  upload_id: string;
  cid: string;
  wallet: string;
  name?: string;
  size: string;
  chunk_size: number;
  merkle_root: string;
  replicas: number;
  cost_noz: string;
  created_ms: number;
  expires: number;
  slices: { slice_index: number; slice_root: string; slice_size: number; holders: string[] }[];
  /** `${slice_index}:${node}` of every ack received. */
  acks: string[];
  status: "open" | "completed";
  tx_hash?: string;
  height?: number;
}

/** Ozone of one wallet, noz as decimal strings. */
export interface OzoneRecord {
  credited: string;
  spent: string;
}

/** A get ticket this node issued (receipts are checked against it). */
export interface GetTicketRecord {
  nonce: string;
  wallet: string;
  node: string;
  cid: string;
  slice_index: number;
  slice_size: number;
  download_id: string;
  expires: number;
}

/** One accepted receipt. */
export interface ReceiptRecord {
  wallet: string;
  ticket_nonce: string;
  node: string;
  bytes: string;
  epoch: number;
  accepted_ms: number;
}

/** A resource node known from its heartbeats. */
export interface NodeRecord {
  address: string;
  url: string;
  capacity_bytes: string;
  used_bytes: string;
  slices: number;
  last_heartbeat_ms: number;
}

/** A volume report this node built (and sent). */
export interface ReportRecord {
  epoch: number;
  reference: string;
  wallet_volumes: { wallet: string; volume: string }[];
  status: "sending" | "sent" | "superseded";
  tx_hash?: string;
  height?: number;
  error?: string;
  attempts: number;
  updated_ms: number;
}

/** A repair in progress. */
export interface RepairRecord {
  repair_id: string;
  cid: string;
  slice_index: number;
  source: string;
  target: string;
  created_ms: number;
  expires: number;
  status: "ordered" | "done" | "failed";
  error?: string;
}

const add = (a: string, b: bigint): string => (BigInt(a) + b).toString();

export class MetaDb {
  readonly root: RootDatabase;
  private readonly meta: Database<unknown, string>;
  readonly files: Database<FileRecord, string>;
  private readonly owners: Database<true, [string, string]>;
  readonly uploads: Database<UploadRecord, string>;
  private readonly ozone: Database<OzoneRecord, string>;
  readonly tickets: Database<GetTicketRecord, string>;
  private readonly receipts: Database<ReceiptRecord, [string, string]>;
  /** [epoch, node] -> bytes */
  private readonly traffic: Database<string, [number, string]>;
  /** [epoch, wallet, ticket_nonce] -> the receipt envelope */
  private readonly epochReceipts: Database<unknown, [number, string, string]>;
  readonly reports: Database<ReportRecord, number>;
  readonly nodes: Database<NodeRecord, string>;
  readonly repairs: Database<RepairRecord, string>;
  /** [reporter, epoch] -> txData hex this node co-signed */
  private readonly cosigned: Database<string, [string, number]>;

  private constructor(root: RootDatabase) {
    this.root = root;
    const j = { encoding: "json" as const };
    this.meta = root.openDB({ name: "meta", ...j });
    this.files = root.openDB({ name: "files", ...j });
    this.owners = root.openDB({ name: "owners", ...j });
    this.uploads = root.openDB({ name: "uploads", ...j });
    this.ozone = root.openDB({ name: "ozone", ...j });
    this.tickets = root.openDB({ name: "tickets", ...j });
    this.receipts = root.openDB({ name: "receipts", ...j });
    this.traffic = root.openDB({ name: "traffic", ...j });
    this.epochReceipts = root.openDB({ name: "epoch_receipts", ...j });
    this.reports = root.openDB({ name: "reports", ...j });
    this.nodes = root.openDB({ name: "nodes", ...j });
    this.repairs = root.openDB({ name: "repairs", ...j });
    this.cosigned = root.openDB({ name: "cosigned", ...j });
  }

  /** Opens (or creates) the index under `dataDir`. */
  static open(dataDir: string): MetaDb {
    const dir = path.join(dataDir, "index");
    mkdirSync(dir, { recursive: true });
    return new MetaDb(open({ path: dir, maxDbs: 32 }));
  }

  close(): Promise<void> {
    return this.root.close();
  }

  /** Runs `fn` in one synchronous write transaction. */
  tx<T>(fn: () => T): T {
    return this.root.transactionSync(fn);
  }

  // ---- chain cursor ----

  /** The last block height whose events are applied (0 = none). */
  cursor(): number {
    return (this.meta.get("cursor") as number | undefined) ?? 0;
  }

  /**
   * Applies the prepay credits of block `height` and moves the cursor there, atomically. A height
   * at or below the cursor is ignored (already applied).
   */
  applyBlock(height: number, credits: readonly { wallet: string; noz: bigint }[]): boolean {
    return this.tx(() => {
      if (height <= this.cursor()) return false;
      for (const c of credits) this.creditInTx(c.wallet, c.noz);
      this.meta.putSync("cursor", height);
      return true;
    });
  }

  setCursor(height: number): void {
    this.tx(() => this.meta.putSync("cursor", height));
  }

  // ---- ozone ----

  ozoneOf(wallet: string): { credited: bigint; spent: bigint; balance: bigint } {
    const r = this.ozone.get(wallet);
    const credited = BigInt(r?.credited ?? "0");
    const spent = BigInt(r?.spent ?? "0");
    return { credited, spent, balance: credited - spent };
  }

  private creditInTx(wallet: string, noz: bigint): void {
    const r = this.ozone.get(wallet) ?? { credited: "0", spent: "0" };
    this.ozone.putSync(wallet, { credited: add(r.credited, noz), spent: r.spent });
  }

  /** Adds `noz` to the wallet's credited ozone (own transaction). */
  credit(wallet: string, noz: bigint): void {
    this.tx(() => this.creditInTx(wallet, noz));
  }

  /** Inside a transaction: adds to the wallet's spent ozone. */
  debitInTx(wallet: string, noz: bigint): void {
    const r = this.ozone.get(wallet) ?? { credited: "0", spent: "0" };
    this.ozone.putSync(wallet, { credited: r.credited, spent: add(r.spent, noz) });
  }

  // ---- files ----

  getFile(cid: string): FileRecord | undefined {
    return this.files.get(cid);
  }

  putFileInTx(f: FileRecord): void {
    const old = this.files.get(f.cid);
    if (old && old.owner !== f.owner) this.owners.removeSync([old.owner, f.cid]);
    this.files.putSync(f.cid, f);
    this.owners.putSync([f.owner, f.cid], true);
  }

  putFile(f: FileRecord): void {
    this.tx(() => this.putFileInTx(f));
  }

  filesByOwner(owner: string): FileRecord[] {
    const out: FileRecord[] = [];
    for (const { key } of this.owners.getRange({ start: [owner] })) {
      if (key[0] !== owner) break;
      const f = this.files.get(key[1]);
      if (f) out.push(f);
    }
    return out;
  }

  *allFiles(): Iterable<FileRecord> {
    for (const { value } of this.files.getRange()) yield value;
  }

  // ---- uploads ----

  getUpload(id: string): UploadRecord | undefined {
    return this.uploads.get(id);
  }

  /**
   * Stores a new upload and debits its cost, if the wallet's balance still covers it; returns the
   * balance it saw when it does not (nothing written).
   */
  createUpload(u: UploadRecord): { ok: true } | { ok: false; balance: bigint } {
    return this.tx(() => {
      const { balance } = this.ozoneOf(u.wallet);
      const cost = BigInt(u.cost_noz);
      if (balance < cost) return { ok: false as const, balance };
      this.debitInTx(u.wallet, cost);
      this.uploads.putSync(u.upload_id, u);
      return { ok: true as const };
    });
  }

  /** Records an ack; false when already recorded. */
  addAck(uploadId: string, sliceIndex: number, node: string): boolean {
    return this.tx(() => {
      const u = this.uploads.get(uploadId);
      if (!u) return false;
      const k = `${sliceIndex}:${node}`;
      if (u.acks.includes(k)) return false;
      this.uploads.putSync(uploadId, { ...u, acks: [...u.acks, k] });
      return true;
    });
  }

  // ---- get tickets and receipts ----

  putTicketsInTx(ts: readonly GetTicketRecord[]): void {
    for (const t of ts) this.tickets.putSync(t.nonce, t);
  }

  getTicket(nonce: string): GetTicketRecord | undefined {
    return this.tickets.get(nonce);
  }

  receiptSeen(wallet: string, ticketNonce: string): boolean {
    return this.receipts.doesExist([wallet, ticketNonce]);
  }

  /**
   * Counts one receipt: marks (wallet, ticket_nonce) seen, debits the wallet, adds the bytes to the
   * node's traffic in `epoch` and keeps the envelope for the epoch's report reference. False (and
   * nothing written) when it was already counted.
   */
  acceptReceipt(r: ReceiptRecord, envelope: unknown): boolean {
    return this.tx(() => {
      if (this.receipts.doesExist([r.wallet, r.ticket_nonce])) return false;
      this.receipts.putSync([r.wallet, r.ticket_nonce], r);
      this.debitInTx(r.wallet, BigInt(r.bytes));
      const cur = this.traffic.get([r.epoch, r.node]) ?? "0";
      this.traffic.putSync([r.epoch, r.node], add(cur, BigInt(r.bytes)));
      this.epochReceipts.putSync([r.epoch, r.wallet, r.ticket_nonce], envelope);
      return true;
    });
  }

  /** Bytes served per node in `epoch`. */
  trafficOf(epoch: number): Map<string, bigint> {
    const m = new Map<string, bigint>();
    for (const { key, value } of this.traffic.getRange({ start: [epoch], end: [epoch + 1] })) m.set(key[1], BigInt(value));
    return m;
  }

  /** Epochs that have traffic, ascending. */
  trafficEpochs(): number[] {
    const out: number[] = [];
    let next: number | undefined;
    for (;;) {
      const it = this.traffic.getRange(next === undefined ? { limit: 1 } : { start: [next], limit: 1 });
      const first = Array.from(it)[0];
      if (!first) break;
      const e = first.key[0];
      out.push(e);
      next = e + 1;
    }
    return out;
  }

  /** The receipt envelopes counted in `epoch`, ordered by (wallet, ticket_nonce). */
  receiptsOf(epoch: number): unknown[] {
    return this.receiptEntriesOf(epoch).map((e) => e.envelope);
  }

  /** The receipts counted in `epoch` with their (wallet, ticket_nonce), in {@link receiptsOf}'s order. */
  receiptEntriesOf(epoch: number): { wallet: string; ticket_nonce: string; envelope: unknown }[] {
    return Array.from(this.epochReceipts.getRange({ start: [epoch], end: [epoch + 1] }), ({ key, value }) => ({ wallet: key[1], ticket_nonce: key[2], envelope: value }));
  }

  /** The counted receipt of (wallet, ticket nonce), with the epoch it is counted in. */
  getReceipt(wallet: string, ticketNonce: string): ReceiptRecord | undefined {
    return this.receipts.get([wallet, ticketNonce]);
  }

  /** Moves the traffic and receipts of epoch `from` into epoch `to` (a report that lost its epoch). */
  moveEpochInTx(from: number, to: number): void {
    for (const { key, value } of Array.from(this.traffic.getRange({ start: [from], end: [from + 1] }))) {
      const cur = this.traffic.get([to, key[1]]) ?? "0";
      this.traffic.putSync([to, key[1]], add(cur, BigInt(value)));
      this.traffic.removeSync(key);
    }
    for (const { key, value } of Array.from(this.epochReceipts.getRange({ start: [from], end: [from + 1] }))) {
      this.epochReceipts.putSync([to, key[1], key[2]], value);
      this.epochReceipts.removeSync(key);
      const rec = this.receipts.get([key[1], key[2]]);
      if (rec) this.receipts.putSync([key[1], key[2]], { ...rec, epoch: to });
    }
  }

  // ---- reports ----

  getReport(epoch: number): ReportRecord | undefined {
    return this.reports.get(epoch);
  }

  putReport(r: ReportRecord): void {
    this.tx(() => this.reports.putSync(r.epoch, r));
  }

  allReports(): ReportRecord[] {
    return Array.from(this.reports.getRange(), ({ value }) => value);
  }

  // ---- nodes ----

  putNode(n: NodeRecord): void {
    this.tx(() => this.nodes.putSync(n.address, n));
  }

  getNode(address: string): NodeRecord | undefined {
    return this.nodes.get(address);
  }

  allNodes(): NodeRecord[] {
    return Array.from(this.nodes.getRange(), ({ value }) => value);
  }

  /**
   * Drops `node` from the holders of the given slices (slices it reported lost), in one
   * transaction; answers how many slices changed. The repairer then brings each back to
   * `replicas` live copies and re-records the holders on chain.
   */
  dropHolder(node: string, slices: readonly { cid: string; slice_index: number }[]): number {
    return this.tx(() => {
      let changed = 0;
      for (const l of slices) {
        const f = this.files.get(l.cid);
        const slice = f?.slices.find((s) => s.slice_index === l.slice_index);
        if (!f || !slice || !slice.holders.includes(node)) continue;
        slice.holders = slice.holders.filter((n) => n !== node);
        this.putFileInTx(f);
        changed++;
      }
      return changed;
    });
  }

  /** Whether this meta node has activated resource node `address` on chain (it does so once). */
  wasActivated(address: string): boolean {
    return this.meta.get(`activated/${address}`) === true;
  }

  markActivated(address: string): void {
    this.tx(() => this.meta.putSync(`activated/${address}`, true));
  }

  // ---- co-signing ----

  cosignedTxData(reporter: string, epoch: number): string | undefined {
    return this.cosigned.get([reporter, epoch]);
  }

  putCosigned(reporter: string, epoch: number, txDataHex: string): void {
    this.tx(() => this.cosigned.putSync([reporter, epoch], txDataHex));
  }

  // ---- housekeeping ----

  /** Deletes get tickets that expired more than `graceSeconds` ago. */
  pruneTickets(nowSeconds: number, graceSeconds: number): number {
    return this.tx(() => {
      let n = 0;
      for (const { key, value } of Array.from(this.tickets.getRange())) {
        if (value.expires + graceSeconds < nowSeconds) {
          this.tickets.removeSync(key);
          n++;
        }
      }
      return n;
    });
  }
}
