import type { Envelope } from "../mesh/envelope";
import type { Receipt } from "../mesh/payloads";
import type { MeshClient } from "../storage/mesh-client";
import { ProofError } from "../verifier/errors";
import { verifyReceiptInclusion, type ReceiptInclusionProof } from "../verifier/receipt-inclusion";
import type { VerifiedQueries } from "./verified-queries";

/**
 * What {@link proveReceiptCounted} established.
 *
 * @example
 * const { epoch, reporter, txHash, height } = await proveReceiptCounted(receipt, { mesh, verified, chainId });
 */
export interface ReceiptCounted {
  readonly epoch: bigint;
  readonly wallet: string;
  readonly node: string;
  readonly bytes: bigint;
  /** The reporting meta node and the tx that recorded the report (from the proven record). */
  readonly reporter: string;
  readonly txHash: string;
  readonly reference: string;
  readonly leafIndex: number;
  readonly receiptCount: number;
  /** The height the report record was proven at. */
  readonly height: bigint;
}

/**
 * Shows that a traffic receipt the wallet signed is counted in a volume report on chain: the meta
 * node's inclusion proof places the receipt under the receipts root that the report reference
 * commits to, and that reference is read from the chain with a state proof checked by the light
 * client. Throws ProofError (`receipt`, `proof`, `commit`...) naming what did not check.
 *
 * @example
 * const counted = await proveReceiptCounted(receiptEnv, { mesh, verified: client.verified, chainId: "stratos-localnet" });
 */
export async function proveReceiptCounted(
  receipt: Envelope<Receipt>,
  deps: { readonly mesh: Pick<MeshClient, "receiptProof">; readonly verified: VerifiedQueries; readonly chainId: string },
): Promise<ReceiptCounted> {
  const proof: ReceiptInclusionProof = await deps.mesh.receiptProof(receipt);
  const { value: record, height } = await deps.verified.getVolumeReport(BigInt(proof.epoch));
  if (record === null) throw new ProofError("receipt", `the chain has no volume report for epoch ${proof.epoch} (proven absent at height ${height})`, height);
  const checked = verifyReceiptInclusion(receipt, proof, record.reportReference, deps.chainId);
  return {
    epoch: checked.epoch,
    wallet: checked.wallet,
    node: checked.payload.node,
    bytes: BigInt(checked.payload.bytes),
    reporter: record.reporter,
    txHash: record.txHash,
    reference: record.reportReference,
    leafIndex: proof.index,
    receiptCount: proof.count,
    height,
  };
}
