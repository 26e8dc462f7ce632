import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";

/**
 * Stratos' HD path (coin type 606).
 *
 * @example
 * const wallet = await walletFromMnemonic(mnemonic, STRATOS_HD_PATH.replace(/0$/, "1")); // second account
 */
export const STRATOS_HD_PATH = "m/44'/606'/0'/0/0";

/**
 * The bech32 prefix of Stratos accounts (`st1...`).
 *
 * @example
 * const wallet = await DirectSecp256k1HdWallet.generate(24, { prefix: STRATOS_PREFIX });
 */
export const STRATOS_PREFIX = "st";

/**
 * A direct-mode secp256k1 wallet for a mnemonic, at Stratos' HD path with the `st` prefix.
 *
 * @example
 * const wallet = await walletFromMnemonic(process.env.MNEMONIC!);
 * const address = (await wallet.getAccounts())[0]!.address;
 */
export function walletFromMnemonic(mnemonic: string, hdPath: string = STRATOS_HD_PATH): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: STRATOS_PREFIX, hdPaths: [stringToPath(hdPath)] });
}
