import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import {
  BroadcastTxError,
  GasPrice,
  QueryClient,
  SigningStargateClient,
  StargateClient,
  TimeoutError,
  type DeliverTxResponse,
  type Event,
  type StdFee,
} from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { StratosError } from "../errors/base";
import { TxFailedError, TxRejectedError, TxTimeoutError } from "../errors/tx";
import type { Amount, CoinsAmount, IntValue } from "../messages/common";
import {
  msgCreateMetaNode,
  msgCreateResourceNode,
  msgKickMetaNodeVote,
  msgMetaNodeRegistrationVote,
  msgRemoveMetaNode,
  msgRemoveResourceNode,
  msgUpdateEffectiveDeposit,
  msgUpdateMetaNode,
  msgUpdateMetaNodeDeposit,
  msgUpdateResourceNode,
  msgUpdateResourceNodeDeposit,
  type CreateMetaNodeInput,
  type CreateResourceNodeInput,
  type KickMetaNodeVoteInput,
  type MetaNodeRegistrationVoteInput,
  type UpdateMetaNodeInput,
  type UpdateResourceNodeInput,
} from "../messages/register";
import { msgFoundationDeposit, msgSlashingResourceNode, msgVolumeReport, msgWithdraw, type SlashingResourceNodeInput, type VolumeReportInput } from "../messages/pot";
import { stratosAminoTypes, stratosRegistry } from "../messages/registry";
import { msgFileUpload, msgPrepay, type FileUploadInput } from "../messages/sds";
import { signVolumeReport, type VolumeReportSigner } from "../nodes/volume-report";
import { setupPotExtension, type PotExtension } from "../queries/pot";
import { setupRegisterExtension, type RegisterExtension } from "../queries/register";
import { setupSdsExtension, type SdsExtension } from "../queries/sds";
import { createVerifiedQueries, type VerifiedTrust } from "../verified/connect";
import type { VerifiedQueries } from "../verified/verified-queries";

/**
 * How to reach the chain and, for writes, who signs.
 *
 * @example
 * const options: StratosClientOptions = { rpcUrl: "http://127.0.0.1:26657", signer: await walletFromMnemonic(mnemonic) };
 */
export interface StratosClientOptions {
  /** CometBFT RPC, e.g. http://127.0.0.1:26657 */
  readonly rpcUrl: string;
  /** Needed for transactions; reads work without one. Direct and amino signers both work. */
  readonly signer?: OfflineSigner;
  /** Gas price for `fee: "auto"`; default `1000000000wei` (the localnet minimum). */
  readonly gasPrice?: string;
  /** Multiplier on simulated gas for `fee: "auto"`; default 1.4 as in cosmjs. */
  readonly gasMultiplier?: number;
  /** How long to wait for inclusion; default 60 s. */
  readonly broadcastTimeoutMs?: number;
  /** How often to poll for inclusion; default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Where `client.verified`'s light client starts trusting; default `"first-use"` (see {@link VerifiedTrust}). */
  readonly trust?: VerifiedTrust;
}

/**
 * A successful, included transaction.
 *
 * @example
 * const { txHash, height, events } = await client.prepay(10n ** 18n);
 */
export interface TxResult {
  readonly txHash: string;
  readonly height: number;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly events: readonly Event[];
  readonly msgResponses: readonly { readonly typeUrl: string; readonly value: Uint8Array }[];
}

/**
 * Options for one transaction.
 *
 * @example
 * await client.send("st1...", 1n, { memo: "hi", fee: { amount: [{ denom: "wei", amount: "200000000000000" }], gas: "200000" } });
 */
export interface TxOptions {
  /** A fixed fee, or "auto" (simulate, then gas x multiplier at the gas price). Default "auto". */
  readonly fee?: StdFee | "auto";
  readonly memo?: string;
}

/**
 * Input of {@link StratosClient.createResourceNode}: {@link CreateResourceNodeInput} without the
 * owner (the signer).
 *
 * @example
 * const input: CreateResourceNodeParams = { pubkey: key.publicKey, value: 10n ** 18n, description: { moniker: "rn-1" }, nodeType: 4 };
 */
export type CreateResourceNodeParams = Omit<CreateResourceNodeInput, "ownerAddress">;

/**
 * Input of {@link StratosClient.createMetaNode}: {@link CreateMetaNodeInput} without the owner.
 *
 * @example
 * const input: CreateMetaNodeParams = { pubkey: key.publicKey, value: 10n ** 18n, description: { moniker: "meta-1" } };
 */
export type CreateMetaNodeParams = Omit<CreateMetaNodeInput, "ownerAddress">;

/**
 * Input of {@link StratosClient.voteMetaNodeRegistration}: without the voter's owner (the signer).
 *
 * @example
 * const input: VoteMetaNodeRegistrationParams = { candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v" };
 */
export type VoteMetaNodeRegistrationParams = Omit<MetaNodeRegistrationVoteInput, "voterOwnerAddress">;

/**
 * Input of {@link StratosClient.kickMetaNodeVote}: without the voter's owner (the signer).
 *
 * @example
 * const input: KickMetaNodeVoteParams = { targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v" };
 */
export type KickMetaNodeVoteParams = Omit<KickMetaNodeVoteInput, "voterOwnerAddress">;

/**
 * Input of {@link StratosClient.updateEffectiveDeposit}. `reporterOwner` defaults to the signer
 * for every reporter (a transaction of this client has one signer).
 *
 * @example
 * const input: UpdateEffectiveDepositParams = { reporters: ["stsds1meta"], networkAddress: "stsds1rn", effectiveTokens: 10n ** 18n };
 */
export interface UpdateEffectiveDepositParams {
  readonly reporters: readonly string[];
  readonly reporterOwner?: readonly string[];
  readonly networkAddress: string;
  readonly effectiveTokens: IntValue;
}

/**
 * Input of {@link StratosClient.fileUpload}: {@link FileUploadInput} without `from` (the signer).
 *
 * @example
 * const input: FileUploadParams = { fileHash: "bafk...", reporter: "stsds1meta", uploader: "st1user" };
 */
export type FileUploadParams = Omit<FileUploadInput, "from">;

/**
 * Input of {@link StratosClient.volumeReport}: {@link VolumeReportInput} without `reporterOwner`
 * (the signer); with `signers`, the report is signed with `signVolumeReport` first.
 *
 * @example
 * const input: VolumeReportParams = { walletVolumes: [{ walletAddress: "st1...", volume: 1000n }], reporter: "stsds1meta", epoch: 3n, reportReference: "r3", signers: [metaKey] };
 */
export interface VolumeReportParams extends Omit<VolumeReportInput, "reporterOwner"> {
  readonly signers?: readonly VolumeReportSigner[];
}

/**
 * Input of {@link StratosClient.slashResourceNode}. `reporterOwner` defaults to the signer for
 * every reporter.
 *
 * @example
 * const input: SlashResourceNodeParams = { reporters: ["stsds1meta"], networkAddress: "stsds1rn", walletAddress: "st1rnowner", slashing: 100n, suspend: true };
 */
export interface SlashResourceNodeParams extends Omit<SlashingResourceNodeInput, "reporterOwner"> {
  readonly reporterOwner?: readonly string[];
}

/**
 * The Stratos chain client: reads through the chain's query services (`client.register`,
 * `client.sds`, `client.pot`), writes signed Cosmos transactions with every Stratos Msg (direct and
 * amino signers), and turns every failure into one of three typed errors: `TxRejectedError`
 * (refused at CheckTx, nothing happened), `TxFailedError` (included, fee charged, messages
 * reverted) and `TxTimeoutError` (not seen in time; may still be included).
 *
 * @example
 * const client = await StratosClient.connect({ rpcUrl: "http://127.0.0.1:26657", signer: await walletFromMnemonic(m) });
 * const { txHash } = await client.send("st1...", 1_000n);
 * const noz = await client.sds.simPrepay(10n ** 18n);
 * await client.prepay(10n ** 18n);
 */
export class StratosClient {
  /** Queries of the `register` module (nodes, deposits, ozone limit). */
  readonly register: RegisterExtension["register"];
  /** Queries of the `sds` module (file records, ozone price and supply). */
  readonly sds: SdsExtension["sds"];
  /** Queries of the `pot` module (volume reports, rewards, supply). */
  readonly pot: PotExtension["pot"];
  private verifiedQueries: VerifiedQueries | undefined;

  private constructor(
    private readonly reader: StargateClient,
    private readonly writer: SigningStargateClient | undefined,
    private readonly address: string | undefined,
    private readonly options: StratosClientOptions,
    queries: RegisterExtension & SdsExtension & PotExtension,
  ) {
    this.register = queries.register;
    this.sds = queries.sds;
    this.pot = queries.pot;
  }

  /**
   * Connects; with a signer, transactions are signed by its first account.
   *
   * @example
   * const reader = await StratosClient.connect({ rpcUrl: "http://127.0.0.1:26657" });
   */
  static async connect(options: StratosClientOptions): Promise<StratosClient> {
    try {
      const comet = await connectComet(options.rpcUrl);
      const queries = QueryClient.withExtensions(comet, setupRegisterExtension, setupSdsExtension, setupPotExtension);
      if (!options.signer) return new StratosClient(StargateClient.create(comet), undefined, undefined, options, queries);
      const [account] = await options.signer.getAccounts();
      if (!account) {
        comet.disconnect();
        throw new StratosError("the signer has no accounts");
      }
      const writer = SigningStargateClient.createWithSigner(comet, options.signer, {
        registry: stratosRegistry(),
        aminoTypes: stratosAminoTypes(),
        gasPrice: GasPrice.fromString(options.gasPrice ?? "1000000000wei"),
        broadcastTimeoutMs: options.broadcastTimeoutMs ?? 60_000,
        broadcastPollIntervalMs: options.pollIntervalMs ?? 500,
      });
      return new StratosClient(writer, writer, account.address, options, queries);
    } catch (e) {
      if (e instanceof StratosError) throw e;
      throw new StratosError(`cannot connect to ${options.rpcUrl}`, { cause: e, details: (e as Error).message, hints: ["is the node running? (make localnet-start)"] });
    }
  }

  /**
   * Reads whose answers are proven: each value comes with the height it was proven at, checked
   * with a Merkle proof against the app hash of a header signed by more than 2/3 of a validator
   * set the client trusts (`options.trust`), or a `ProofError` says what did not check.
   *
   * @example
   * const { value: balance, height } = await client.verified.getBalance("st1...");
   * const { value: record } = await client.verified.getFileRecord(cid);
   */
  get verified(): VerifiedQueries {
    this.verifiedQueries ??= createVerifiedQueries({
      rpcUrl: this.options.rpcUrl,
      chainId: () => this.chainId(),
      ...(this.options.trust !== undefined ? { trust: this.options.trust } : {}),
    });
    return this.verifiedQueries;
  }

  /** The signing account's address; throws when connected without a signer. */
  get signerAddress(): string {
    if (!this.address) throw noSigner();
    return this.address;
  }

  /** The chain id, e.g. `stratos-localnet`. */
  chainId(): Promise<string> {
    return this.reader.getChainId();
  }

  /** The latest block height. */
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

  // ---- sds ----

  /**
   * Buys ozone for `amountWei` (MsgPrepay); the ozone goes to `beneficiary` (default: the signer).
   * The purchased amount is the `purchased_noz` attribute of the `stratos.sds.v1.EventPrePay` event.
   *
   * @example
   * await client.prepay(10n ** 18n); // 1 STOS
   */
  prepay(amountWei: CoinsAmount, beneficiary?: string, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgPrepay({ sender: this.signerAddress, beneficiary: beneficiary ?? this.signerAddress, amount: amountWei })], opts);
  }

  /**
   * Records a file upload (MsgFileUpload) as the owner of the reporting meta node.
   *
   * @example
   * await client.fileUpload({ fileHash: cid, reporter: "stsds1meta", uploader: "st1user", size: 1024n, sliceCount: 1, replicas: 1 });
   */
  fileUpload(params: FileUploadParams, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgFileUpload({ ...params, from: this.signerAddress })], opts);
  }

  // ---- register ----

  /**
   * Registers a resource node owned by the signer (MsgCreateResourceNode).
   *
   * @example
   * const key = randomNodeKey();
   * await client.createResourceNode({ pubkey: key.publicKey, value: 10n ** 18n, description: { moniker: "rn-1" }, nodeType: 4 });
   */
  createResourceNode(params: CreateResourceNodeParams, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgCreateResourceNode({ ...params, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Registers a meta-node candidate owned by the signer (MsgCreateMetaNode).
   *
   * @example
   * await client.createMetaNode({ pubkey: key.publicKey, value: 10n ** 18n, description: { moniker: "meta-1" } });
   */
  createMetaNode(params: CreateMetaNodeParams, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgCreateMetaNode({ ...params, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Updates the description / beneficiary / node type of the signer's resource node.
   *
   * @example
   * await client.updateResourceNode({ networkAddress: "stsds1...", description: { moniker: "rn-2" } });
   */
  updateResourceNode(params: Omit<UpdateResourceNodeInput, "ownerAddress">, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgUpdateResourceNode({ ...params, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Updates the description / beneficiary of the signer's meta node.
   *
   * @example
   * await client.updateMetaNode({ networkAddress: "stsds1...", description: { moniker: "meta-2" } });
   */
  updateMetaNode(params: Omit<UpdateMetaNodeInput, "ownerAddress">, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgUpdateMetaNode({ ...params, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Adds deposit to the signer's resource node.
   *
   * @example
   * await client.updateResourceNodeDeposit("stsds1...", 10n ** 18n);
   */
  updateResourceNodeDeposit(networkAddress: string, depositDelta: Amount, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgUpdateResourceNodeDeposit({ networkAddress, ownerAddress: this.signerAddress, depositDelta })], opts);
  }

  /**
   * Adds deposit to the signer's meta node.
   *
   * @example
   * await client.updateMetaNodeDeposit("stsds1...", 10n ** 18n);
   */
  updateMetaNodeDeposit(networkAddress: string, depositDelta: Amount, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgUpdateMetaNodeDeposit({ networkAddress, ownerAddress: this.signerAddress, depositDelta })], opts);
  }

  /**
   * Starts unbonding the signer's resource node.
   *
   * @example
   * await client.removeResourceNode("stsds1...");
   */
  removeResourceNode(networkAddress: string, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgRemoveResourceNode({ resourceNodeAddress: networkAddress, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Starts unbonding the signer's meta node (or withdraws a candidate).
   *
   * @example
   * await client.removeMetaNode("stsds1...");
   */
  removeMetaNode(networkAddress: string, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgRemoveMetaNode({ metaNodeAddress: networkAddress, ownerAddress: this.signerAddress })], opts);
  }

  /**
   * Votes, as the owner of a bonded meta node, on a meta-node candidate.
   *
   * @example
   * await client.voteMetaNodeRegistration({ candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v" });
   */
  voteMetaNodeRegistration(params: VoteMetaNodeRegistrationParams, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgMetaNodeRegistrationVote({ ...params, voterOwnerAddress: this.signerAddress })], opts);
  }

  /**
   * Votes, as the owner of a bonded meta node, on kicking another meta node.
   *
   * @example
   * await client.kickMetaNodeVote({ targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v" });
   */
  kickMetaNodeVote(params: KickMetaNodeVoteParams, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgKickMetaNodeVote({ ...params, voterOwnerAddress: this.signerAddress })], opts);
  }

  /**
   * Sets a resource node's effective deposit as meta node owner(s) (MsgUpdateEffectiveDeposit).
   *
   * @example
   * await client.updateEffectiveDeposit({ reporters: ["stsds1meta"], networkAddress: "stsds1rn", effectiveTokens: 10n ** 18n });
   */
  updateEffectiveDeposit(params: UpdateEffectiveDepositParams, opts: TxOptions = {}): Promise<TxResult> {
    const reporterOwner = params.reporterOwner ?? params.reporters.map(() => this.signerAddress);
    return this.signAndBroadcast([msgUpdateEffectiveDeposit({ ...params, reporterOwner })], opts);
  }

  // ---- pot ----

  /**
   * Sends a volume report as the owner of the reporting meta node; with `signers`, it is signed
   * with `signVolumeReport` first (otherwise pass `BLSSignature`).
   *
   * @example
   * await client.volumeReport({ walletVolumes: [{ walletAddress: "st1...", volume: 1000n }], reporter: "stsds1meta", epoch: 3n, reportReference: "r3", signers: [metaKey] });
   */
  volumeReport(params: VolumeReportParams, opts: TxOptions = {}): Promise<TxResult> {
    const { signers, ...input } = params;
    let msg = msgVolumeReport({ ...input, reporterOwner: this.signerAddress });
    if (signers) msg = msgVolumeReport(signVolumeReport(msg.value, signers));
    return this.signAndBroadcast([msg], opts);
  }

  /**
   * Withdraws matured rewards of the signer to `targetAddress` (default: the signer).
   *
   * @example
   * const { matureTotalReward } = await client.pot.rewardsByWallet(client.signerAddress);
   * await client.withdraw(matureTotalReward);
   */
  withdraw(amount: CoinsAmount, targetAddress?: string, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgWithdraw({ amount, walletAddress: this.signerAddress, targetAddress: targetAddress ?? this.signerAddress })], opts);
  }

  /**
   * Funds the foundation account that pays mining rewards.
   *
   * @example
   * await client.foundationDeposit(100n * 10n ** 18n);
   */
  foundationDeposit(amount: CoinsAmount, opts: TxOptions = {}): Promise<TxResult> {
    return this.signAndBroadcast([msgFoundationDeposit({ amount, from: this.signerAddress })], opts);
  }

  /**
   * Slashes a resource node as meta node owner(s) (MsgSlashingResourceNode).
   *
   * @example
   * await client.slashResourceNode({ reporters: ["stsds1meta"], networkAddress: "stsds1rn", walletAddress: "st1rnowner", slashing: 100n, suspend: true });
   */
  slashResourceNode(params: SlashResourceNodeParams, opts: TxOptions = {}): Promise<TxResult> {
    const reporterOwner = params.reporterOwner ?? params.reporters.map(() => this.signerAddress);
    return this.signAndBroadcast([msgSlashingResourceNode({ ...params, reporterOwner })], opts);
  }

  /**
   * Signs, broadcasts and waits for inclusion; throws TxRejectedError, TxFailedError or TxTimeoutError.
   * Any registered message works: cosmjs' defaults and every Stratos Msg (see `stratosRegistry`).
   *
   * @example
   * await client.signAndBroadcast([msgPrepay({ sender: client.signerAddress, amount: 1n }), msgFoundationDeposit({ from: client.signerAddress, amount: 1n })]);
   */
  async signAndBroadcast(msgs: readonly EncodeObject[], opts: TxOptions = {}): Promise<TxResult> {
    if (!this.writer) throw noSigner();
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

  /** Closes the connection. */
  disconnect(): void {
    this.reader.disconnect();
  }
}

function noSigner(): StratosError {
  return new StratosError("this client has no signer", { hints: ["pass `signer` to StratosClient.connect"] });
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
