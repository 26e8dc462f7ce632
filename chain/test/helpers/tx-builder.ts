import { makeSignDoc as makeAminoSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { AminoTypes, createBankAminoConverters } from "@cosmjs/stargate";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Any } from "cosmjs-types/google/protobuf/any";
import { signBytes, type TestKey } from "./keys";

/** A message ready for a TxBody. */
export interface TestMsg {
  readonly typeUrl: string;
  readonly value: Uint8Array;
  /** The decoded value, needed for amino signing. */
  readonly json: unknown;
}

export function msgSend(from: string, to: string, amount: bigint, denom = "wei"): TestMsg {
  const json = { fromAddress: from, toAddress: to, amount: [{ denom, amount: amount.toString() }] };
  return { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.encode(MsgSend.fromPartial(json)).finish(), json };
}

/** Everything that goes into one signed tx. */
export interface TxSpec {
  readonly key: TestKey;
  readonly chainId: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  readonly msgs: readonly TestMsg[];
  readonly gasLimit?: bigint;
  readonly feeAmount?: bigint;
  readonly feeDenom?: string;
  readonly memo?: string;
  readonly timeoutHeight?: bigint;
  readonly mode?: "direct" | "amino";
  /** Sign with these bytes instead (to test wrong chain-id etc.). */
  readonly signChainId?: string;
}

const amino = new AminoTypes(createBankAminoConverters());

/** Builds and signs a tx with the native signer: fast enough to pre-sign tens of thousands. */
export function buildTx(spec: TxSpec): Uint8Array {
  const gasLimit = spec.gasLimit ?? 200_000n;
  const feeAmount = spec.feeAmount ?? gasLimit * 1_000_000_000n;
  const feeDenom = spec.feeDenom ?? "wei";
  const mode = spec.mode ?? "direct";
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({
      messages: spec.msgs.map((m) => Any.fromPartial({ typeUrl: m.typeUrl, value: m.value })),
      memo: spec.memo ?? "",
      timeoutHeight: spec.timeoutHeight ?? 0n,
    }),
  ).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: Any.fromPartial({ typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: spec.key.pubkey }).finish() }),
          modeInfo: { single: { mode: mode === "direct" ? SignMode.SIGN_MODE_DIRECT : SignMode.SIGN_MODE_LEGACY_AMINO_JSON } },
          sequence: spec.sequence,
        },
      ],
      fee: { amount: feeAmount > 0n ? [{ denom: feeDenom, amount: feeAmount.toString() }] : [], gasLimit },
    }),
  ).finish();
  const chainId = spec.signChainId ?? spec.chainId;
  let toSign: Uint8Array;
  if (mode === "direct") {
    toSign = SignDoc.encode({ bodyBytes, authInfoBytes, chainId, accountNumber: spec.accountNumber }).finish();
  } else {
    const msgs = spec.msgs.map((m) => amino.toAmino({ typeUrl: m.typeUrl, value: m.json }));
    const fee = { amount: feeAmount > 0n ? [{ denom: feeDenom, amount: feeAmount.toString() }] : [], gas: gasLimit.toString() };
    toSign = serializeSignDoc(makeAminoSignDoc(msgs, fee, chainId, spec.memo ?? "", spec.accountNumber.toString(), spec.sequence.toString(), spec.timeoutHeight));
  }
  const signature = signBytes(spec.key, toSign);
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signature] }).finish();
}
