import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import secp256k1 from "secp256k1";
import { isLowS, nativeSecp256k1Loaded, verifySecp256k1 } from "./secp256k1";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function toHighS(sig: Uint8Array): Uint8Array {
  const s = BigInt("0x" + Buffer.from(sig.subarray(32)).toString("hex"));
  const high = Buffer.from((N - s).toString(16).padStart(64, "0"), "hex");
  const out = new Uint8Array(sig);
  out.set(high, 32);
  return out;
}

describe("secp256k1 verification", () => {
  const priv = new Uint8Array(createHash("sha256").update("key").digest());
  const pub = secp256k1.publicKeyCreate(priv, true);
  const msg = new TextEncoder().encode("sign bytes");
  const sig = secp256k1.ecdsaSign(createHash("sha256").update(msg).digest(), priv).signature;

  it("uses the native libsecp256k1 binding, not the JS fallback", () => {
    expect(nativeSecp256k1Loaded()).toBe(true);
    // The addon `secp256k1/bindings` loads is a prebuilt .node file shipped in the package.
    const nodeGypBuild = require("node-gyp-build") as { resolve(dir: string): string };
    const addon = nodeGypBuild.resolve(path.dirname(require.resolve("secp256k1/package.json")));
    expect(addon).toMatch(/\.node$/);
  });

  it("accepts a valid low-S signature", () => {
    expect(isLowS(sig)).toBe(true);
    expect(verifySecp256k1(msg, sig, pub)).toBe(true);
  });

  it("rejects the high-S twin of a valid signature (malleability)", () => {
    const high = toHighS(sig);
    expect(isLowS(high)).toBe(false);
    expect(verifySecp256k1(msg, high, pub)).toBe(false);
  });

  it("rejects tampering and malformed input without throwing", () => {
    expect(verifySecp256k1(new TextEncoder().encode("other"), sig, pub)).toBe(false);
    expect(verifySecp256k1(msg, sig.subarray(0, 63), pub)).toBe(false);
    expect(verifySecp256k1(msg, sig, pub.subarray(1))).toBe(false);
    expect(verifySecp256k1(msg, new Uint8Array(randomBytes(64)), pub)).toBe(false);
    expect(verifySecp256k1(msg, sig, new Uint8Array(33))).toBe(false);
  });
});
