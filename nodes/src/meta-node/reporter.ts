import type { MsgVolumeReport } from "@stratos/proto/gen/ts/stratos/pot/v1/tx";
import {
  msgVolumeReport,
  receiptsReference,
  newNonce,
  signAsNode,
  signVolumeReport,
  volumeReportSignBytes,
  verifyEnvelope,
  type Envelope,
  type NodeKey,
} from "@stratos/sdk";
import type { ChainFollower } from "./chain-follower";
import type { ChainGateway } from "./chain-gateway";
import type { MetaDb, ReportRecord } from "./db";
import { epochOf, epochReportable } from "./epochs";
import { HttpError, badRequest, unauthorized } from "../shared/http-errors";
import type { NodeRegistry } from "./registry";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** The report fields other meta nodes co-sign (numbers as decimal strings). */
export interface CosignReport {
  wallet_volumes: { wallet_address: string; volume: string }[];
  reporter: string;
  reporter_owner: string;
  epoch: string;
  report_reference: string;
}

/** Payload of a `POST /v1/cosign` envelope (signed by the reporting meta node). */
export interface CosignRequest {
  type: "volume.cosign";
  chain_id: string;
  nonce: string;
  expires: string;
  report: CosignReport;
}

/** A co-signer's answer. */
export interface CosignAnswer {
  pubkey: string;
  signature: string;
  tx_data: string;
}

/** The unsigned MsgVolumeReport of a co-sign report. */
export function reportMsg(r: CosignReport): MsgVolumeReport {
  return msgVolumeReport({
    walletVolumes: r.wallet_volumes.map((v) => ({ walletAddress: v.wallet_address, volume: BigInt(v.volume) })),
    reporter: r.reporter,
    epoch: BigInt(r.epoch),
    reportReference: r.report_reference,
    reporterOwner: r.reporter_owner,
  }).value;
}

/** wallet_volumes from per-node bytes and node owners: summed per owner, sorted by address. */
export function walletVolumes(traffic: ReadonlyMap<string, bigint>, ownerOf: (node: string) => string | undefined): { wallet: string; volume: bigint }[] {
  const per = new Map<string, bigint>();
  for (const [node, bytes] of traffic) {
    const owner = ownerOf(node);
    if (!owner || bytes <= 0n) continue;
    per.set(owner, (per.get(owner) ?? 0n) + bytes);
  }
  return [...per.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([wallet, volume]) => ({ wallet, volume }));
}

/** Whether a chain error says the epoch is already distributed or not over (pot code 8). */
function isEpochRefusal(e: unknown): boolean {
  const err = e as { codespace?: string; code?: number };
  return err?.codespace === "pot" && err.code === 8;
}

/**
 * Sends one MsgVolumeReport per ended epoch that had traffic, signed by this meta node and its
 * co-signers. State lives in the `reports` database: `sending` (built, maybe broadcast), `sent`
 * (included; never sent again) and `superseded` (the chain distributed that epoch already, or it
 * had nothing payable: its traffic moved to the epoch now accepting receipts).
 */
export class VolumeReporter {
  private busy = false;

  constructor(
    private readonly db: MetaDb,
    private readonly gateway: ChainGateway,
    private readonly follower: ChainFollower,
    private readonly registry: NodeRegistry,
    private readonly key: NodeKey,
    private readonly opts: {
      chainId: string;
      delayBlocks: number;
      cosigners: readonly { url: string }[];
      now: () => number;
      ticketLifetimeSeconds: number;
      log?: (msg: string) => void;
    },
  ) {}

  /** Reports every reportable epoch, oldest first; stops at the first failure (retried next run). */
  async runOnce(): Promise<ReportRecord[]> {
    if (this.busy) return [];
    this.busy = true;
    try {
      const done: ReportRecord[] = [];
      const L = this.follower.epochLength;
      if (L <= 0) return done;
      for (const epoch of this.db.trafficEpochs()) {
        if (!epochReportable(epoch, this.follower.tip, L, this.opts.delayBlocks)) break;
        const rec = this.db.getReport(epoch);
        if (rec && rec.status !== "sending") continue;
        const r = await this.reportEpoch(epoch, rec);
        if (!r) break;
        done.push(r);
      }
      return done;
    } finally {
      this.busy = false;
    }
  }

  private supersede(epoch: number, reason: string, prev: ReportRecord | undefined): ReportRecord {
    const target = this.follower.acceptingEpoch();
    const rec: ReportRecord = {
      epoch,
      reference: prev?.reference ?? "",
      wallet_volumes: prev?.wallet_volumes ?? [],
      status: "superseded",
      error: `${reason}; traffic moved to epoch ${target}`,
      attempts: prev?.attempts ?? 0,
      updated_ms: this.opts.now(),
    };
    this.db.tx(() => {
      this.db.moveEpochInTx(epoch, target);
      this.db.reports.putSync(epoch, rec);
    });
    this.opts.log?.(`epoch ${epoch}: ${rec.error}`);
    return rec;
  }

  private async reportEpoch(epoch: number, prev: ReportRecord | undefined): Promise<ReportRecord | undefined> {
    if (prev?.status === "sending") {
      const onChain = await this.gateway.reportOf(epoch);
      if (onChain && onChain.reference === prev.reference && onChain.reporter === this.key.address) {
        const rec: ReportRecord = { ...prev, status: "sent", tx_hash: onChain.txHash, updated_ms: this.opts.now() };
        this.db.putReport(rec);
        return rec;
      }
    }
    const last = await this.gateway.lastReport();
    if (last && epoch <= last.epoch) return this.supersede(epoch, `the chain has distributed epoch ${last.epoch} already`, prev);

    const owners = new Map<string, string | undefined>();
    const traffic = this.db.trafficOf(epoch);
    for (const node of traffic.keys()) {
      try {
        owners.set(node, (await this.registry.lookup(node))?.owner);
      } catch {
        return undefined; // chain unreachable: retry later
      }
    }
    const volumes = walletVolumes(traffic, (n) => owners.get(n));
    if (volumes.length === 0) return this.supersede(epoch, "no serving node has an owner on chain", prev);
    const report: CosignReport = {
      wallet_volumes: volumes.map((v) => ({ wallet_address: v.wallet, volume: v.volume.toString() })),
      reporter: this.key.address,
      reporter_owner: this.gateway.ownerAddress,
      epoch: String(epoch),
      // commits to every receipt counted (a Merkle root), so a wallet can prove its receipt is in it
      report_reference: receiptsReference(epoch, this.db.receiptsOf(epoch)),
    };
    const rec: ReportRecord = {
      epoch,
      reference: report.report_reference,
      wallet_volumes: volumes.map((v) => ({ wallet: v.wallet, volume: v.volume.toString() })),
      status: "sending",
      attempts: (prev?.attempts ?? 0) + 1,
      updated_ms: this.opts.now(),
    };
    this.db.putReport(rec);
    try {
      const signed = await this.sign(report);
      const tx = await this.gateway.volumeReport(signed);
      const sent: ReportRecord = { ...rec, status: "sent", tx_hash: tx.txHash, height: tx.height, updated_ms: this.opts.now() };
      this.db.putReport(sent);
      this.opts.log?.(`epoch ${epoch} reported: ${tx.txHash}`);
      return sent;
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      this.db.putReport({ ...rec, error: message, updated_ms: this.opts.now() });
      this.opts.log?.(`epoch ${epoch} report failed${isEpochRefusal(e) ? " (epoch refused)" : ""}: ${message}`);
      return undefined;
    }
  }

  /** Signs the report with this node's key and collects the co-signers' signatures. */
  async sign(report: CosignReport): Promise<MsgVolumeReport> {
    const msg = reportMsg(report);
    const own = signVolumeReport(msg, [this.key]).BLSSignature!;
    const txData = own.txData;
    const pubKeys: Uint8Array[] = [...own.pubKeys];
    const sigs: Uint8Array[] = [own.signature];
    const nowS = BigInt(Math.floor(this.opts.now() / 1000));
    for (const c of this.opts.cosigners) {
      const env = signAsNode<CosignRequest>(
        { type: "volume.cosign", chain_id: this.opts.chainId, nonce: newNonce(), expires: (nowS + BigInt(this.opts.ticketLifetimeSeconds)).toString(), report },
        this.key,
      );
      try {
        const res = await fetch(`${c.url.replace(/\/$/, "")}/v1/cosign`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(env),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json()) as Partial<CosignAnswer> & { message?: string };
        if (!res.ok || typeof body.pubkey !== "string" || typeof body.signature !== "string") throw new Error(body.message ?? `HTTP ${res.status}`);
        if (body.tx_data !== hex(txData)) throw new Error("co-signer signed other tx data");
        pubKeys.push(Uint8Array.from(Buffer.from(body.pubkey, "hex")));
        sigs.push(Uint8Array.from(Buffer.from(body.signature, "hex")));
      } catch (e) {
        this.opts.log?.(`co-signer ${c.url} did not sign epoch ${report.epoch}: ${(e as Error).message}`);
      }
    }
    const signature = new Uint8Array(64 * sigs.length);
    sigs.forEach((s, i) => signature.set(s, 64 * i));
    return { ...msg, BLSSignature: { pubKeys, signature, txData } };
  }
}

/**
 * `POST /v1/cosign`: signs another meta node's report after checking that the request is signed
 * by the reporter, the reporter is an active meta node owned by `reporter_owner`, the epoch has
 * ended and is not distributed yet, the report is well formed, and this node has not co-signed a
 * different report of that reporter for that epoch.
 */
export async function cosign(
  env: unknown,
  ctx: { db: MetaDb; gateway: ChainGateway; follower: ChainFollower; key: NodeKey; chainId: string; nowSeconds: bigint; replayGuard: import("@stratos/sdk").ReplayGuard },
): Promise<CosignAnswer> {
  const p = verifyEnvelope<CosignRequest>(env, { chainId: ctx.chainId, nowSeconds: ctx.nowSeconds, kind: "node", type: "volume.cosign", replayGuard: ctx.replayGuard });
  const signer = (env as Envelope<CosignRequest>).signer.address;
  const r = p.report;
  if (!r || typeof r !== "object" || !Array.isArray(r.wallet_volumes) || typeof r.reporter !== "string" || typeof r.reporter_owner !== "string" || !/^[1-9]\d*$/.test(String(r.epoch)) || typeof r.report_reference !== "string") {
    throw badRequest("report needs wallet_volumes, reporter, reporter_owner, epoch and report_reference");
  }
  if (r.wallet_volumes.length === 0 || r.wallet_volumes.some((v) => typeof v?.wallet_address !== "string" || !/^\d+$/.test(String(v?.volume)))) throw badRequest("bad wallet_volumes");
  if (signer !== r.reporter) throw unauthorized(`co-sign request for ${r.reporter} signed by ${signer}`);
  const meta = await ctx.gateway.metaNode(r.reporter);
  if (!meta || !meta.bonded || meta.suspended) throw unauthorized(`${r.reporter} is not an active meta node`);
  if (meta.owner !== r.reporter_owner) throw unauthorized(`${r.reporter} is owned by ${meta.owner}, not ${r.reporter_owner}`);
  const epoch = Number(r.epoch);
  const L = ctx.follower.epochLength;
  if (L <= 0 || epochOf(ctx.follower.tip, L) <= epoch) throw new HttpError(409, "epoch_not_ended", `epoch ${epoch} has not ended`);
  const last = await ctx.gateway.lastReport();
  if (last && epoch <= last.epoch) throw new HttpError(409, "epoch_distributed", `epoch ${epoch} is distributed already (last ${last.epoch})`);
  const txData = hex(volumeReportSignBytes(reportMsg(r)));
  const prev = ctx.db.cosignedTxData(r.reporter, epoch);
  if (prev !== undefined && prev !== txData) throw new HttpError(409, "conflict", `already co-signed another report of ${r.reporter} for epoch ${epoch}`);
  const signed = signVolumeReport(reportMsg(r), [ctx.key]).BLSSignature!;
  ctx.db.putCosigned(r.reporter, epoch, txData);
  return { pubkey: hex(signed.pubKeys[0]!), signature: hex(signed.signature), tx_data: txData };
}
