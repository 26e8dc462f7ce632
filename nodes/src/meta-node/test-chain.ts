import type { MsgVolumeReport } from "@stratos/proto/gen/ts/stratos/pot/v1/tx";
import type { ChainEvent, ChainGateway, ChainReport, FileUploadRequest, RegistryEntry, TxRef } from "./chain-gateway";
import { epochOf } from "./epochs";

/** A chain error shaped like the SDK's TxFailedError (code + codespace). */
export class FakeChainError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An in-memory {@link ChainGateway} for tests: blocks with events, a node registry, and recorded
 * MsgFileUpload / MsgVolumeReport with the chain's epoch rules (report accepted only for an ended
 * epoch above the last distributed one; pot code 8 otherwise).
 */
export class InMemoryChain implements ChainGateway {
  heightValue = 0;
  epochLen: number;
  readonly blocks = new Map<number, ChainEvent[]>();
  readonly resourceNodes = new Map<string, RegistryEntry>();
  readonly metaNodes = new Map<string, RegistryEntry>();
  readonly fileUploads: (FileUploadRequest & TxRef)[] = [];
  readonly volumeReports: (MsgVolumeReport & TxRef)[] = [];
  readonly reports = new Map<number, ChainReport>();
  lastDistributed = 0;
  /** Set to make the next transaction fail with this error. */
  failNext: Error | undefined;
  /** Counts blockEvents calls per height (tests of the follower). */
  readonly reads = new Map<number, number>();
  private txn = 0;

  constructor(
    readonly ownerAddress: string,
    opts: { epochLength?: number; height?: number } = {},
  ) {
    this.epochLen = opts.epochLength ?? 10;
    this.heightValue = opts.height ?? 0;
  }

  /** Appends a block with these events; returns its height. */
  addBlock(events: ChainEvent[] = []): number {
    this.heightValue++;
    this.blocks.set(this.heightValue, events);
    return this.heightValue;
  }

  /** Appends `n` empty blocks. */
  advance(n: number): number {
    for (let i = 0; i < n; i++) this.addBlock();
    return this.heightValue;
  }

  /** Appends a block with one EventPrePay (values JSON-encoded as the chain writes them). */
  prepay(beneficiary: string, noz: bigint): number {
    return this.addBlock([
      {
        type: "stratos.sds.v1.EventPrePay",
        attributes: { sender: JSON.stringify(beneficiary), beneficiary: JSON.stringify(beneficiary), amount: JSON.stringify("1wei"), purchased_noz: JSON.stringify(noz.toString()) },
      },
    ]);
  }

  addResourceNode(address: string, owner: string, opts: { bonded?: boolean; suspended?: boolean } = {}): void {
    this.resourceNodes.set(address, { address, owner, bonded: opts.bonded ?? true, suspended: opts.suspended ?? false });
  }

  addMetaNode(address: string, owner: string): void {
    this.metaNodes.set(address, { address, owner, bonded: true, suspended: false });
  }

  async height(): Promise<number> {
    return this.heightValue;
  }
  async epochLength(): Promise<number> {
    return this.epochLen;
  }
  async resourceNode(address: string): Promise<RegistryEntry | null> {
    return this.resourceNodes.get(address) ?? null;
  }
  async activateResourceNode(address: string, effectiveTokens: bigint): Promise<TxRef> {
    this.fail();
    const n = this.resourceNodes.get(address);
    if (!n || !n.bonded) throw new FakeChainError("register", 14, `resource node ${address} does not exist`);
    this.resourceNodes.set(address, { ...n, suspended: false, effectiveTokens });
    return { txHash: `TX${++this.txn}`, height: this.addBlock() };
  }
  async metaNode(address: string): Promise<RegistryEntry | null> {
    return this.metaNodes.get(address) ?? null;
  }
  async lastReport(): Promise<ChainReport | null> {
    return this.reports.get(this.lastDistributed) ?? null;
  }
  async reportOf(epoch: number): Promise<ChainReport | null> {
    return this.reports.get(epoch) ?? null;
  }
  async blockEvents(height: number): Promise<ChainEvent[]> {
    if (height > this.heightValue) throw new Error(`height ${height} is not yet committed`);
    this.reads.set(height, (this.reads.get(height) ?? 0) + 1);
    return this.blocks.get(height) ?? [];
  }

  private fail(): void {
    const e = this.failNext;
    if (e) {
      this.failNext = undefined;
      throw e;
    }
  }

  async fileUpload(req: FileUploadRequest): Promise<TxRef> {
    this.fail();
    for (const h of req.holders) {
      for (const a of h.sdsAddresses) {
        const n = this.resourceNodes.get(a);
        if (!n || !n.bonded || n.suspended) throw new FakeChainError("sds", 2, `holder ${a} is not an active resource node`);
      }
    }
    const ref = { txHash: `TX${++this.txn}`, height: this.addBlock() };
    this.fileUploads.push({ ...req, ...ref });
    return ref;
  }

  async volumeReport(msg: MsgVolumeReport): Promise<TxRef> {
    this.fail();
    const epoch = Number(msg.epoch);
    if (msg.reporterOwner !== this.ownerAddress) throw new FakeChainError("pot", 33, "reporter owner mismatch");
    if (epoch <= this.lastDistributed) throw new FakeChainError("pot", 8, `epoch ${epoch} is not above the last distributed epoch ${this.lastDistributed}`);
    const current = epochOf(this.heightValue + 1, this.epochLen);
    if (epoch >= current) throw new FakeChainError("pot", 8, `epoch ${epoch} has not ended`);
    const ref = { txHash: `TX${++this.txn}`, height: this.addBlock() };
    this.volumeReports.push({ ...msg, ...ref });
    this.reports.set(epoch, { epoch, reference: msg.reportReference, txHash: ref.txHash, reporter: msg.reporter });
    this.lastDistributed = epoch;
    return ref;
  }

  close(): void {}
}
