import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEV_ACCOUNTS_FILE } from "./paths";

/** A funded test account: fixed mnemonic, address at m/44'/606'/0'/0/0 with prefix `st`. */
export interface DevAccount {
  readonly name: string;
  readonly mnemonic: string;
  readonly address: string;
}

const schema = z.array(z.object({ name: z.string(), mnemonic: z.string(), address: z.string().startsWith("st1") }).strict()).min(3);

/** Reads `localnet/dev-accounts.json`. Test keys only; never use them for anything of value. */
export function loadDevAccounts(file = DEV_ACCOUNTS_FILE): DevAccount[] {
  return schema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Stratos' HD path (coin type 606). */
export const STRATOS_HD_PATH = "m/44'/606'/0'/0/0";
