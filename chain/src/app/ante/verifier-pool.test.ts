import { createHash } from "node:crypto";
import secp256k1 from "secp256k1";
import { VerifierPool, type SignatureCheck } from "./verifier-pool";

function check(i: number, valid: boolean): SignatureCheck {
  const priv = new Uint8Array(createHash("sha256").update(`k${i}`).digest());
  const signBytes = new TextEncoder().encode(`message ${i}`);
  const signature = secp256k1.ecdsaSign(createHash("sha256").update(signBytes).digest(), priv).signature;
  if (!valid) signature[10] = signature[10]! ^ 1;
  return { digest: createHash("sha256").update(signBytes).digest(), signature, pubkey: secp256k1.publicKeyCreate(priv, true) };
}

describe("VerifierPool", () => {
  it("verifies on workers and the caller, results in input order", async () => {
    const pool = new VerifierPool(2);
    try {
      const checks = Array.from({ length: 101 }, (_, i) => check(i, i % 7 !== 3));
      const results = await pool.verify(checks);
      expect(results).toEqual(checks.map((_, i) => i % 7 !== 3));
      expect(await pool.verify([])).toEqual([]);
      expect(await pool.verify([check(1, true)])).toEqual([true]);
    } finally {
      await pool.close();
    }
  });
});
