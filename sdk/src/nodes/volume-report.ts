import { ed25519 } from "@noble/curves/ed25519";
import { keccak_256 } from "@noble/hashes/sha3";
import { stratos } from "@stratos/proto";
import { StratosError } from "../errors/base";

type MsgVolumeReport = stratos.pot.v1.MsgVolumeReport;

/**
 * The bytes meta nodes sign for a volume report (`txData`): keccak256 of the protobuf encoding of
 * the message with `BLSSignature` cleared, as the pot module recomputes it.
 *
 * @example
 * const txData = volumeReportSignBytes(msgVolumeReport({ ... }).value);
 */
export function volumeReportSignBytes(msg: MsgVolumeReport): Uint8Array {
  const unsigned = stratos.pot.v1.MsgVolumeReport.fromPartial({ ...msg, BLSSignature: undefined });
  return keccak_256(stratos.pot.v1.MsgVolumeReport.encode(unsigned).finish());
}

/**
 * A meta node that co-signs a volume report: its ed25519 P2P private key. A `NodeKey` is one.
 *
 * @example
 * const signer: VolumeReportSigner = { privateKey: metaNodeSeed };
 */
export interface VolumeReportSigner {
  /** 32-byte ed25519 private key (seed); a 64-byte `seed || pubkey` key is accepted too. */
  readonly privateKey: Uint8Array;
}

/**
 * Signs a volume report with the P2P keys of meta nodes: returns the message with `BLSSignature =
 * {pubKeys: [32-byte ed25519 public keys], signature: their 64-byte ed25519 signatures over txData,
 * concatenated in pubKeys order, txData}`. The chain requires enough distinct bonded meta nodes.
 *
 * @example
 * const signed = signVolumeReport(msgVolumeReport({ ... }).value, [metaKey1, metaKey2]);
 * await client.signAndBroadcast([msgVolumeReport(signed)]);
 */
export function signVolumeReport(msg: MsgVolumeReport, signers: readonly VolumeReportSigner[]): MsgVolumeReport {
  if (signers.length === 0) throw new StratosError("signVolumeReport needs at least one signer");
  const txData = volumeReportSignBytes(msg);
  const pubKeys: Uint8Array[] = [];
  const signature = new Uint8Array(64 * signers.length);
  signers.forEach((s, i) => {
    if (s.privateKey.length !== 32 && s.privateKey.length !== 64) throw new StratosError(`signer ${i}: an ed25519 private key has 32 bytes, got ${s.privateKey.length}`);
    const seed = s.privateKey.subarray(0, 32);
    pubKeys.push(ed25519.getPublicKey(seed));
    signature.set(ed25519.sign(txData, seed), 64 * i);
  });
  return stratos.pot.v1.MsgVolumeReport.fromPartial({ ...msg, BLSSignature: { pubKeys, signature, txData } });
}
