import { fromBech32 } from "@cosmjs/encoding";
import { concatBytes as concat } from "@noble/hashes/utils";
import { STRATOS_PREFIX } from "../client/wallet";
import { SDS_PREFIX } from "../nodes/node-key";
import { StratosError } from "../errors/base";

/**
 * State keys of the chain's single authenticated store, as its modules lay them out (module
 * prefix, then the module's key; see each module's README under chain/src/modules). A verified
 * read proves exactly these keys, so they must match the chain byte for byte:
 * `chain/src/app/state-keys.compat.test.ts` checks every builder here against the chain's own.
 * Bad input (not an address of the right kind) is the caller's mistake, a StratosError, not a
 * ProofError: nothing was proven wrong.
 */
const utf8 = new TextEncoder();

function addressBytes(address: string, prefix: string): Uint8Array {
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address);
  } catch (e) {
    throw new StratosError(`${address} is not a bech32 address: ${(e as Error).message}`);
  }
  if (decoded.prefix !== prefix) throw new StratosError(`${address} does not have the ${prefix} prefix`);
  return decoded.data;
}

function u64be(n: bigint): Uint8Array {
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new StratosError(`${n} is not a u64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

const modulePrefix = (name: string): Uint8Array => utf8.encode(`${name}/`);

/**
 * `auth/ 0x01 addr`: the account (an `Any` holding a BaseAccount or ModuleAccount).
 *
 * @example
 * const key = accountStateKey("st1...");
 */
export function accountStateKey(address: string): Uint8Array {
  return concat(modulePrefix("auth"), Uint8Array.of(0x01), addressBytes(address, STRATOS_PREFIX));
}

/**
 * `bank/ 0x02 len(addr) addr denom`: one balance (decimal ASCII; absent when zero).
 *
 * @example
 * const key = balanceStateKey("st1...", "wei");
 */
export function balanceStateKey(address: string, denom: string): Uint8Array {
  const addr = addressBytes(address, STRATOS_PREFIX);
  return concat(modulePrefix("bank"), Uint8Array.of(0x02, addr.length), addr, utf8.encode(denom));
}

/**
 * `bank/ 0x00 denom`: the total supply of a denom (decimal ASCII).
 *
 * @example
 * const key = supplyStateKey("wei");
 */
export function supplyStateKey(denom: string): Uint8Array {
  return concat(modulePrefix("bank"), Uint8Array.of(0x00), utf8.encode(denom));
}

/**
 * `sds/ 0x01 utf8(cid)`: a file record (`stratos.sds.v1.FileInfo`).
 *
 * @example
 * const key = fileRecordStateKey("bafy...");
 */
export function fileRecordStateKey(cid: string): Uint8Array {
  return concat(modulePrefix("sds"), Uint8Array.of(0x01), utf8.encode(cid));
}

/**
 * `pot/ 0x04 addr` and `pot/ 0x05 addr`: a wallet's mature and immature reward totals.
 *
 * @example
 * const { mature, immature } = rewardStateKeys("st1...");
 */
export function rewardStateKeys(wallet: string): { readonly mature: Uint8Array; readonly immature: Uint8Array } {
  const addr = addressBytes(wallet, STRATOS_PREFIX);
  return { mature: concat(modulePrefix("pot"), Uint8Array.of(0x04), addr), immature: concat(modulePrefix("pot"), Uint8Array.of(0x05), addr) };
}

/**
 * `pot/ 0x06 u64be(epoch)`: the volume report record of an epoch.
 *
 * @example
 * const key = volumeReportStateKey(12n);
 */
export function volumeReportStateKey(epoch: bigint): Uint8Array {
  return concat(modulePrefix("pot"), Uint8Array.of(0x06), u64be(epoch));
}

/**
 * `register/ 0x01 addr` (resource node) and `register/ 0x02 addr` (meta node), by `stsds` address.
 *
 * @example
 * const key = nodeStateKey("resource", "stsds1...");
 */
export function nodeStateKey(kind: "resource" | "meta", networkAddress: string): Uint8Array {
  return concat(modulePrefix("register"), Uint8Array.of(kind === "resource" ? 0x01 : 0x02), addressBytes(networkAddress, SDS_PREFIX));
}
