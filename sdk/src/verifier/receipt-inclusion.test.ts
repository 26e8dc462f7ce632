import { createHash } from "node:crypto";
import { canonicalJson, cidFromRoot, expiresIn, newNonce, signAsWallet, walletKeyFromPrivateKey, type Envelope, type Receipt } from "../mesh";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { ProofError } from "./errors";
import { parseReceiptsReference, receiptInclusionProof, receiptsReference, verifyReceiptInclusion } from "./receipt-inclusion";

const CHAIN = "stratos-unit";
const wallet = walletKeyFromPrivateKey(new Uint8Array(32).fill(3));
const other = walletKeyFromPrivateKey(new Uint8Array(32).fill(4));
const node = nodeKeyFromSeed(new Uint8Array(32).fill(5)).address;
const cid = cidFromRoot(new Uint8Array(32).fill(6));

function receipt(bytes: number, key = wallet): Envelope<Receipt> {
  return signAsWallet<Receipt>(
    { type: "receipt", chain_id: CHAIN, nonce: newNonce(), expires: expiresIn(600), node, cid, slice_index: "0", bytes: String(bytes), ticket_nonce: newNonce(), epoch_hint: "3" },
    key,
  );
}

const receipts = Array.from({ length: 7 }, (_, i) => receipt(1000 + i));

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof ProofError ? e.kind : `not a ProofError: ${String(e)}`;
  }
}

describe("receipt inclusion in a volume report reference", () => {
  it("every receipt of an epoch proves against the reference, at every position", () => {
    const reference = receiptsReference(12, receipts);
    expect(parseReceiptsReference(reference)).toMatchObject({ epoch: 12n, count: 7 });
    receipts.forEach((r, i) => {
      const proof = receiptInclusionProof(12, receipts, i);
      expect(verifyReceiptInclusion(r, proof, reference, CHAIN)).toMatchObject({ wallet: wallet.address, epoch: 12n, payload: { bytes: String(1000 + i) } });
    });
  });

  it("the reference is the root of sha256(0x00 || canonical JSON) leaves, built here without the mesh tree code", () => {
    const sha = (...parts: (Uint8Array | string)[]): Buffer => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest();
    const leaf = (r: unknown): Buffer => sha(Uint8Array.of(0), canonicalJson(r));
    const node = (l: Buffer, r: Buffer): Buffer => sha(Uint8Array.of(1), l, r);
    const [a, b, c] = receipts.map(leaf) as [Buffer, Buffer, Buffer];
    // three leaves: the third is promoted a level (CometBFT's split at the largest power of two below n)
    expect(receiptsReference(7, receipts.slice(0, 3))).toBe(`epoch-7-3-${node(node(a, b), c).toString("hex")}`);
    expect(receiptInclusionProof(7, receipts.slice(0, 3), 2).siblings).toEqual([node(a, b).toString("hex")]);
  });

  it("refuses a receipt not in the tree, at another index, with another count or epoch, or another reference", () => {
    const reference = receiptsReference(12, receipts);
    const proof = receiptInclusionProof(12, receipts, 2);
    expect(kindOf(() => verifyReceiptInclusion(receipt(5), proof, reference, CHAIN))).toBe("receipt");
    expect(kindOf(() => verifyReceiptInclusion(receipts[2], { ...proof, index: 3 }, reference, CHAIN))).toBe("receipt");
    expect(kindOf(() => verifyReceiptInclusion(receipts[2], { ...proof, count: 8 }, reference, CHAIN))).toBe("receipt");
    expect(kindOf(() => verifyReceiptInclusion(receipts[2], { ...proof, epoch: "13" }, reference, CHAIN))).toBe("receipt");
    const otherRef = receiptsReference(12, receipts.slice(0, 6));
    expect(kindOf(() => verifyReceiptInclusion(receipts[2], proof, otherRef, CHAIN))).toBe("receipt");
    expect(kindOf(() => verifyReceiptInclusion(receipts[2], { ...proof, siblings: ["zz"] }, reference, CHAIN))).toBe("receipt");
  });

  it("refuses an altered receipt (signature), another signer's key, another chain, and a malformed reference", () => {
    const reference = receiptsReference(12, receipts);
    const proof = receiptInclusionProof(12, receipts, 0);
    const altered = { ...receipts[0]!, payload: { ...receipts[0]!.payload, bytes: "999999" } };
    expect(kindOf(() => verifyReceiptInclusion(altered, proof, reference, CHAIN))).toBe("receipt");
    const forged = { ...receipt(1000, other), signer: receipts[0]!.signer };
    expect(kindOf(() => verifyReceiptInclusion(forged, proof, reference, CHAIN))).toBe("receipt");
    expect(kindOf(() => verifyReceiptInclusion(receipts[0], proof, reference, "other-chain"))).toBe("receipt");
    expect(kindOf(() => parseReceiptsReference("epoch-12-abcdef"))).toBe("receipt");
    expect(kindOf(() => parseReceiptsReference(`epoch-12-0-${"0".repeat(64)}`))).toBe("receipt");
    expect(kindOf(() => receiptsReference(1, []))).toBe("receipt");
  });
});
