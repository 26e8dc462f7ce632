import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import type { AminoTypes } from "@cosmjs/stargate";
import type { Account, AuthKeeper } from "../../modules/auth";
import { SECP256K1_PUBKEY_TYPE_URL } from "../../modules/auth";
import type { BankKeeper } from "../../modules/bank";
import { decodeAccAddress, isAccAddress, secp256k1PubkeyToAddress } from "../../types/address";
import { CoinError, coinsFromWire, formatCoin, formatCoins, validateCoins, type Coin } from "../../types/coin";
import {
  ErrInsufficientFee,
  ErrInsufficientFunds,
  ErrInvalidAddress,
  ErrInvalidCoins,
  ErrInvalidGasLimit,
  ErrInvalidPubKey,
  ErrInvalidRequest,
  ErrMemoTooLarge,
  ErrNoSignatures,
  ErrNotSupported,
  ErrTooManySignatures,
  ErrTxTimeoutHeight,
  ErrTxTooLarge,
  ErrUnauthorized,
  ErrUnknownAddress,
  ErrUnknownExtensionOptions,
  ErrWrongSequence,
} from "../../types/errors";
import type { Context } from "../context";
import { MAX_GAS_WANTED } from "../gas";
import { signDigestKey, type DecodedTx } from "./decode";
import { isValidCompressedPubkey, sha256Digest, verifySecp256k1Digest } from "./secp256k1";
import { aminoSignBytes, directSignBytes } from "./sign-bytes";
import type { SignatureCache } from "./signature-cache";

export { FEE_COLLECTOR } from "../../types/module-accounts";
import { FEE_COLLECTOR } from "../../types/module-accounts";

/** Everything the ante pipeline needs, wired by the app. */
export interface AnteDeps {
  readonly auth: AuthKeeper;
  readonly bank: BankKeeper;
  readonly aminoTypes: AminoTypes;
  /** Node setting (not consensus): checked in CheckTx only, as the SDK does. */
  readonly minGasPrice: Coin | undefined;
  readonly maxTxBytes: number;
  readonly signatureCache: SignatureCache;
}

/** Bytes a signature and a public key add to a real tx; charged in simulate where they are missing. */
const SIMULATED_SIG_BYTES = 66n;
const SIMULATED_PUBKEY_BYTES = 70n;
/** Bytes of a fee coin (`{denom, amount}` with a 20-digit amount) missing from a simulated tx. */
const SIMULATED_FEE_BYTES = 40n;
const SIMULATED_FEE_PROBE = 10n ** 20n;

/** Stateless checks that need no store (the SDK's ValidateBasic + message ValidateBasic). */
export function validateTxBasic(tx: DecodedTx, deps: AnteDeps, simulate: boolean): Coin[] {
  if (tx.raw.length > deps.maxTxBytes) throw ErrTxTooLarge.wrap(`tx size ${tx.raw.length} exceeds the limit of ${deps.maxTxBytes} bytes`);
  if (tx.msgs.length === 0) throw ErrInvalidRequest.wrap("must contain at least one message");
  if (tx.body.extensionOptions.length > 0) throw ErrUnknownExtensionOptions.wrap("unknown extension options");
  const fee = tx.authInfo.fee;
  if (!fee) throw ErrInvalidRequest.wrap("missing fee");
  if (fee.gasLimit > MAX_GAS_WANTED) throw ErrInvalidGasLimit.wrap(`invalid gas supplied; ${fee.gasLimit} > ${MAX_GAS_WANTED}`);
  let feeCoins: Coin[];
  try {
    feeCoins = coinsFromWire(fee.amount);
  } catch (e) {
    if (e instanceof CoinError) throw ErrInvalidCoins.wrap(`invalid fee: ${e.message}`);
    throw e;
  }
  const problem = validateCoins(feeCoins);
  if (problem) throw ErrInvalidCoins.wrap(`invalid fee: ${problem}`);
  if (fee.granter) throw ErrNotSupported.wrap("fee grants are not supported");
  if (!simulate && tx.signatures.length === 0) throw ErrNoSignatures.error();
  if (tx.signatures.length !== tx.signers.length) {
    throw ErrUnauthorized.wrap(`wrong number of signers; expected ${tx.signers.length}, got ${tx.signatures.length}`);
  }
  if (tx.authInfo.signerInfos.length !== tx.signers.length) {
    throw ErrUnauthorized.wrap(`wrong number of signer infos; expected ${tx.signers.length}, got ${tx.authInfo.signerInfos.length}`);
  }
  for (let i = 0; i < tx.msgs.length; i++) {
    const m = tx.msgs[i]!;
    m.route.validateBasic(m.msg);
  }
  // Every signer must be an account address, whatever a message's own checks cover (the SDK's
  // GetSigners fails the same way): the fee payer and the accounts below are looked up by it.
  for (const signer of tx.signers) {
    if (!isAccAddress(signer)) throw ErrInvalidAddress.wrap(`invalid signer address ${JSON.stringify(signer.slice(0, 100))}`);
  }
  return feeCoins;
}

/**
 * The ante pipeline in the Cosmos SDK order (x/auth/ante NewAnteHandler): timeout height,
 * memo, tx-size gas, fee check and deduction, public keys, signature count, signature gas,
 * sequence and signature verification, sequence increment. Writes go to `ctx.store`, which
 * the caller commits only when every step passed.
 */
export function runAnte(ctx: Context, tx: DecodedTx, deps: AnteDeps): void {
  const simulate = ctx.mode === "simulate";
  const isCheck = ctx.mode === "check" || ctx.mode === "recheck";
  const feeCoins = validateTxBasic(tx, deps, simulate);
  const fee = tx.authInfo.fee!;
  const params = deps.auth.getParams(ctx.store);

  // TxTimeoutHeight
  if (tx.body.timeoutHeight > 0n && ctx.height > tx.body.timeoutHeight) {
    throw ErrTxTimeoutHeight.wrap(`block height: ${ctx.height}, timeout height: ${tx.body.timeoutHeight}`);
  }
  // ValidateMemo
  const memoChars = [...tx.body.memo].length;
  if (BigInt(memoChars) > params.maxMemoCharacters) {
    throw ErrMemoTooLarge.wrap(`maximum number of characters is ${params.maxMemoCharacters} but received ${memoChars} characters`);
  }
  // ConsumeGasForTxSize
  ctx.gasMeter.consume(params.txSizeCostPerByte * BigInt(tx.raw.length), "txSize");
  if (simulate) {
    for (let i = 0; i < tx.signers.length; i++) {
      if ((tx.signatures[i]?.length ?? 0) === 0) ctx.gasMeter.consume(params.txSizeCostPerByte * SIMULATED_SIG_BYTES, "txSize");
      if (!tx.authInfo.signerInfos[i]?.publicKey) ctx.gasMeter.consume(params.txSizeCostPerByte * SIMULATED_PUBKEY_BYTES, "txSize");
    }
  }
  // DeductFee
  if (!simulate && fee.gasLimit === 0n) throw ErrInvalidGasLimit.wrap("must provide positive gas");
  if (isCheck && !simulate && deps.minGasPrice && deps.minGasPrice.amount > 0n) {
    const required: Coin = { denom: deps.minGasPrice.denom, amount: deps.minGasPrice.amount * fee.gasLimit };
    const paid = feeCoins.find((c) => c.denom === required.denom)?.amount ?? 0n;
    if (paid < required.amount) {
      throw ErrInsufficientFee.wrap(`insufficient fees; got: ${formatCoins(feeCoins) || "0" + required.denom} required: ${formatCoin(required)}`);
    }
  }
  const payer = fee.payer || tx.signers[0]!;
  if (fee.payer && !tx.signers.includes(fee.payer)) throw ErrUnauthorized.wrap(`fee payer ${fee.payer} is not a signer`);
  if (!deps.auth.hasAccount(ctx.store, payer)) throw ErrUnknownAddress.wrap(`fee payer address: ${payer} does not exist`);
  if (feeCoins.length > 0) {
    try {
      deps.bank.sendCoinsFromAccountToModule(ctx, payer, FEE_COLLECTOR, feeCoins);
    } catch (e) {
      if (ErrInsufficientFunds.is(e)) throw ErrInsufficientFunds.wrap(`${e.message.replace(/: insufficient funds$/, "")}; failed to deduct fees`);
      throw e;
    }
  }
  if (simulate && feeCoins.length === 0) {
    // cosmjs and Keplr simulate with an empty fee, but the real tx will pay one: charge the
    // gas of a fee transfer (and of the fee's bytes) on this throwaway branch so the
    // estimate covers it. Only a payer with no balance at all skips it.
    ctx.gasMeter.consume(params.txSizeCostPerByte * SIMULATED_FEE_BYTES, "txSize");
    // A large probe (up to 10^20) makes the written balances at least as long as a real
    // fee would, since write gas is charged per byte.
    const denom = deps.minGasPrice?.denom ?? "wei";
    const available = deps.bank.getBalance(ctx.store, payer, denom).amount;
    const probe: Coin = { denom, amount: available < SIMULATED_FEE_PROBE ? available : SIMULATED_FEE_PROBE };
    if (probe.amount > 0n) deps.bank.sendCoinsFromAccountToModule(ctx, payer, FEE_COLLECTOR, [probe]);
  }
  ctx.events.emit("tx", [
    ["fee", formatCoins(feeCoins)],
    ["fee_payer", payer],
  ]);

  // SetPubKey: load signer accounts, bind public keys to addresses.
  const accounts: Account[] = [];
  const pubkeys: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < tx.signers.length; i++) {
    const signer = tx.signers[i]!;
    const acc = deps.auth.getAccount(ctx.store, signer);
    if (!acc) throw ErrUnknownAddress.wrap(`account ${signer} does not exist`);
    const info = tx.authInfo.signerInfos[i]!;
    let pk: Uint8Array | undefined;
    if (info.publicKey) {
      if (info.publicKey.typeUrl !== SECP256K1_PUBKEY_TYPE_URL) throw ErrInvalidPubKey.wrap(`unsupported public key type ${info.publicKey.typeUrl}`);
      try {
        pk = PubKey.decode(info.publicKey.value).key;
      } catch {
        throw ErrInvalidPubKey.wrap("malformed secp256k1 public key");
      }
      if (acc.pubKey) {
        // Already bound to this account (and checked then): it must be the same key.
        if (!Buffer.from(acc.pubKey).equals(pk)) throw ErrInvalidPubKey.wrap(`pubKey does not match signer address ${signer} with signer index: ${i}`);
      } else {
        if (!isValidCompressedPubkey(pk)) throw ErrInvalidPubKey.wrap("public key is not a valid compressed secp256k1 point");
        if (!Buffer.from(secp256k1PubkeyToAddress(pk)).equals(decodeAccAddress(signer))) {
          throw ErrInvalidPubKey.wrap(`pubKey does not match signer address ${signer} with signer index: ${i}`);
        }
      }
    }
    pk = pk ?? acc.pubKey;
    accounts.push(acc);
    pubkeys.push(pk);
    const sig = tx.signatures[i] ?? new Uint8Array();
    ctx.events.emit("tx", [["acc_seq", `${signer}/${info.sequence}`]]);
    ctx.events.emit("tx", [["signature", Buffer.from(sig).toString("base64")]]);
  }
  // ValidateSigCount
  if (BigInt(tx.signers.length) > params.txSigLimit) {
    throw ErrTooManySignatures.wrap(`signatures: ${tx.signers.length}, limit: ${params.txSigLimit}`);
  }
  // SigGasConsume
  for (let i = 0; i < tx.signers.length; i++) ctx.gasMeter.consume(params.sigVerifyCostSecp256k1, "ante verify: secp256k1");

  // SigVerification and IncrementSequence
  for (let i = 0; i < tx.signers.length; i++) {
    const acc = accounts[i]!;
    const info = tx.authInfo.signerInfos[i]!;
    const pk = pubkeys[i];
    if (!pk && !simulate) throw ErrInvalidPubKey.wrap("pubkey on account is not set");
    if (info.sequence !== acc.sequence) {
      throw ErrWrongSequence.wrap(`account sequence mismatch, expected ${acc.sequence}, got ${info.sequence}`);
    }
    if (!simulate && ctx.mode !== "recheck" && ctx.mode !== "genesis") {
      verifySignature(ctx, tx, deps, i, acc, pk!);
    }
    deps.auth.setAccount(ctx.store, {
      ...acc,
      sequence: acc.sequence + 1n,
      ...(!acc.pubKey && pk ? { pubKey: pk } : {}),
    });
  }
}

function verifySignature(ctx: Context, tx: DecodedTx, deps: AnteDeps, i: number, acc: Account, pk: Uint8Array): void {
  const info = tx.authInfo.signerInfos[i]!;
  const signature = tx.signatures[i]!;
  const mode = info.modeInfo?.single?.mode;
  if (info.modeInfo?.multi) throw ErrNotSupported.wrap("multisig signers are not supported");
  if (mode !== SignMode.SIGN_MODE_DIRECT && mode !== SignMode.SIGN_MODE_LEGACY_AMINO_JSON) {
    throw ErrNotSupported.wrap(`unsupported sign mode ${String(mode)}`);
  }
  const digest = signDigest(tx, i, deps.aminoTypes, ctx.chainId, acc.accountNumber, acc.sequence, mode);
  if (deps.signatureCache.has(digest, signature, pk)) return;
  if (!verifySecp256k1Digest(digest, signature, pk)) {
    throw ErrUnauthorized.wrap(
      `signature verification failed; please verify account number (${acc.accountNumber}), sequence (${acc.sequence}) and chain-id (${ctx.chainId})`,
    );
  }
  deps.signatureCache.add(digest, signature, pk);
}

/**
 * sha256 of signer `i`'s sign bytes (direct or amino), memoised on the decoded tx (direct sign
 * bytes do not depend on the sequence, amino ones do).
 */
export function signDigest(tx: DecodedTx, i: number, aminoTypes: AminoTypes, chainId: string, accountNumber: bigint, sequence: bigint, mode: SignMode): Uint8Array {
  const key = signDigestKey(chainId, i, accountNumber, mode === SignMode.SIGN_MODE_DIRECT ? 0n : sequence, mode);
  const memo = tx.signDigests.get(key);
  if (memo) return memo;
  let signBytes: Uint8Array;
  if (mode === SignMode.SIGN_MODE_DIRECT) {
    signBytes = directSignBytes(tx, chainId, accountNumber);
  } else {
    try {
      signBytes = aminoSignBytes(tx, aminoTypes, chainId, accountNumber, sequence);
    } catch (e) {
      throw ErrNotSupported.wrap(`cannot build amino sign bytes: ${(e as Error).message}`);
    }
  }
  const digest = sha256Digest(signBytes);
  tx.signDigests.set(key, digest);
  return digest;
}
