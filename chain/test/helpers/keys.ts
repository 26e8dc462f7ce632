import { Bip39, EnglishMnemonic, Slip10, Slip10Curve, stringToPath } from "@cosmjs/crypto";
import { createHash, randomBytes } from "node:crypto";
import secp256k1 from "secp256k1";
import { encodeAccAddress, secp256k1PubkeyToAddress } from "../../src/types/address";

/** A secp256k1 key with its Stratos account address. */
export interface TestKey {
  readonly privkey: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly address: string;
}

/** Key at m/44'/606'/0'/0/0 (or `path`) of a mnemonic. */
export async function keyFromMnemonic(mnemonic: string, path = "m/44'/606'/0'/0/0"): Promise<TestKey> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(path));
  return keyFromPrivkey(privkey);
}

export function keyFromPrivkey(privkey: Uint8Array): TestKey {
  const pubkey = secp256k1.publicKeyCreate(privkey, true);
  return { privkey, pubkey, address: encodeAccAddress(secp256k1PubkeyToAddress(pubkey)) };
}

/** A fresh random key (for recipients and throwaway accounts). */
export function randomKey(): TestKey {
  for (;;) {
    const pk = new Uint8Array(randomBytes(32));
    if (secp256k1.privateKeyVerify(pk)) return keyFromPrivkey(pk);
  }
}

/** sha256 + secp256k1 (native), 64-byte low-S r||s: what wallets produce. */
export function signBytes(key: TestKey, bytes: Uint8Array): Uint8Array {
  const digest = createHash("sha256").update(bytes).digest();
  return secp256k1.ecdsaSign(digest, key.privkey).signature;
}
