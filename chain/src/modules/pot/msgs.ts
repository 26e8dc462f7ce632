import type { stratos } from "@stratos/proto";
import { isAccAddress, isSdsAddress } from "../../types/address";
import { checkedCoins, type Coin } from "../../types/coin";
import type { ErrorKind } from "../../types/errors";
import * as E from "./errors";
import { MAX_EPOCH } from "./keys";

/** Stateless checks of the pot messages (x/pot/types/msg.go ValidateBasic, with a few stricter ones). */

const INT_RE = /^-?[0-9]{1,78}$/;

/** Parses a cosmos Int string; throws `kind` for a malformed one. */
export function parseIntString(s: string, what: string, kind: ErrorKind): bigint {
  if (!INT_RE.test(s)) throw kind.wrap(`${what}: invalid integer ${JSON.stringify(s)}`);
  return BigInt(s);
}

export function validateMsgVolumeReport(msg: stratos.pot.v1.MsgVolumeReport): void {
  if (!msg.reporter) throw E.ErrEmptyReporterAddr.error();
  if (!isSdsAddress(msg.reporter)) throw E.ErrReporterAddress.wrap(`not a stsds address: ${JSON.stringify(msg.reporter)}`);
  if (msg.walletVolumes.length === 0) throw E.ErrEmptyWalletVolumes.error();
  const epoch = parseIntString(msg.epoch, "epoch", E.ErrEpochNotPositive);
  if (epoch <= 0n) throw E.ErrEpochNotPositive.wrap(`epoch ${epoch}`);
  if (epoch > MAX_EPOCH) throw E.ErrMatureEpoch.wrap(`epoch ${epoch} is out of range`);
  if (!msg.reportReference) throw E.ErrEmptyReportReference.error();
  if (!isAccAddress(msg.reporterOwner)) throw E.ErrReporterOwnerAddr.wrap(`invalid reporter owner ${JSON.stringify(msg.reporterOwner)}`);
  let total = 0n;
  for (const [i, v] of msg.walletVolumes.entries()) {
    if (!v.walletAddress) throw E.ErrMissingWalletAddress.wrap(`wallet_volumes[${i}]`);
    if (!isAccAddress(v.walletAddress)) throw E.ErrInvalidAddress.wrap(`wallet_volumes[${i}]: invalid wallet address ${JSON.stringify(v.walletAddress)}`);
    const vol = parseIntString(v.volume, `wallet_volumes[${i}].volume`, E.ErrNegativeVolume);
    if (vol < 0n) throw E.ErrNegativeVolume.wrap(`wallet_volumes[${i}].volume is ${vol}`);
    total += vol;
  }
  if (total === 0n) throw E.ErrVolumeReport.wrap("the report's total volume is zero, so there is no traffic to reward");
  const sig = msg.BLSSignature;
  if (!sig || sig.signature.length === 0) throw E.ErrBLSSignatureInvalid.wrap("empty signature");
  if (sig.txData.length === 0) throw E.ErrBLSTxDataInvalid.wrap("empty txData");
  if (sig.pubKeys.length === 0) throw E.ErrBLSPubkeysInvalid.wrap("no public keys");
  for (const [i, pk] of sig.pubKeys.entries()) if (pk.length === 0) throw E.ErrBLSPubkeysInvalid.wrap(`pub_keys[${i}] is empty`);
}

export function validateMsgWithdraw(msg: stratos.pot.v1.MsgWithdraw): Coin[] {
  const coins = checkedCoins(msg.amount, E.ErrWithdrawAmountInvalid);
  if (!msg.walletAddress) throw E.ErrMissingWalletAddress.error();
  if (!isAccAddress(msg.walletAddress)) throw E.ErrInvalidAddress.wrap(`invalid wallet address ${JSON.stringify(msg.walletAddress)}`);
  if (!msg.targetAddress) throw E.ErrMissingTargetAddress.error();
  if (!isAccAddress(msg.targetAddress)) throw E.ErrInvalidAddress.wrap(`invalid target address ${JSON.stringify(msg.targetAddress)}`);
  return coins;
}

export function validateMsgFoundationDeposit(msg: stratos.pot.v1.MsgFoundationDeposit): Coin[] {
  const coins = checkedCoins(msg.amount, E.ErrFoundationDepositAmountInvalid);
  if (!msg.from) throw E.ErrEmptyFromAddr.error();
  if (!isAccAddress(msg.from)) throw E.ErrInvalidAddress.wrap(`invalid from address ${JSON.stringify(msg.from)}`);
  return coins;
}

export function validateMsgSlashingResourceNode(msg: stratos.pot.v1.MsgSlashingResourceNode): void {
  if (!msg.networkAddress) throw E.ErrInvalidAddress.wrap("missing network address");
  if (!isSdsAddress(msg.networkAddress)) throw E.ErrInvalidAddress.wrap(`not a stsds address: ${JSON.stringify(msg.networkAddress)}`);
  if (!msg.walletAddress) throw E.ErrMissingWalletAddress.error();
  if (!isAccAddress(msg.walletAddress)) throw E.ErrInvalidAddress.wrap(`invalid wallet address ${JSON.stringify(msg.walletAddress)}`);
  if (msg.reporters.length === 0) throw E.ErrEmptyReporterAddr.wrap("no reporters");
  if (msg.reporters.length !== msg.reporterOwner.length) {
    throw E.ErrReporterAddressOrOwner.wrap(`${msg.reporters.length} reporters but ${msg.reporterOwner.length} owners`);
  }
  const seen = new Set<string>();
  for (const [i, r] of msg.reporters.entries()) {
    if (!r) throw E.ErrEmptyReporterAddr.wrap(`reporters[${i}]`);
    if (!isSdsAddress(r)) throw E.ErrReporterAddress.wrap(`reporters[${i}] is not a stsds address: ${JSON.stringify(r)}`);
    if (seen.has(r)) throw E.ErrReporterAddressOrOwner.wrap(`reporter ${r} is listed twice`);
    seen.add(r);
  }
  for (const [i, o] of msg.reporterOwner.entries()) {
    if (!isAccAddress(o)) throw E.ErrReporterOwnerAddr.wrap(`reporter_owner[${i}]: ${JSON.stringify(o)}`);
  }
  const slashing = parseIntString(msg.slashing, "slashing", E.ErrInvalidAmount);
  if (slashing < 0n) throw E.ErrInvalidAmount.wrap(`slashing ${slashing} is negative`);
}
