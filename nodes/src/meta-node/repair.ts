import { newNonce, signAsNode, verifyEnvelope, type GetTicket, type NodeKey, type RepairOrder, type StoredAck } from "@stratos/sdk";
import type { ChainGateway } from "./chain-gateway";
import type { FileRecord, MetaDb, RepairRecord } from "./db";
import { placeSlices } from "./placement";
import { isActiveResourceNode, type NodeRegistry } from "./registry";

/** Sends a repair order to a target node; answers the parsed JSON body (or throws). */
export type RepairTransport = (url: string, order: unknown) => Promise<unknown>;

/** The default transport: `POST <url>/v1/repairs` with the order envelope. */
export const httpRepairTransport: RepairTransport = async (url, order) => {
  const res = await fetch(`${url.replace(/\/$/, "")}/v1/repairs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) throw new Error(`repair order refused: HTTP ${res.status} ${typeof body === "object" && body ? JSON.stringify(body) : String(body)}`);
  return body;
};

/**
 * Keeps `replicas` live copies of every slice: finds slices whose healthy holders are fewer than
 * the file's replicas, orders healthy nodes that do not hold the slice to copy it from a live
 * holder (`repair.order` carrying a get ticket), and on the target's ack records it as a holder
 * and re-records the file on chain (MsgFileUpload with the new holders) once every slice has
 * `replicas` holders the chain accepts (`chain_dirty` marks files waiting for that; it survives a
 * restart).
 */
export class Repairer {
  private busy = false;

  constructor(
    private readonly db: MetaDb,
    private readonly gateway: ChainGateway,
    private readonly registry: NodeRegistry,
    private readonly key: NodeKey,
    private readonly opts: {
      chainId: string;
      ticketLifetimeSeconds: number;
      now: () => number;
      transport?: RepairTransport;
      log?: (msg: string) => void;
    },
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.opts.now() / 1000);
  }

  /** Repairs ordered and not expired, by `cid/slice_index` (one pass over the repairs table). */
  private pendingBySlice(): Map<string, RepairRecord[]> {
    const now = this.nowSeconds();
    const out = new Map<string, RepairRecord[]>();
    for (const { value: r } of this.db.repairs.getRange()) {
      if (r.status !== "ordered" || r.expires < now) continue;
      const key = `${r.cid}/${r.slice_index}`;
      out.set(key, [...(out.get(key) ?? []), r]);
    }
    return out;
  }

  /** One pass over all files; returns the repair orders sent. */
  async runOnce(): Promise<RepairRecord[]> {
    if (this.busy) return [];
    this.busy = true;
    try {
      const sent: RepairRecord[] = [];
      const healthy = this.registry.healthy();
      const healthyAddresses = new Set(healthy.map((n) => n.address));
      const pendingBySlice = this.pendingBySlice();
      for (const f of Array.from(this.db.allFiles())) {
        for (const s of f.slices) {
          const live = s.holders.filter((h) => healthyAddresses.has(h));
          const pending = pendingBySlice.get(`${f.cid}/${s.slice_index}`) ?? [];
          const want = f.replicas - live.length - pending.length;
          if (want <= 0 || live.length === 0) continue;
          const busy = new Set([...s.holders, ...pending.map((p) => p.target)]);
          const candidates = healthy.filter((n) => !busy.has(n.address) && n.free_bytes >= BigInt(s.slice_size));
          const n = Math.min(want, candidates.length);
          if (n === 0) continue;
          const [placement] = placeSlices([s.slice_size], n, candidates.map((c) => ({ address: c.address, freeBytes: c.free_bytes })));
          for (const target of placement?.holders ?? []) {
            const source = live[sent.length % live.length]!;
            const r = await this.order(f, s.slice_index, source, target);
            if (r) sent.push(r);
          }
        }
      }
      for (const f of Array.from(this.db.allFiles())) if (f.chain_dirty) await this.rerecord(f.cid);
      return sent;
    } finally {
      this.busy = false;
    }
  }

  private async order(f: FileRecord, sliceIndex: number, source: string, target: string): Promise<RepairRecord | undefined> {
    const s = f.slices[sliceIndex]!;
    const sourceUrl = this.registry.view(source)?.url;
    const targetUrl = this.registry.view(target)?.url;
    if (!sourceUrl || !targetUrl) return undefined;
    const repairId = newNonce();
    const expires = (this.nowSeconds() + this.opts.ticketLifetimeSeconds).toString();
    const ref = { cid: f.cid, slice_index: String(sliceIndex), slice_root: s.slice_root, slice_size: String(s.slice_size) };
    const ticket = signAsNode<GetTicket>(
      { type: "get.ticket", chain_id: this.opts.chainId, nonce: newNonce(), expires, ...ref, node: source, wallet: this.gateway.ownerAddress, download_id: repairId },
      this.key,
    );
    const order = signAsNode<RepairOrder>(
      { type: "repair.order", chain_id: this.opts.chainId, nonce: newNonce(), expires, ...ref, source, source_url: sourceUrl, target, get_ticket: ticket },
      this.key,
    );
    const rec: RepairRecord = { repair_id: repairId, cid: f.cid, slice_index: sliceIndex, source, target, created_ms: this.opts.now(), expires: Number(expires), status: "ordered" };
    this.db.tx(() => this.db.repairs.putSync(repairId, rec));
    this.opts.log?.(`repair ${repairId}: ${f.cid} slice ${sliceIndex} ${source} -> ${target}`);
    try {
      const body = await (this.opts.transport ?? httpRepairTransport)(targetUrl, order);
      // The target may answer with its stored.ack envelope (as for a PUT).
      const ackEnv = (body as { ack?: unknown } | undefined)?.ack ?? body;
      if (ackEnv && typeof ackEnv === "object" && "payload" in ackEnv) {
        try {
          const ack = verifyEnvelope<StoredAck>(ackEnv, { chainId: this.opts.chainId, nowSeconds: BigInt(this.nowSeconds()), kind: "node", type: "stored.ack", expectedSigner: target });
          await this.onAck(ack);
        } catch (e) {
          this.opts.log?.(`repair ${repairId}: ignoring the answer: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      const failed: RepairRecord = { ...rec, status: "failed", error: (e as Error).message };
      this.db.tx(() => this.db.repairs.putSync(repairId, failed));
      this.opts.log?.(`repair ${repairId} failed: ${failed.error}`);
      return failed;
    }
    return this.db.repairs.get(repairId);
  }

  /**
   * A stored.ack (signature checked by the caller, signer = `ack.node`) that may finish a repair:
   * true when it matched an ordered repair of that slice on that node.
   */
  async onAck(ack: StoredAck): Promise<boolean> {
    const idx = Number(ack.slice_index);
    const repairs = Array.from(this.db.repairs.getRange(), ({ value }) => value).filter((r) => r.cid === ack.cid && r.slice_index === idx && r.target === ack.node);
    const match = repairs.find((r) => r.status === "ordered");
    if (!match) {
      // the same ack again (answer to the order, then the node's own POST): already recorded
      return repairs.some((r) => r.status === "done") && (this.db.getFile(ack.cid)?.slices[idx]?.holders.includes(ack.node) ?? false);
    }
    const f = this.db.getFile(ack.cid);
    const s = f?.slices[idx];
    if (!f || !s || s.slice_root !== ack.slice_root || String(s.slice_size) !== ack.slice_size) return false;
    this.db.tx(() => {
      const cur = this.db.getFile(ack.cid)!;
      const slices = cur.slices.map((sl) => {
        if (sl.slice_index !== idx || sl.holders.includes(ack.node)) return sl;
        const dead = sl.holders.find((h) => !this.registry.isHealthy(h));
        const holders = dead !== undefined ? sl.holders.map((h) => (h === dead ? ack.node : h)) : [...sl.holders, ack.node];
        return { ...sl, holders };
      });
      this.db.putFileInTx({ ...cur, slices, chain_dirty: true });
      this.db.repairs.putSync(match.repair_id, { ...match, status: "done" });
    });
    this.opts.log?.(`repair ${match.repair_id} done: ${ack.cid} slice ${idx} now on ${ack.node}`);
    await this.rerecord(ack.cid);
    return true;
  }

  /**
   * Re-records a file on chain with its current holders (healthy first, then others still active
   * on chain), when every slice has `replicas` of them; otherwise keeps it marked for later.
   */
  async rerecord(cid: string): Promise<boolean> {
    const f = this.db.getFile(cid);
    if (!f) return false;
    const snapshot = JSON.stringify(f.slices.map((s) => s.holders));
    const holders: { sliceIndex: number; sdsAddresses: string[] }[] = [];
    for (const s of f.slices) {
      const ok: string[] = [];
      for (const h of [...s.holders.filter((x) => this.registry.isHealthy(x)), ...s.holders.filter((x) => !this.registry.isHealthy(x))]) {
        if (ok.length >= f.replicas) break;
        let entry;
        try {
          entry = await this.registry.lookup(h);
        } catch {
          return false;
        }
        if (isActiveResourceNode(entry)) ok.push(h);
      }
      if (ok.length < f.replicas) return false;
      holders.push({ sliceIndex: s.slice_index, sdsAddresses: ok });
    }
    try {
      const tx = await this.gateway.fileUpload({
        cid: f.cid,
        uploader: f.owner,
        size: BigInt(f.size),
        merkleRoot: Uint8Array.from(Buffer.from(f.merkle_root, "hex")),
        chunkSize: BigInt(f.chunk_size),
        sliceCount: f.slice_count,
        replicas: f.replicas,
        holders,
      });
      this.db.tx(() => {
        const cur = this.db.getFile(cid)!;
        const { chain_dirty: _dirty, ...rest } = cur;
        const unchanged = JSON.stringify(cur.slices.map((s) => s.holders)) === snapshot;
        this.db.putFileInTx({ ...rest, height: tx.height, tx_hash: tx.txHash, ...(unchanged ? {} : { chain_dirty: true }) });
      });
      this.opts.log?.(`re-recorded ${cid} on chain: ${tx.txHash}`);
      return true;
    } catch (e) {
      this.opts.log?.(`re-recording ${cid} failed: ${(e as Error).message}`);
      return false;
    }
  }
}
