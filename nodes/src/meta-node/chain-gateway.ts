import { stratos } from "@stratos/proto";
import type { MsgVolumeReport } from "@stratos/proto/gen/ts/stratos/pot/v1/tx";
import { StratosClient, msgVolumeReport, walletFromMnemonic } from "@stratos/sdk";

/** A node of the chain's register module, as the meta node needs it. */
export interface RegistryEntry {
  address: string;
  /** `st` owner wallet (volume reports pay it). */
  owner: string;
  /** Bonded (status BOND_STATUS_BONDED). */
  bonded: boolean;
  suspended: boolean;
  /** Deposit and effective deposit in wei (resource nodes; absent when unknown). */
  tokens?: bigint;
  effectiveTokens?: bigint;
}

/** One event of a block; attribute values as the chain wrote them (typed events: JSON-encoded). */
export interface ChainEvent {
  type: string;
  attributes: Record<string, string>;
}

/** A file record / storage deal to send as MsgFileUpload. */
export interface FileUploadRequest {
  cid: string;
  uploader: string;
  size: bigint;
  merkleRoot: Uint8Array;
  chunkSize: bigint;
  sliceCount: number;
  replicas: number;
  holders: { sliceIndex: number; sdsAddresses: string[] }[];
}

/** A volume report as the chain records it. */
export interface ChainReport {
  epoch: number;
  reference: string;
  txHash: string;
  reporter: string;
}

/** An included transaction. */
export interface TxRef {
  txHash: string;
  height: number;
}

/**
 * Everything the meta node needs from the chain; implemented by {@link RpcChainGateway} (the SDK's
 * StratosClient plus CometBFT RPC) and by an in-memory double in tests.
 */
export interface ChainGateway {
  /** `st` address of the owner wallet (signs MsgFileUpload and MsgVolumeReport). */
  readonly ownerAddress: string;
  height(): Promise<number>;
  /** pot param `epoch_length`. */
  epochLength(): Promise<number>;
  resourceNode(address: string): Promise<RegistryEntry | null>;
  metaNode(address: string): Promise<RegistryEntry | null>;
  /** The last epoch with a volume report on chain (0 = none), and that report. */
  lastReport(): Promise<ChainReport | null>;
  /** The volume report recorded for `epoch`, or null. */
  reportOf(epoch: number): Promise<ChainReport | null>;
  /** Events of the successful transactions of block `height` and of the block itself. */
  blockEvents(height: number): Promise<ChainEvent[]>;
  fileUpload(req: FileUploadRequest): Promise<TxRef>;
  /** Sends a complete, signed MsgVolumeReport (its `reporterOwner` must be `ownerAddress`). */
  volumeReport(msg: MsgVolumeReport): Promise<TxRef>;
  /**
   * Activates a registered, bonded, suspended resource node by setting its effective deposit
   * (MsgUpdateEffectiveDeposit with this meta node as the reporter, signed by the owner wallet).
   */
  activateResourceNode(address: string, effectiveTokens: bigint): Promise<TxRef>;
  close(): void;
}

const BONDED = 3;

/** Decodes an attribute value: JSON-encoded strings are unwrapped, anything else kept as is. */
export function decodeAttributeValue(v: string): string {
  try {
    const p: unknown = JSON.parse(v);
    if (typeof p === "string") return p;
    if (typeof p === "number" || typeof p === "bigint") return String(p);
    return v;
  } catch {
    return v;
  }
}

interface RpcEvent {
  type?: string;
  attributes?: { key?: string | null; value?: string | null }[] | null;
}

/** Parses CometBFT's `block_results` answer (v0.38: plain-text attribute keys and values). */
export function parseBlockResults(result: unknown): ChainEvent[] {
  const r = (result ?? {}) as { txs_results?: { code?: number; events?: RpcEvent[] | null }[] | null; finalize_block_events?: RpcEvent[] | null; begin_block_events?: RpcEvent[] | null; end_block_events?: RpcEvent[] | null };
  const out: ChainEvent[] = [];
  const push = (events: RpcEvent[] | null | undefined): void => {
    for (const e of events ?? []) {
      const attributes: Record<string, string> = {};
      for (const a of e.attributes ?? []) if (a.key) attributes[a.key] = a.value ?? "";
      out.push({ type: e.type ?? "", attributes });
    }
  };
  push(r.begin_block_events);
  for (const t of r.txs_results ?? []) if ((t.code ?? 0) === 0) push(t.events);
  push(r.end_block_events);
  push(r.finalize_block_events);
  return out;
}

/** The prepay credits in a block's events (`stratos.sds.v1.EventPrePay`: beneficiary, purchased_noz). */
export function prepayCredits(events: readonly ChainEvent[]): { wallet: string; noz: bigint }[] {
  const out: { wallet: string; noz: bigint }[] = [];
  for (const e of events) {
    if (e.type !== "stratos.sds.v1.EventPrePay") continue;
    const wallet = decodeAttributeValue(e.attributes.beneficiary ?? "");
    const nozText = decodeAttributeValue(e.attributes.purchased_noz ?? "");
    if (!wallet || !/^\d+$/.test(nozText)) continue;
    const noz = BigInt(nozText);
    if (noz > 0n) out.push({ wallet, noz });
  }
  return out;
}

/** The real gateway: StratosClient (queries, transactions through the owner wallet) + RPC fetch. */
export class RpcChainGateway implements ChainGateway {
  private constructor(
    private readonly client: StratosClient,
    private readonly rpcUrl: string,
    readonly ownerAddress: string,
    private readonly reporter: string,
  ) {}

  /** `reporter`: this meta node's `stsds` address (owned on chain by the mnemonic's wallet). */
  static async connect(opts: { rpcUrl: string; ownerMnemonic: string; reporter: string; gasPrice?: string }): Promise<RpcChainGateway> {
    const signer = await walletFromMnemonic(opts.ownerMnemonic);
    const client = await StratosClient.connect({ rpcUrl: opts.rpcUrl, signer, ...(opts.gasPrice ? { gasPrice: opts.gasPrice } : {}) });
    return new RpcChainGateway(client, opts.rpcUrl.replace(/\/$/, ""), client.signerAddress, opts.reporter);
  }

  height(): Promise<number> {
    return this.client.height();
  }

  async epochLength(): Promise<number> {
    const p = await this.client.pot.params();
    const l = Number(p.epochLength);
    if (!Number.isSafeInteger(l) || l <= 0) throw new Error(`pot epoch_length is ${String(p.epochLength)}`);
    return l;
  }

  async resourceNode(address: string): Promise<RegistryEntry | null> {
    const n = await this.client.register.resourceNode(address);
    return n
      ? { address: n.networkAddress, owner: n.ownerAddress, bonded: n.status === BONDED, suspended: n.suspend, tokens: BigInt(n.tokens || "0"), effectiveTokens: BigInt(n.effectiveTokens || "0") }
      : null;
  }

  async activateResourceNode(address: string, effectiveTokens: bigint): Promise<TxRef> {
    const res = await this.client.updateEffectiveDeposit({ reporters: [this.reporter], networkAddress: address, effectiveTokens });
    return { txHash: res.txHash, height: res.height };
  }

  async metaNode(address: string): Promise<RegistryEntry | null> {
    const n = await this.client.register.metaNode(address);
    return n ? { address: n.networkAddress, owner: n.ownerAddress, bonded: n.status === BONDED, suspended: n.suspend } : null;
  }

  lastReport(): Promise<ChainReport | null> {
    return this.reportOf(0);
  }

  async reportOf(epoch: number): Promise<ChainReport | null> {
    const r = await this.client.pot.volumeReport(BigInt(epoch));
    if (!r || (epoch === 0 && r.epoch === 0n)) return null;
    return { epoch: Number(r.epoch), reference: r.reference, txHash: r.txHash, reporter: r.reporter };
  }

  async blockEvents(height: number): Promise<ChainEvent[]> {
    const res = await fetch(`${this.rpcUrl}/block_results?height=${height}`, { signal: AbortSignal.timeout(15_000) });
    const body = (await res.json()) as { result?: unknown; error?: { message?: string; data?: string } };
    if (body.error) throw new Error(`block_results ${height}: ${body.error.message ?? ""} ${body.error.data ?? ""}`.trim());
    return parseBlockResults(body.result);
  }

  async fileUpload(req: FileUploadRequest): Promise<TxRef> {
    const r = await this.client.fileUpload({
      fileHash: req.cid,
      reporter: this.reporter,
      uploader: req.uploader,
      size: req.size,
      merkleRoot: req.merkleRoot,
      chunkSize: req.chunkSize,
      sliceCount: req.sliceCount,
      replicas: req.replicas,
      holders: req.holders.map((h) => ({ sliceIndex: h.sliceIndex, sdsAddresses: [...h.sdsAddresses] })),
    });
    return { txHash: r.txHash, height: r.height };
  }

  async volumeReport(msg: MsgVolumeReport): Promise<TxRef> {
    const r = await this.client.signAndBroadcast([msgVolumeReport(stratos.pot.v1.MsgVolumeReport.fromPartial(msg))]);
    return { txHash: r.txHash, height: r.height };
  }

  close(): void {
    this.client.disconnect();
  }
}
