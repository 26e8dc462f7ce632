import { toHex } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2";
import { simpleMerkleRoot } from "./simple-merkle";

/** Independent reference: CometBFT's recursive definition (split at the largest power of two below n). */
function reference(items: readonly Uint8Array[]): Uint8Array {
  const h = (...parts: Uint8Array[]): Uint8Array => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return sha256(all);
  };
  if (items.length === 0) return sha256(new Uint8Array(0));
  if (items.length === 1) return h(Uint8Array.of(0), items[0]!);
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  return h(Uint8Array.of(1), reference(items.slice(0, k)), reference(items.slice(k)));
}

describe("simpleMerkleRoot (CometBFT merkle.HashFromByteSlices)", () => {
  test("matches the recursive definition for 0 to 33 items, empty items included", () => {
    for (let n = 0; n <= 33; n++) {
      const items = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? new Uint8Array(0) : Uint8Array.of(i, n)));
      expect(toHex(simpleMerkleRoot(items))).toBe(toHex(reference(items)));
    }
  });

  test("no items hash to sha256 of nothing", () => {
    expect(toHex(simpleMerkleRoot([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
