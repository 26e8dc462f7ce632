import type { EncodeObject } from "@cosmjs/proto-signing";
import { stratos } from "@stratos/proto";
import type { Params } from "@stratos/proto/gen/ts/stratos/pot/v1/pot";
import type {
  BLSSignatureInfo,
  MsgFoundationDeposit,
  MsgSlashingResourceNode,
  MsgUpdateParams,
  MsgVolumeReport,
  MsgWithdraw,
} from "@stratos/proto/gen/ts/stratos/pot/v1/tx";
import { toCoins, toIntString, type CoinsAmount, type IntValue } from "./common";

const tx = stratos.pot.v1;

/**
 * `MsgVolumeReport` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgVolumeReportEncodeObject = msgVolumeReport({ ... });
 */
export interface MsgVolumeReportEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.pot.v1.MsgVolumeReport";
  readonly value: MsgVolumeReport;
}

/**
 * Input of {@link msgVolumeReport}. A `MsgVolumeReport` value is accepted as it is.
 *
 * @example
 * const input: VolumeReportInput = { walletVolumes: [{ walletAddress: "st1...", volume: 1000n }], reporter: "stsds1meta", epoch: 12n, reportReference: "ref-12", reporterOwner: "st1owner" };
 */
export interface VolumeReportInput {
  /** Traffic (noz) served per wallet. */
  readonly walletVolumes: readonly { readonly walletAddress: string; readonly volume: IntValue }[];
  /** The reporting meta node (`stsds`). */
  readonly reporter: string;
  /** The epoch; greater than the last distributed one. */
  readonly epoch: IntValue;
  readonly reportReference: string;
  /** Owner of the reporter; signs the tx. */
  readonly reporterOwner: string;
  /** The meta nodes' signatures; see `signVolumeReport`. */
  readonly BLSSignature?: BLSSignatureInfo;
}

/**
 * A meta node reports the traffic of one epoch (signer: `reporterOwner`). Sign it with
 * `signVolumeReport` before sending.
 *
 * @example
 * const unsigned = msgVolumeReport({ walletVolumes: [{ walletAddress: "st1...", volume: 1000n }], reporter: "stsds1meta", epoch: 12n, reportReference: "ref-12", reporterOwner: "st1owner" });
 * const msg = msgVolumeReport(signVolumeReport(unsigned.value, [metaNodeKey]));
 */
export function msgVolumeReport(input: VolumeReportInput): MsgVolumeReportEncodeObject {
  return {
    typeUrl: "/stratos.pot.v1.MsgVolumeReport",
    value: tx.MsgVolumeReport.fromPartial({
      walletVolumes: input.walletVolumes.map((v) => ({ walletAddress: v.walletAddress, volume: toIntString(v.volume) })),
      reporter: input.reporter,
      epoch: toIntString(input.epoch),
      reportReference: input.reportReference,
      reporterOwner: input.reporterOwner,
      BLSSignature: input.BLSSignature,
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgVolumeReport`.
 *
 * @example
 * if (isMsgVolumeReportEncodeObject(o)) console.log(o.value.epoch);
 */
export function isMsgVolumeReportEncodeObject(o: EncodeObject): o is MsgVolumeReportEncodeObject {
  return o.typeUrl === "/stratos.pot.v1.MsgVolumeReport";
}

/**
 * `MsgWithdraw` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgWithdrawEncodeObject = msgWithdraw({ walletAddress: "st1...", amount: 5n });
 */
export interface MsgWithdrawEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.pot.v1.MsgWithdraw";
  readonly value: MsgWithdraw;
}

/**
 * Input of {@link msgWithdraw}.
 *
 * @example
 * const input: WithdrawInput = { walletAddress: "st1...", amount: 10n ** 18n, targetAddress: "st1other..." };
 */
export interface WithdrawInput {
  /** wei as a bigint, or coins. */
  readonly amount: CoinsAmount;
  readonly walletAddress: string;
  /** Where the coins go; default: the wallet. */
  readonly targetAddress?: string;
}

/**
 * Withdraws matured rewards (signer: `walletAddress`).
 *
 * @example
 * const msg = msgWithdraw({ walletAddress: "st1...", amount: 10n ** 18n });
 */
export function msgWithdraw(input: WithdrawInput): MsgWithdrawEncodeObject {
  return {
    typeUrl: "/stratos.pot.v1.MsgWithdraw",
    value: tx.MsgWithdraw.fromPartial({ amount: toCoins(input.amount), walletAddress: input.walletAddress, targetAddress: input.targetAddress ?? input.walletAddress }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgWithdraw`.
 *
 * @example
 * if (isMsgWithdrawEncodeObject(o)) console.log(o.value.amount);
 */
export function isMsgWithdrawEncodeObject(o: EncodeObject): o is MsgWithdrawEncodeObject {
  return o.typeUrl === "/stratos.pot.v1.MsgWithdraw";
}

/**
 * `MsgFoundationDeposit` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgFoundationDepositEncodeObject = msgFoundationDeposit({ from: "st1...", amount: 1n });
 */
export interface MsgFoundationDepositEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.pot.v1.MsgFoundationDeposit";
  readonly value: MsgFoundationDeposit;
}

/**
 * Funds the foundation account that pays mining rewards (signer: `from`).
 *
 * @example
 * const msg = msgFoundationDeposit({ from: "st1...", amount: 10n ** 18n });
 */
export function msgFoundationDeposit(input: { readonly from: string; readonly amount: CoinsAmount }): MsgFoundationDepositEncodeObject {
  return { typeUrl: "/stratos.pot.v1.MsgFoundationDeposit", value: tx.MsgFoundationDeposit.fromPartial({ amount: toCoins(input.amount), from: input.from }) };
}

/**
 * Whether an `EncodeObject` is a `MsgFoundationDeposit`.
 *
 * @example
 * if (isMsgFoundationDepositEncodeObject(o)) console.log(o.value.amount);
 */
export function isMsgFoundationDepositEncodeObject(o: EncodeObject): o is MsgFoundationDepositEncodeObject {
  return o.typeUrl === "/stratos.pot.v1.MsgFoundationDeposit";
}

/**
 * `MsgSlashingResourceNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgSlashingResourceNodeEncodeObject = msgSlashingResourceNode({ ... });
 */
export interface MsgSlashingResourceNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.pot.v1.MsgSlashingResourceNode";
  readonly value: MsgSlashingResourceNode;
}

/**
 * Input of {@link msgSlashingResourceNode}.
 *
 * @example
 * const input: SlashingResourceNodeInput = { reporters: ["stsds1meta"], reporterOwner: ["st1owner"], networkAddress: "stsds1rn", walletAddress: "st1rnowner", slashing: 100n, suspend: true };
 */
export interface SlashingResourceNodeInput {
  /** Reporting meta nodes (`stsds`). */
  readonly reporters: readonly string[];
  /** Their owners (`st`), same order; every one signs. */
  readonly reporterOwner: readonly string[];
  /** The resource node. */
  readonly networkAddress: string;
  /** The wallet that owes the debt. */
  readonly walletAddress: string;
  /** In noz; converted to wei by the traffic-reward formula. */
  readonly slashing: IntValue;
  /** Suspend the node (false also clears a suspension). */
  readonly suspend: boolean;
}

/**
 * Meta nodes slash a resource node (signers: every `reporterOwner`).
 *
 * @example
 * const msg = msgSlashingResourceNode({ reporters: ["stsds1meta"], reporterOwner: ["st1owner"], networkAddress: "stsds1rn", walletAddress: "st1rnowner", slashing: 100n, suspend: true });
 */
export function msgSlashingResourceNode(input: SlashingResourceNodeInput): MsgSlashingResourceNodeEncodeObject {
  return {
    typeUrl: "/stratos.pot.v1.MsgSlashingResourceNode",
    value: tx.MsgSlashingResourceNode.fromPartial({
      reporters: [...input.reporters],
      reporterOwner: [...input.reporterOwner],
      networkAddress: input.networkAddress,
      walletAddress: input.walletAddress,
      slashing: toIntString(input.slashing),
      suspend: input.suspend,
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgSlashingResourceNode`.
 *
 * @example
 * if (isMsgSlashingResourceNodeEncodeObject(o)) console.log(o.value.slashing);
 */
export function isMsgSlashingResourceNodeEncodeObject(o: EncodeObject): o is MsgSlashingResourceNodeEncodeObject {
  return o.typeUrl === "/stratos.pot.v1.MsgSlashingResourceNode";
}

/**
 * `stratos.pot.v1.MsgUpdateParams` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdatePotParamsEncodeObject = msgUpdatePotParams({ authority: govAddress, params });
 */
export interface MsgUpdatePotParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.pot.v1.MsgUpdateParams";
  readonly value: MsgUpdateParams;
}

/**
 * Replaces all pot params (signer: `authority`, the x/gov module account).
 *
 * @example
 * const params = await client.pot.params();
 * const msg = msgUpdatePotParams({ authority: govAddress, params: { ...params, matureEpoch: 100n } });
 */
export function msgUpdatePotParams(input: { readonly authority: string; readonly params: Params }): MsgUpdatePotParamsEncodeObject {
  return { typeUrl: "/stratos.pot.v1.MsgUpdateParams", value: tx.MsgUpdateParams.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `stratos.pot.v1.MsgUpdateParams`.
 *
 * @example
 * if (isMsgUpdatePotParamsEncodeObject(o)) console.log(o.value.params);
 */
export function isMsgUpdatePotParamsEncodeObject(o: EncodeObject): o is MsgUpdatePotParamsEncodeObject {
  return o.typeUrl === "/stratos.pot.v1.MsgUpdateParams";
}
