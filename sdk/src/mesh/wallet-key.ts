import { Bip39, EnglishMnemonic, Slip10, Slip10Curve, stringToPath } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";
import { secp256k1 } from "@noble/curves/secp256k1";
import { ripemd160 } from "@noble/hashes/legacy";
import { sha256 } from "@noble/hashes/sha2";
import { STRATOS_HD_PATH, STRATOS_PREFIX } from "../client/wallet";
import { MeshError } from "./errors";

/**
 * A wallet's secp256k1 key pair and account address, for signing mesh payloads.
 *
 * @example
 * const key: WalletKey = await walletKeyFromMnemonic(mnemonic);
 * const env = signAsWallet(payload, key);
 */
export interface WalletKey {
  /** The 32-byte secp256k1 private key. Keep it secret. */
  readonly privateKey: Uint8Array;
  /** The 33-byte compressed public key. */
  readonly publicKey: Uint8Array;
  /** The `st1...` account address. */
  readonly address: string;
}

/**
 * The account address of a compressed secp256k1 public key: `bech32("st", ripemd160(sha256(pub)))`.
 *
 * @example
 * walletAddressOfPubkey(key.publicKey) === key.address; // true
 */
export function walletAddressOfPubkey(pub: Uint8Array): string {
  if (pub.length !== 33 || (pub[0] !== 2 && pub[0] !== 3)) {
    throw new MeshError("bad_request", `a compressed secp256k1 public key has 33 bytes starting with 02/03, got ${pub.length} bytes`);
  }
  return toBech32(STRATOS_PREFIX, ripemd160(sha256(pub)));
}

/**
 * The wallet key of a 32-byte secp256k1 private key.
 *
 * @example
 * const key = walletKeyFromPrivateKey(fromHex(process.env.WALLET_KEY!));
 */
export function walletKeyFromPrivateKey(priv: Uint8Array): WalletKey {
  if (priv.length !== 32 || !secp256k1.utils.isValidPrivateKey(priv)) {
    throw new MeshError("bad_request", "not a valid 32-byte secp256k1 private key");
  }
  const privateKey = Uint8Array.from(priv);
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  return { privateKey, publicKey, address: walletAddressOfPubkey(publicKey) };
}

/**
 * The wallet key of a BIP-39 mnemonic at an HD path (default Stratos' `m/44'/606'/0'/0/0`),
 * derived as cosmjs' DirectSecp256k1HdWallet does (same address).
 *
 * @example
 * const key = await walletKeyFromMnemonic("forest ... abandon");
 * console.log(key.address); // st1...
 */
export async function walletKeyFromMnemonic(mnemonic: string, hdPath: string = STRATOS_HD_PATH): Promise<WalletKey> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(hdPath));
  return walletKeyFromPrivateKey(privkey);
}
