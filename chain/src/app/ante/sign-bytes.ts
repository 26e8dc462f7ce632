import { makeSignDoc, serializeSignDoc, type StdFee } from "@cosmjs/amino";
import { AminoTypes } from "@cosmjs/stargate";
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { DecodedTx } from "./decode";

/** SIGN_MODE_DIRECT: SignDoc{body_bytes, auth_info_bytes, chain_id, account_number} over the RAW received bytes. */
export function directSignBytes(tx: DecodedTx, chainId: string, accountNumber: bigint): Uint8Array {
  return SignDoc.encode({ bodyBytes: tx.bodyBytes, authInfoBytes: tx.authInfoBytes, chainId, accountNumber }).finish();
}

/**
 * SIGN_MODE_LEGACY_AMINO_JSON: the sorted, escaped StdSignDoc JSON rebuilt from the decoded
 * tx, with the same converters cosmjs and Keplr use to build it on the client side.
 */
export function aminoSignBytes(tx: DecodedTx, aminoTypes: AminoTypes, chainId: string, accountNumber: bigint, sequence: bigint): Uint8Array {
  const fee = tx.authInfo.fee;
  const stdFee: StdFee = {
    amount: (fee?.amount ?? []).map((c) => ({ denom: c.denom, amount: c.amount })),
    gas: (fee?.gasLimit ?? 0n).toString(),
    ...(fee?.payer ? { payer: fee.payer } : {}),
    ...(fee?.granter ? { granter: fee.granter } : {}),
  };
  const msgs = tx.msgs.map((m) => aminoTypes.toAmino({ typeUrl: m.typeUrl, value: m.msg }));
  const timeout = tx.body.timeoutHeight > 0n ? tx.body.timeoutHeight : undefined;
  const doc = makeSignDoc(msgs, stdFee, chainId, tx.body.memo, accountNumber.toString(), sequence.toString(), timeout);
  return serializeSignDoc(doc);
}
