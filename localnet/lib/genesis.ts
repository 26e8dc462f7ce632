import type { DevAccount } from "./dev-accounts";

/** 1 STOS = 10^18 wei. */
export const WEI_PER_STOS = 10n ** 18n;

/** The display metadata wallets read (`stos` with 18 decimals over base `wei`). */
export const STOS_METADATA = {
  description: "The native token of the Stratos data mesh",
  denom_units: [
    { denom: "wei", exponent: 0, aliases: [] },
    { denom: "gwei", exponent: 9, aliases: [] },
    { denom: "stos", exponent: 18, aliases: [] },
  ],
  base: "wei",
  display: "stos",
  name: "Stratos",
  symbol: "STOS",
  uri: "",
  uri_hash: "",
};

/** `app_state` funding each account with `stosEach` STOS. */
export function devAppState(accounts: readonly { address: string }[], stosEach = 10_000_000n): Record<string, unknown> {
  return {
    auth: {
      accounts: accounts.map((a, i) => ({
        "@type": "/cosmos.auth.v1beta1.BaseAccount",
        address: a.address,
        account_number: String(i),
        sequence: "0",
        pub_key: null,
      })),
    },
    bank: {
      balances: accounts.map((a) => ({ address: a.address, coins: [{ denom: "wei", amount: (stosEach * WEI_PER_STOS).toString() }] })),
      supply: [],
      denom_metadata: [STOS_METADATA],
    },
  };
}

export type { DevAccount };
