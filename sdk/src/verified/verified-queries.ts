import { equalBytes } from "@noble/curves/utils";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { Any } from "cosmjs-types/google/protobuf/any";
import type { Coin } from "@stratos/proto/gen/ts/cosmos/base/v1beta1/coin";
import { ImmatureTotal, MatureTotal } from "@stratos/proto/gen/ts/stratos/pot/v1/genesis";
import { VolumeReportRecord } from "@stratos/proto/gen/ts/stratos/pot/v1/pot";
import { MetaNode, ResourceNode } from "@stratos/proto/gen/ts/stratos/register/v1/register";
import { FileInfo } from "@stratos/proto/gen/ts/stratos/sds/v1/sds";
import { STORE_KEY_QUERY_PATH, STORE_PROOF_OP_TYPE } from "@stratos/proto/src/store-proof";
import { asProofError, ProofError } from "../verifier/errors";
import type { LightClient } from "../verifier/light-client";
import type { HttpLightClientRpc } from "../verifier/rpc-client";
import { parseAbciQuery, parseStatus } from "../verifier/rpc-json";
import { verifySmtProof } from "../verifier/smt-proof";
import { accountStateKey, balanceStateKey, fileRecordStateKey, nodeStateKey, rewardStateKeys, supplyStateKey, volumeReportStateKey } from "./state-keys";

export { STORE_KEY_QUERY_PATH, STORE_PROOF_OP_TYPE } from "@stratos/proto/src/store-proof";

/**
 * A value proven against the app hash of `height`, which was taken from the header of
 * `height + 1`, accepted by the light client.
 *
 * @example
 * const { value, height } = await client.verified.getBalance("st1...");
 */
export interface Proven<T> {
  readonly value: T;
  /** The state height the value is proven at. */
  readonly height: bigint;
  /** The app hash it was proven against (from the verified header at `height + 1`). */
  readonly appHash: Uint8Array;
}

/** What verified queries need from an RPC connection (`httpLightClientRpc` gives it; `status` only when no height is passed). */
export type VerifiedQueryRpc = Pick<HttpLightClientRpc, "abciQuery"> & Partial<Pick<HttpLightClientRpc, "status">>;

/**
 * An account as proven: the fields every account type has.
 *
 * @example
 * const acc: ProvenAccount = (await client.verified.getAccount("st1...")).value!;
 */
export interface ProvenAccount {
  readonly address: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  /** The public key as stored (an `Any`), when the account has signed before. */
  readonly pubKey?: Any;
  /** Name of a module account. */
  readonly moduleName?: string;
}

/**
 * Reward totals of a wallet.
 *
 * @example
 * const { mature, immature } = (await client.verified.getRewards("st1...")).value;
 */
export interface ProvenRewards {
  readonly mature: readonly Coin[];
  readonly immature: readonly Coin[];
}

const utf8d = new TextDecoder();

function decimal(bytes: Uint8Array, what: string, height: bigint): bigint {
  const s = utf8d.decode(bytes);
  if (!/^\d+$/.test(s)) throw new ProofError("value", `${what} is not a decimal number: ${JSON.stringify(s.slice(0, 40))}`, height);
  return BigInt(s);
}

function decodeWith<T>(decode: (b: Uint8Array) => T, bytes: Uint8Array, what: string, height: bigint): T {
  return asProofError("value", `the proven ${what} does not decode`, () => decode(bytes), height);
}

/**
 * Reads whose every answer is proven: each value (or its absence) comes with an ICS23 proof
 * against the app hash of a header the light client accepted (a commit of more than 2/3 of a
 * trusted validator set). Anything that does not check throws a {@link ProofError} naming the
 * check. Values are read one height below the RPC's latest block, since the app hash of a height
 * is in the next block's header.
 *
 * @example
 * const rpc = httpLightClientRpc("http://127.0.0.1:26657");
 * const light = new LightClient({ chainId: "stratos-localnet", rpc, trust });
 * const verified = new VerifiedQueries(rpc, light);
 * const { value: balance, height } = await verified.getBalance("st1...");
 */
export class VerifiedQueries {
  private lightClient: Promise<LightClient> | undefined;

  /** `light` may be a function that builds the light client on first use (e.g. after a network call). */
  constructor(
    private readonly rpc: VerifiedQueryRpc,
    private readonly light: LightClient | (() => Promise<LightClient>),
  ) {}

  private async lightClientNow(): Promise<LightClient> {
    if (typeof this.light !== "function") return this.light;
    this.lightClient ??= this.light().catch((e: unknown) => {
      this.lightClient = undefined; // a failed start (network) may be retried
      throw e;
    });
    return this.lightClient;
  }

  /**
   * Proven values of `keys` at one height (undefined: proven absent). The height defaults to the
   * latest block minus one.
   *
   * @example
   * const { value: [raw], height } = await verified.getStateKeys([balanceStateKey(addr, "wei")]);
   */
  async getStateKeys(keys: readonly Uint8Array[], atHeight?: bigint): Promise<Proven<(Uint8Array | undefined)[]>> {
    const height = atHeight ?? (await this.latestProvableHeight());
    if (height < 1n) throw new ProofError("proof", `height ${height} cannot be proven (the first block's state is proven by header 2)`);
    const trusted = await (await this.lightClientNow()).verifyHeaderAt(height + 1n);
    const appHash = trusted.signedHeader.header.appHash;
    const values = await Promise.all(keys.map((key) => this.proveKey(key, height, appHash)));
    return { value: values, height, appHash };
  }

  /** The latest height whose app hash is in a header already made (latest block - 1). */
  async latestProvableHeight(): Promise<bigint> {
    if (!this.rpc.status) throw new ProofError("rpc_shape", "the RPC connection cannot tell the latest height; pass a height");
    return parseStatus(await this.rpc.status()).latestHeight - 1n;
  }

  private async proveKey(key: Uint8Array, height: bigint, appHash: Uint8Array): Promise<Uint8Array | undefined> {
    const answer = parseAbciQuery(await this.rpc.abciQuery(STORE_KEY_QUERY_PATH, key, height, true));
    if (answer.code !== 0) throw new ProofError("proof", `the node refused the proof query (code ${answer.code}): ${answer.log}`, height);
    if (answer.height !== height) throw new ProofError("proof", `answer is for height ${answer.height}, asked ${height}`, height);
    if (answer.key.length > 0 && !equalBytes(answer.key, key)) throw new ProofError("proof", "answer is for another key", height);
    const [op, ...extra] = answer.proofOps;
    if (op === undefined || extra.length > 0) throw new ProofError("proof", `expected exactly one proof op, got ${answer.proofOps.length}`, height);
    if (op.type !== STORE_PROOF_OP_TYPE) throw new ProofError("proof", `unknown proof op type ${JSON.stringify(op.type)}`, height);
    if (!equalBytes(op.key, key)) throw new ProofError("proof", "the proof op is for another key", height);
    const proof = asProofError("proof", "the proof does not decode", () => CommitmentProof.decode(op.data), height);
    // An empty answer is "absent" only if the proof says so; a present empty value has an existence proof.
    const present = answer.value.length > 0 || proof.exist !== undefined;
    try {
      verifySmtProof(proof, appHash, key, present ? answer.value : undefined);
    } catch (e) {
      if (e instanceof ProofError) throw new ProofError(e.kind, `${present ? "value" : "absence"} of the key not proven: ${e.reason}`, height, { cause: e });
      throw e;
    }
    return present ? answer.value : undefined;
  }

  private async one<T>(key: Uint8Array, decode: (raw: Uint8Array | undefined, height: bigint) => T, height?: bigint): Promise<Proven<T>> {
    const r = await this.getStateKeys([key], height);
    return { value: decode(r.value[0], r.height), height: r.height, appHash: r.appHash };
  }

  /**
   * Balance of `address` in `denom` (default `wei`); 0 when proven absent.
   *
   * @example
   * const { value, height } = await verified.getBalance("st1...");
   */
  getBalance(address: string, denom = "wei", height?: bigint): Promise<Proven<bigint>> {
    return this.one(balanceStateKey(address, denom), (raw, h) => (raw === undefined ? 0n : decimal(raw, "balance", h)), height);
  }

  /**
   * Total supply of `denom` (default `wei`).
   *
   * @example
   * const { value: supply } = await verified.getSupply();
   */
  getSupply(denom = "wei", height?: bigint): Promise<Proven<bigint>> {
    return this.one(supplyStateKey(denom), (raw, h) => (raw === undefined ? 0n : decimal(raw, "supply", h)), height);
  }

  /**
   * The account (number, sequence, key); null when proven absent.
   *
   * @example
   * const { value: account } = await verified.getAccount("st1...");
   */
  getAccount(address: string, height?: bigint): Promise<Proven<ProvenAccount | null>> {
    return this.one(
      accountStateKey(address),
      (raw, h) => {
        if (raw === undefined) return null;
        const any = decodeWith(Any.decode, raw, "account", h);
        if (any.typeUrl === "/cosmos.auth.v1beta1.ModuleAccount") {
          const m = decodeWith(ModuleAccount.decode, any.value, "module account", h);
          const b = m.baseAccount;
          return { address: b?.address ?? "", accountNumber: b?.accountNumber ?? 0n, sequence: b?.sequence ?? 0n, moduleName: m.name };
        }
        if (any.typeUrl !== "/cosmos.auth.v1beta1.BaseAccount") throw new ProofError("value", `unknown account type ${any.typeUrl}`, h);
        const b = decodeWith(BaseAccount.decode, any.value, "account", h);
        return { address: b.address, accountNumber: b.accountNumber, sequence: b.sequence, ...(b.pubKey ? { pubKey: b.pubKey } : {}) };
      },
      height,
    );
  }

  /**
   * The on-chain record of a file (CID, owner, size, Merkle root, holders...); null when proven absent.
   *
   * @example
   * const { value: record } = await verified.getFileRecord("bafkr...");
   */
  getFileRecord(cid: string, height?: bigint): Promise<Proven<FileInfo | null>> {
    return this.one(fileRecordStateKey(cid), (raw, h) => (raw === undefined ? null : decodeWith(FileInfo.decode, raw, "file record", h)), height);
  }

  /**
   * A wallet's mature (withdrawable) and immature reward totals; empty when proven absent.
   *
   * @example
   * const { value: { mature, immature } } = await verified.getRewards("st1...");
   */
  async getRewards(wallet: string, height?: bigint): Promise<Proven<ProvenRewards>> {
    const keys = rewardStateKeys(wallet);
    const r = await this.getStateKeys([keys.mature, keys.immature], height);
    const [mature, immature] = r.value;
    return {
      value: {
        mature: mature === undefined ? [] : decodeWith(MatureTotal.decode, mature, "mature total", r.height).value,
        immature: immature === undefined ? [] : decodeWith(ImmatureTotal.decode, immature, "immature total", r.height).value,
      },
      height: r.height,
      appHash: r.appHash,
    };
  }

  /**
   * The volume report recorded for `epoch` (reporter, reference, tx hash); null when proven absent.
   *
   * @example
   * const { value: report } = await verified.getVolumeReport(12n);
   */
  getVolumeReport(epoch: bigint, height?: bigint): Promise<Proven<VolumeReportRecord | null>> {
    return this.one(volumeReportStateKey(epoch), (raw, h) => (raw === undefined ? null : decodeWith(VolumeReportRecord.decode, raw, "volume report", h)), height);
  }

  /**
   * A registered resource node; null when proven absent.
   *
   * @example
   * const { value: node } = await verified.getResourceNode("stsds1...");
   */
  getResourceNode(networkAddress: string, height?: bigint): Promise<Proven<ResourceNode | null>> {
    return this.one(nodeStateKey("resource", networkAddress), (raw, h) => (raw === undefined ? null : decodeWith(ResourceNode.decode, raw, "resource node", h)), height);
  }

  /**
   * A registered meta node; null when proven absent.
   *
   * @example
   * const { value: node } = await verified.getMetaNode("stsds1...");
   */
  getMetaNode(networkAddress: string, height?: bigint): Promise<Proven<MetaNode | null>> {
    return this.one(nodeStateKey("meta", networkAddress), (raw, h) => (raw === undefined ? null : decodeWith(MetaNode.decode, raw, "meta node", h)), height);
  }
}
