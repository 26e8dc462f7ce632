/**
 * A steady load of bank transfers for fault tests, and a watcher that records what the client
 * saw committed. Every tx the load signs is remembered by hash before it is sent (a tx whose
 * broadcast fails may still be committed), so the expected balances can be computed from the
 * txs the chain actually holds.
 */
import { sleep } from "../../../localnet/lib/wait";
import { accountState, collectCommitted, txHash, type CommittedTx } from "./chain-reads";
import type { TestKey } from "./keys";
import { broadcastSync, latestHeight } from "./rpc";
import { buildTx, msgSend } from "./tx-builder";

/** One signed transfer of the load. */
export interface SentTransfer {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
  readonly fee: bigint;
}

export interface TransferLoadOptions {
  /** Senders: each runs its own loop, one batch at a time. */
  readonly keys: readonly TestKey[];
  /** Recipients (fresh addresses, so their balances come only from this load). */
  readonly recipients: readonly string[];
  readonly chainId: string;
  /** RPC URLs to send to, asked before each batch (a test removes nodes it has taken down). */
  readonly urls: () => readonly string[];
  /** Txs per batch and sender; the sender waits for a batch to commit before the next. Default 5. */
  readonly batch?: number;
  readonly random: () => number;
}

const GAS_LIMIT = 200_000n;
const FEE = GAS_LIMIT * 1_000_000_000n;

/**
 * Each sender reads its committed sequence from a node, sends a batch of transfers with
 * `broadcast_tx_sync` (stopping at the first refusal), waits until the batch is committed (or
 * 10 s, after a fault), and goes again. Nodes are used round robin; errors of a node that is
 * down only cost a retry.
 */
export class TransferLoad {
  /** Every tx signed, by hash: the only txs the chain may hold. */
  readonly sent = new Map<string, SentTransfer>();
  accepted = 0;
  refused = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];
  private round = 0;

  constructor(private readonly options: TransferLoadOptions) {}

  /** Starts the senders (again, after {@link TransferLoad.stop}: `sent` keeps growing). */
  start(): void {
    this.stopping = false;
    this.loops = this.options.keys.map((k) => this.senderLoop(k));
  }

  /** Stops sending; resolves when every sender has finished its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  private nextUrl(): string | undefined {
    const urls = this.options.urls();
    return urls.length === 0 ? undefined : urls[this.round++ % urls.length];
  }

  private async senderLoop(key: TestKey): Promise<void> {
    const o = this.options;
    const batch = o.batch ?? 5;
    while (!this.stopping) {
      const url = this.nextUrl();
      if (!url) {
        await sleep(200);
        continue;
      }
      let account: { accountNumber: bigint; sequence: bigint };
      try {
        account = await accountState(url, key.address);
      } catch {
        await sleep(200);
        continue;
      }
      let sent = 0;
      for (let i = 0; i < batch && !this.stopping; i++) {
        const to = o.recipients[Math.floor(o.random() * o.recipients.length)]!;
        const amount = 1_000n + BigInt(Math.floor(o.random() * 1_000_000));
        const tx = buildTx({ key, chainId: o.chainId, accountNumber: account.accountNumber, sequence: account.sequence + BigInt(sent), msgs: [msgSend(key.address, to, amount)], gasLimit: GAS_LIMIT, feeAmount: FEE });
        this.sent.set(txHash(tx), { from: key.address, to, amount, fee: FEE });
        const r = await broadcastSync(url, tx).catch(() => undefined);
        if (r?.code !== 0) {
          this.refused++;
          break;
        }
        this.accepted++;
        sent++;
      }
      if (sent === 0) {
        await sleep(200);
        continue;
      }
      const target = account.sequence + BigInt(sent);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !this.stopping) {
        const u = this.nextUrl();
        const seq = u ? await accountState(u, key.address).then((a) => a.sequence, () => undefined) : undefined;
        if (seq !== undefined && seq >= target) break;
        await sleep(100);
      }
    }
  }
}

/**
 * What the client saw committed while faults happen: polls a live node (round robin over
 * `urls()`) for new heights and records each new block's txs with their results.
 */
export class CommitWatcher {
  readonly seen = new Map<string, CommittedTx>();
  scannedTo = 0n;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private round = 0;

  constructor(private readonly urls: () => readonly string[]) {}

  /** Starts watching (again, after {@link CommitWatcher.stop}, from where it stopped). */
  start(): void {
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        const urls = this.urls();
        const url = urls[this.round++ % Math.max(1, urls.length)];
        if (url) {
          try {
            const h = await latestHeight(url);
            if (h > this.scannedTo) {
              await collectCommitted(url, this.scannedTo + 1n, h, this.seen);
              this.scannedTo = h;
            }
          } catch {
            // that node is down or behind; the next round asks another
          }
        }
        await sleep(300);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }
}

/**
 * Expected balances after the committed txs `chainTxs` (hash -> result) of `sent`: every
 * sender starts at `initial(address)`, pays the fee of each of its txs whose ante passed, and
 * the amount of each successful one, which its recipient gets. Throws on a chain tx this load
 * never signed.
 */
export function expectedBalances(sent: ReadonlyMap<string, SentTransfer>, chainTxs: ReadonlyMap<string, CommittedTx>, initial: (address: string) => bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const get = (a: string) => out.get(a) ?? initial(a);
  for (const [hash, result] of chainTxs) {
    const t = sent.get(hash);
    if (!t) throw new Error(`the chain holds tx ${hash} at height ${result.height}, which the load never signed`);
    if (result.feePaid) out.set(t.from, get(t.from) - t.fee);
    if (result.code === 0) {
      out.set(t.from, get(t.from) - t.amount);
      out.set(t.to, get(t.to) + t.amount);
    }
  }
  for (const t of sent.values()) {
    if (!out.has(t.from)) out.set(t.from, initial(t.from));
    if (!out.has(t.to)) out.set(t.to, initial(t.to));
  }
  return out;
}
