import { z } from "zod";

/** auth parameters, with the Cosmos SDK defaults. */
export interface AuthParams {
  readonly maxMemoCharacters: bigint;
  readonly txSigLimit: bigint;
  readonly txSizeCostPerByte: bigint;
  readonly sigVerifyCostEd25519: bigint;
  readonly sigVerifyCostSecp256k1: bigint;
}

export const DEFAULT_AUTH_PARAMS: AuthParams = {
  maxMemoCharacters: 256n,
  txSigLimit: 7n,
  txSizeCostPerByte: 10n,
  sigVerifyCostEd25519: 590n,
  sigVerifyCostSecp256k1: 1000n,
};

const u64 = z
  .string()
  .regex(/^[0-9]{1,20}$/, "expected a decimal integer string")
  .transform((s) => BigInt(s));

/** Genesis / JSON form: snake_case keys, integers as strings (proto3 JSON). */
export const authParamsJson = z
  .object({
    max_memo_characters: u64,
    tx_sig_limit: u64,
    tx_size_cost_per_byte: u64,
    sig_verify_cost_ed25519: u64,
    sig_verify_cost_secp256k1: u64,
  })
  .strict();

/** Validates params as the SDK does: every value positive. */
export function validateAuthParams(p: AuthParams): void {
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== "bigint" || v <= 0n) throw new Error(`auth params: ${k} must be positive, got ${String(v)}`);
  }
}

/** Params from their parsed JSON form (see authParamsJson). */
export function authParamsFromJson(j: z.output<typeof authParamsJson>): AuthParams {
  const p: AuthParams = {
    maxMemoCharacters: j.max_memo_characters,
    txSigLimit: j.tx_sig_limit,
    txSizeCostPerByte: j.tx_size_cost_per_byte,
    sigVerifyCostEd25519: j.sig_verify_cost_ed25519,
    sigVerifyCostSecp256k1: j.sig_verify_cost_secp256k1,
  };
  validateAuthParams(p);
  return p;
}

export function authParamsToJson(p: AuthParams): z.input<typeof authParamsJson> {
  return {
    max_memo_characters: p.maxMemoCharacters.toString(),
    tx_sig_limit: p.txSigLimit.toString(),
    tx_size_cost_per_byte: p.txSizeCostPerByte.toString(),
    sig_verify_cost_ed25519: p.sigVerifyCostEd25519.toString(),
    sig_verify_cost_secp256k1: p.sigVerifyCostSecp256k1.toString(),
  };
}
