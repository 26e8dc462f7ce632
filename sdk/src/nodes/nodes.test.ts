import { createHash, createPrivateKey, createPublicKey, verify } from "node:crypto";
import { toBech32 } from "@cosmjs/encoding";
import { stratos } from "@stratos/proto";
import { msgVolumeReport } from "../messages/pot";
import { nodeKeyFromSeed, randomNodeKey, sdsAddressFromPubkey } from "./node-key";
import { signVolumeReport, volumeReportSignBytes } from "./volume-report";

/** The raw 32-byte public key of an ed25519 seed, computed by node:crypto (PKCS#8 around the seed). */
function nodePublicKey(seed: Uint8Array): Uint8Array {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

function nodeVerify(pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), pubkey]);
  return verify(null, message, createPublicKey({ key: spki, format: "der", type: "spki" }), signature);
}

describe("node keys and sds addresses", () => {
  test("sdsAddressFromPubkey = bech32(stsds, sha256(pubkey)[0:20]) (computed independently)", () => {
    for (const fill of [0, 1, 0xff]) {
      const pub = new Uint8Array(32).fill(fill);
      const expected = toBech32("stsds", createHash("sha256").update(pub).digest().subarray(0, 20));
      expect(sdsAddressFromPubkey(pub)).toBe(expected);
      expect(expected).toMatch(/^stsds1/);
    }
    expect(() => sdsAddressFromPubkey(new Uint8Array(33))).toThrow(/32 bytes/);
  });

  test("nodeKeyFromSeed derives the same public key as node:crypto, and its address", () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
    const key = nodeKeyFromSeed(seed);
    expect(key.privateKey).toEqual(seed);
    expect(key.publicKey).toEqual(nodePublicKey(seed));
    expect(key.address).toBe(sdsAddressFromPubkey(key.publicKey));
    // A 64-byte Go / CometBFT key (seed || pubkey) gives the same key.
    expect(nodeKeyFromSeed(new Uint8Array([...seed, ...key.publicKey]))).toEqual(key);
    expect(() => nodeKeyFromSeed(new Uint8Array(31))).toThrow();
  });

  test("randomNodeKey gives distinct, consistent keys", () => {
    const a = randomNodeKey();
    const b = randomNodeKey();
    expect(a.privateKey).not.toEqual(b.privateKey);
    expect(a.publicKey).toEqual(nodePublicKey(a.privateKey));
  });
});

describe("volume report signing", () => {
  const metas = [1, 2, 3].map((n) => nodeKeyFromSeed(new Uint8Array(32).fill(n)));
  const unsigned = msgVolumeReport({
    walletVolumes: [
      { walletAddress: "st1a", volume: 1000n },
      { walletAddress: "st1b", volume: "5" },
    ],
    reporter: metas[0]!.address,
    epoch: 7n,
    reportReference: "ref-7",
    reporterOwner: "st1owner",
  }).value;

  test("txData is keccak256 of the encoding without the signature, and ignores the signature field", () => {
    const signBytes = volumeReportSignBytes(unsigned);
    expect(signBytes).toHaveLength(32);
    expect(volumeReportSignBytes({ ...unsigned, BLSSignature: { pubKeys: [new Uint8Array(32)], signature: new Uint8Array(64), txData: new Uint8Array(32) } })).toEqual(signBytes);
    // keccak256, not SHA3-256 (the two differ in padding).
    const encoded = stratos.pot.v1.MsgVolumeReport.encode(unsigned).finish();
    expect(Buffer.from(signBytes).equals(createHash("sha3-256").update(encoded).digest())).toBe(false);
  });

  test("signatures verify with node:crypto, in pubKeys order, over txData", () => {
    const signed = signVolumeReport(unsigned, metas);
    const sig = signed.BLSSignature!;
    expect(sig.txData).toEqual(volumeReportSignBytes(unsigned));
    expect(sig.pubKeys).toEqual(metas.map((m) => m.publicKey));
    expect(sig.signature).toHaveLength(64 * metas.length);
    sig.pubKeys.forEach((pub, i) => {
      expect(nodeVerify(pub, sig.txData, sig.signature.subarray(64 * i, 64 * (i + 1)))).toBe(true);
    });
    // The rest of the message is untouched and still encodes.
    expect({ ...signed, BLSSignature: undefined }).toEqual({ ...unsigned, BLSSignature: undefined });
    expect(stratos.pot.v1.MsgVolumeReport.decode(stratos.pot.v1.MsgVolumeReport.encode(signed).finish())).toEqual(signed);
  });

  test("changing a volume after signing breaks verification", () => {
    const signed = signVolumeReport(unsigned, metas);
    const tampered = { ...signed, walletVolumes: [{ walletAddress: "st1a", volume: "1001" }, signed.walletVolumes[1]!] };
    const txData = volumeReportSignBytes(tampered);
    expect(txData).not.toEqual(signed.BLSSignature!.txData);
    const sig = signed.BLSSignature!;
    expect(nodeVerify(sig.pubKeys[0]!, txData, sig.signature.subarray(0, 64))).toBe(false);
  });

  test("needs at least one signer", () => {
    expect(() => signVolumeReport(unsigned, [])).toThrow(/at least one signer/);
  });
});
