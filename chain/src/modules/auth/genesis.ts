import { z } from "zod";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import type { AuthKeeper } from "./keeper";
import { authParamsFromJson, authParamsJson, authParamsToJson, DEFAULT_AUTH_PARAMS, type AuthParams } from "./params";

const accountJson = z
  .object({
    "@type": z.literal("/cosmos.auth.v1beta1.BaseAccount").optional(),
    address: z.string().refine(isAccAddress, "not a valid st1... address"),
    account_number: z.string().regex(/^[0-9]{1,20}$/),
    sequence: z.string().regex(/^[0-9]{1,20}$/).default("0"),
    pub_key: z
      .object({ "@type": z.literal("/cosmos.crypto.secp256k1.PubKey"), key: z.base64() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export const authGenesisJson = z
  .object({
    params: authParamsJson.optional(),
    accounts: z.array(accountJson).default([]),
  })
  .strict();

/** Parsed auth genesis. */
export interface AuthGenesis {
  readonly params: AuthParams;
  readonly accounts: readonly { address: string; accountNumber: bigint; sequence: bigint; pubKey?: Uint8Array }[];
}

export function defaultAuthGenesis(): z.input<typeof authGenesisJson> {
  return { params: authParamsToJson(DEFAULT_AUTH_PARAMS), accounts: [] };
}

/** Parses and checks: unique addresses, unique account numbers. */
export function validateAuthGenesis(raw: unknown): AuthGenesis {
  const j = authGenesisJson.parse(raw ?? {});
  const params = j.params ? authParamsFromJson(j.params) : DEFAULT_AUTH_PARAMS;
  const seenAddr = new Set<string>();
  const seenNum = new Set<bigint>();
  const accounts = j.accounts.map((a) => {
    const accountNumber = BigInt(a.account_number);
    if (seenAddr.has(a.address)) throw new Error(`auth genesis: duplicate account ${a.address}`);
    if (seenNum.has(accountNumber)) throw new Error(`auth genesis: duplicate account number ${accountNumber}`);
    seenAddr.add(a.address);
    seenNum.add(accountNumber);
    const pubKey = a.pub_key ? new Uint8Array(Buffer.from(a.pub_key.key, "base64")) : undefined;
    if (pubKey && pubKey.length !== 33) throw new Error(`auth genesis: pub_key of ${a.address} is not a compressed secp256k1 key`);
    return { address: a.address, accountNumber, sequence: BigInt(a.sequence), ...(pubKey ? { pubKey } : {}) };
  });
  return { params, accounts };
}

export function initAuthGenesis(keeper: AuthKeeper, store: KVStore, g: AuthGenesis): void {
  keeper.setParams(store, g.params);
  let next = keeper.nextAccountNumber(store);
  for (const a of g.accounts) {
    keeper.setAccount(store, a);
    if (a.accountNumber >= next) next = a.accountNumber + 1n;
  }
  keeper.setNextAccountNumber(store, next);
}

/** Exports base accounts (module accounts are recreated by their modules). */
export function exportAuthGenesis(keeper: AuthKeeper, store: KVStore): z.input<typeof authGenesisJson> {
  const accounts = [...keeper.iterateAccounts(store)]
    .filter((a) => !a.module)
    .map((a) => ({
      "@type": "/cosmos.auth.v1beta1.BaseAccount" as const,
      address: a.address,
      account_number: a.accountNumber.toString(),
      sequence: a.sequence.toString(),
      pub_key: a.pubKey ? { "@type": "/cosmos.crypto.secp256k1.PubKey" as const, key: Buffer.from(a.pubKey).toString("base64") } : null,
    }));
  return { params: authParamsToJson(keeper.getParams(store)), accounts };
}
