import type { MsgMultiSend, MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { isAccAddress } from "../../types/address";
import { addCoins, checkedCoins as checkedWireCoins, type Coin } from "../../types/coin";
import { ErrInvalidAddress, ErrInvalidCoins } from "../../types/errors";
import { ErrInputOutputMismatch, ErrMultipleSenders, ErrNoInputs, ErrNoOutputs } from "./errors";

/** Parses and validates a coin list from the wire, as `sdk.Coins.Validate` + `IsAllPositive`. */
export function checkedCoins(wire: readonly { denom: string; amount: string }[]): Coin[] {
  return checkedWireCoins(wire, ErrInvalidCoins);
}

/** MsgSend stateless checks (x/bank msgs.go ValidateBasic). */
export function validateMsgSend(msg: MsgSend): void {
  if (!isAccAddress(msg.fromAddress)) throw ErrInvalidAddress.wrap(`invalid from address: ${msg.fromAddress}`);
  if (!isAccAddress(msg.toAddress)) throw ErrInvalidAddress.wrap(`invalid to address: ${msg.toAddress}`);
  checkedCoins(msg.amount);
}

/** MsgMultiSend stateless checks: exactly one input, at least one output, sums equal. */
export function validateMsgMultiSend(msg: MsgMultiSend): void {
  if (msg.inputs.length === 0) throw ErrNoInputs.error();
  if (msg.inputs.length !== 1) throw ErrMultipleSenders.error();
  if (msg.outputs.length === 0) throw ErrNoOutputs.error();
  const input = msg.inputs[0]!;
  if (!isAccAddress(input.address)) throw ErrInvalidAddress.wrap(`invalid input address: ${input.address}`);
  const inCoins = checkedCoins(input.coins);
  const outSets: Coin[][] = [];
  for (const out of msg.outputs) {
    if (!isAccAddress(out.address)) throw ErrInvalidAddress.wrap(`invalid output address: ${out.address}`);
    outSets.push(checkedCoins(out.coins));
  }
  const outSum = addCoins(...outSets);
  const same = outSum.length === inCoins.length && outSum.every((c, i) => c.denom === inCoins[i]!.denom && c.amount === inCoins[i]!.amount);
  if (!same) throw ErrInputOutputMismatch.error();
}
