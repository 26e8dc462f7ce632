import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import {
  BroadcastTxError,
  GasPrice,
  SigningStargateClient,
  StargateClient,
  TimeoutError,
  type DeliverTxResponse,
  type Event,
  type StdFee,
} from "@cosmjs/stargate";
import { StratosError } from "../errors/base";
import { TxFailedError, TxRejectedError, TxTimeoutError } from "../errors/tx";

/** How to reach the chain and, for writes, who signs. */
export interface StratosClientOptions {
  /** CometBFT RPC, e.g. http://127.0.0.1:26657 */
  readonly rpcUrl: string;
  /** Needed for transactions; reads work without one. */
  readonly signer?: OfflineSigner;
  /** Gas price for `fee: "auto"`; default `1000000000wei` (the localnet minimum). */
  readonly gasPrice?: string;
  /** Multiplier on simulated gas for `fee: "auto"`; default 1.4 as in cosmjs. */
  readonly gasMultiplier?: number;
  /** How long to wait for inclusion; default 60 s. */
  readonly broadcastTimeoutMs?: number;
  /** How often to poll for inclusion; default 500 ms. */
  readonly pollIntervalMs?: number;
}

/** A successful, included transaction. */
export interface TxResult {
  readonly txHash: string;
  readonly height: number;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly events: readonly Event[];
  readonly msgResponses: readonly { readonly typeUrl: string; readonly value: Uint8Array }[];
}

/** Options for one transaction. */
export interface TxOptions {
  /** A fixed fee, or "auto" (simulate, then gas x multiplier at the gas price). Default "auto". */
  readonly fee?: StdFee | "auto";
  readonly memo?: string;
}

/**
 * The Stratos chain client: reads through the chain's query services, writes signed Cosmos
 * transactions, and turns every failure into one of three typed errors: `TxRejectedError`
 * (refused at CheckTx, nothing happened), `TxFailedError` (included, fee charged, messages
 * reverted) and `TxTimeoutError` (not seen in time; may still be included).
 *
 * @example
 * const client = await StratosClient.connect({ rpcUrl: "http://127.0.0.1:26657", signer: await walletFromMnemonic(m) });
 * const { txHash } = await client.send("st1...", 1_000n);
 */
export class StratosClient {
  private constructor(
    private readonly reader: StargateClient,
    private readonly writer: SigningStargateClient | undefined,
    private readonly address: string | undefined,
    private readonly options: StratosClientOptions,
  ) {}

  /** Connects; with a signer, transactions are signed by its first account. */
  static async connect(options: StratosClientOptions): Promise<StratosClient> {
    try {
      if (!options.signer) return new StratosClient(await StargateClient.connect(options.rpcUrl), undefined, undefined, options);
      const [account] = await options.signer.getAccounts();
      if (!account) throw new StratosError("the signer has no accounts");
      const writer = await SigningStargateClient.connectWithSigner(options.rpcUrl, options.signer, {
        gasPrice: GasPrice.fromString(options.gasPrice ?? "1000000000wei"),
        broadcastTimeoutMs: options.broadcastTimeoutMs ?? 60_000,
        broadcastPollIntervalMs: options.pollIntervalMs ?? 500,
      });
      return new StratosClient(writer, writer, account.address, options);
    } catch (e) {
      if (e instanceof StratosError) throw e;
      throw new StratosError(`cannot connect to ${options.rpcUrl}`, { cause: e, details: (e as Error).message, hints: ["is the node running? (make localnet-start)"] });
    }
  }

  /** The signing account's address; throws when connected without a signer. */
  get signerAddress(): string {
    if (!this.address) throw new StratosError("this client has no signer", { hints: ["pass `signer` to StratosClient.connect"] });
    return this.address;
  }

  chainId(): Promise<string> {
    return this.reader.getChainId();
  }

  height(): Promise<number> {
    return this.reader.getHeight();
  }

  /** Balance of one denom (default `wei`) as a bigint; zero for unknown accounts. */
  async getBalance(address: string, denom = "wei"): Promise<bigint> {
    return BigInt((await this.reader.getBalance(address, denom)).amount);
  }

  /** Account number and sequence, or null for an address that never received funds. */
  async getAccount(address: string): Promise<{ accountNumber: number; sequence: number } | null> {
    const a = await this.reader.getAccount(address);
    return a ? { accountNumber: a.accountNumber, sequence: a.sequence } : null;
  }

  /** Sends `amount` wei (or another denom) from the signer to `to`. */
  async send(to: string, amount: bigint, opts: TxOptions & { denom?: string } = {}): Promise<TxResult> {
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: this.signerAddress, toAddress: to, amount: [{ denom: opts.denom ?? "wei", amount: amount.toString() }] } };
    return this.signAndBroadcast([msg], opts);
  }

  /** Signs, broadcasts and waits for inclusion; throws TxRejectedError, TxFailedError or TxTimeoutError. */
  async signAndBroadcast(msgs: readonly EncodeObject[], opts: TxOptions = {}): Promise<TxResult> {
    if (!this.writer) throw new StratosError("this client has no signer", { hints: ["pass `signer` to StratosClient.connect"] });
    const fee = opts.fee ?? "auto";
    let res: DeliverTxResponse;
    try {
      res = await this.writer.signAndBroadcast(this.signerAddress, [...msgs], fee === "auto" ? (this.options.gasMultiplier ?? 1.4) : fee, opts.memo ?? "");
    } catch (e) {
      throw toTypedError(e, this.options.broadcastTimeoutMs ?? 60_000);
    }
    if (res.code !== 0) {
      throw new TxFailedError(res.code, await this.codespaceOf(res.transactionHash), res.rawLog ?? "", res.height, res.transactionHash);
    }
    return { txHash: res.transactionHash, height: res.height, gasWanted: res.gasWanted, gasUsed: res.gasUsed, events: res.events, msgResponses: res.msgResponses };
  }

  /** cosmjs' DeliverTxResponse has no codespace; CometBFT's `tx` endpoint has it. */
  private async codespaceOf(txHash: string): Promise<string> {
    try {
      const res = await fetch(`${this.options.rpcUrl.replace(/\/$/, "")}/tx?hash=0x${txHash}`, { signal: AbortSignal.timeout(10_000) });
      const body = (await res.json()) as { result?: { tx_result?: { codespace?: string } } };
      return body.result?.tx_result?.codespace ?? "";
    } catch {
      return "";
    }
  }

  disconnect(): void {
    this.reader.disconnect();
  }
}

/** cosmjs errors -> ours. A simulation failure is a rejection too (the tx would fail CheckTx). */
function toTypedError(e: unknown, timeoutMs: number): StratosError {
  if (e instanceof BroadcastTxError) return new TxRejectedError(e.code, e.codespace, e.log ?? e.message);
  if (e instanceof TimeoutError) return new TxTimeoutError(e.txId, timeoutMs);
  const message = (e as Error).message ?? String(e);
  const sim = /Query failed with \((\d+)\): (.*)$/s.exec(message);
  if (sim) return new TxRejectedError(Number(sim[1]), "sdk", sim[2]!);
  return new StratosError("broadcast failed", { cause: e, details: message });
}
