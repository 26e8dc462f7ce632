import { fromHex, toHex } from "@cosmjs/encoding";
import { canonicalJson } from "../mesh/canonical";
import { verifyEnvelope, type Envelope } from "../mesh/envelope";
import { leafHash, merkleProof, merkleRootOfLeaves, verifyLeafProof } from "../mesh/merkle";
import type { Receipt } from "../mesh/payloads";
import { ProofError } from "./errors";

/**
 * Receipts in volume reports. A meta node counts each traffic receipt (a wallet-signed envelope)
 * into one epoch; its volume report for that epoch carries, as `report_reference`,
 * `epoch-<epoch>-<count>-<root hex>`: the root of a Merkle tree (the mesh tree: leaves
 * `sha256(0x00 || canonical JSON of the envelope)`, in the meta node's (wallet, ticket nonce)
 * order) over the `count` receipts it counted. The chain stores the reference with the report, so
 * a proof that a receipt is a leaf under that root shows it was counted in the report on chain.
 */
const REFERENCE = /^epoch-(\d+)-(\d+)-([0-9a-f]{64})$/;

/**
 * Leaf hash of a receipt envelope.
 *
 * @example
 * const leaf = receiptLeaf(receiptEnvelope);
 */
export function receiptLeaf(receipt: unknown): Uint8Array {
  return leafHash(new TextEncoder().encode(canonicalJson(receipt)));
}

/**
 * The report reference committing to `receipts` (in the order given) for `epoch`.
 *
 * @example
 * const reference = receiptsReference(12, receiptsOfEpoch12); // "epoch-12-3-ab12..."
 */
export function receiptsReference(epoch: number | bigint, receipts: readonly unknown[]): string {
  return referenceOfLeaves(epoch, receipts.map(receiptLeaf));
}

function referenceOfLeaves(epoch: number | bigint, leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) throw new ProofError("receipt", "a report reference needs at least one receipt");
  return `epoch-${epoch}-${leaves.length}-${toHex(merkleRootOfLeaves(leaves))}`;
}

/**
 * Parts of a report reference; throws ProofError `receipt` when it is not in the receipts-root form.
 *
 * @example
 * const { epoch, count, root } = parseReceiptsReference("epoch-12-3-ab12...");
 */
export function parseReceiptsReference(reference: string): { readonly epoch: bigint; readonly count: number; readonly root: Uint8Array } {
  const m = REFERENCE.exec(reference);
  if (!m) throw new ProofError("receipt", `report reference ${JSON.stringify(reference.slice(0, 100))} is not epoch-<n>-<count>-<root>`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new ProofError("receipt", `report reference has receipt count ${m[2]}`);
  return { epoch: BigInt(m[1]!), count, root: fromHex(m[3]!) };
}

/**
 * Where a receipt sits in its epoch's receipts tree: what a meta node answers to
 * `GET /v1/receipts/proof`.
 *
 * @example
 * const p: ReceiptInclusionProof = { epoch: "12", index: 0, count: 3, siblings: ["ab..", "cd.."], reference: "epoch-12-3-..." };
 */
export interface ReceiptInclusionProof {
  readonly epoch: string;
  readonly index: number;
  readonly count: number;
  /** Sibling hashes bottom-up, lowercase hex. */
  readonly siblings: readonly string[];
  /** The report reference the meta node put on chain for the epoch. */
  readonly reference: string;
}

/**
 * The inclusion proof of receipt `index` among `receipts` (the meta node side).
 *
 * @example
 * const proof = receiptInclusionProof(12, receipts, 1);
 */
export function receiptInclusionProof(epoch: number | bigint, receipts: readonly unknown[], index: number): ReceiptInclusionProof {
  const leaves = receipts.map(receiptLeaf);
  return {
    epoch: String(epoch),
    index,
    count: receipts.length,
    siblings: merkleProof(leaves, index).map(toHex),
    reference: referenceOfLeaves(epoch, leaves),
  };
}

/**
 * Checks that `receipt` is a wallet-signed receipt (signature checked as of its expiry) for
 * `chainId` and that `proof` places it under the root that `onChainReference` (the reference of
 * the volume report recorded on chain for the epoch, proven separately) commits to. Returns the
 * receipt's payload and signer. Throws ProofError `receipt` naming what did not check.
 *
 * @example
 * const report = (await client.verified.getVolumeReport(12n)).value;
 * const { payload } = verifyReceiptInclusion(receiptEnv, proof, report!.reportReference, "stratos-localnet");
 */
export function verifyReceiptInclusion(
  receipt: unknown,
  proof: ReceiptInclusionProof,
  onChainReference: string,
  chainId: string,
): { readonly payload: Receipt; readonly wallet: string; readonly epoch: bigint } {
  const env = receipt as Envelope<Receipt>;
  const expires = (receipt as { payload?: { expires?: unknown } } | null)?.payload?.expires;
  if (typeof expires !== "string" || !/^\d{1,20}$/.test(expires)) throw new ProofError("receipt", "not a receipt envelope: payload.expires must be decimal seconds");
  let payload: Receipt;
  try {
    payload = verifyEnvelope<Receipt>(receipt, { chainId, nowSeconds: BigInt(expires), kind: "wallet", type: "receipt" });
  } catch (e) {
    throw new ProofError("receipt", `not a valid wallet-signed receipt: ${(e as Error).message}`, undefined, { cause: e });
  }
  const ref = parseReceiptsReference(onChainReference);
  if (proof.reference !== onChainReference) throw new ProofError("receipt", `the meta node's reference ${proof.reference} is not the one on chain (${onChainReference})`);
  if (String(ref.epoch) !== proof.epoch) throw new ProofError("receipt", `the proof is for epoch ${proof.epoch}, the report for ${ref.epoch}`);
  if (proof.count !== ref.count) throw new ProofError("receipt", `the proof counts ${proof.count} receipts, the report ${ref.count}`);
  let siblings: Uint8Array[];
  try {
    siblings = proof.siblings.map((s) => fromHex(s));
  } catch {
    throw new ProofError("receipt", "proof siblings are not hex");
  }
  if (!verifyLeafProof(ref.root, proof.index, ref.count, receiptLeaf(receipt), siblings)) {
    throw new ProofError("receipt", `receipt is not leaf ${proof.index} of the ${ref.count} receipts the report on chain commits to`);
  }
  return { payload, wallet: env.signer.address, epoch: ref.epoch };
}
