import { Registry } from "@cosmjs/proto-signing";
import { AminoTypes, createDefaultAminoConverters, defaultRegistryTypes } from "@cosmjs/stargate";
import { STRATOS_MSG_TYPES, createStratosAminoConverters } from "@stratos/proto/src/amino";

// Re-exported (documented in @stratos/proto/src/amino).
export { STRATOS_MSG_TYPES, createStratosAminoConverters, type StratosAminoConverter } from "@stratos/proto/src/amino";

/**
 * A cosmjs `Registry` with the default cosmjs types (bank, staking, gov, ...) and every Stratos Msg
 * (`register`, `sds`, `pot`), for signing and for decoding transactions.
 *
 * @example
 * const registry = stratosRegistry();
 * const bytes = registry.encode(msgPrepay({ sender: "st1...", amount: 1n }));
 */
export function stratosRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...STRATOS_MSG_TYPES]);
}

/**
 * cosmjs `AminoTypes` with the default cosmjs converters and the Stratos ones (legacy amino names
 * such as `sds/PrepayTx`), for amino signers (Ledger through Keplr, `Secp256k1HdWallet`).
 *
 * @example
 * const aminoTypes = stratosAminoTypes();
 * const { type, value } = aminoTypes.toAmino(msgPrepay({ sender: "st1...", amount: 1n })); // type "sds/PrepayTx"
 */
export function stratosAminoTypes(): AminoTypes {
  return new AminoTypes({ ...createDefaultAminoConverters(), ...createStratosAminoConverters() });
}
