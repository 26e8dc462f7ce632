import type { PageRequest } from "@stratos/proto/gen/ts/cosmos/base/query/v1beta1/pagination";

/**
 * Paging of list queries (cosmos `PageRequest`); all fields optional. Pass `nextKey` of the previous
 * response's `pagination` as `key` to get the next page.
 *
 * @example
 * const first = await client.register.depositByOwner("st1...", { limit: 10n });
 * const second = await client.register.depositByOwner("st1...", { key: first.pagination?.nextKey, limit: 10n });
 */
export interface PageOptions {
  readonly key?: Uint8Array;
  readonly offset?: bigint;
  readonly limit?: bigint;
  readonly countTotal?: boolean;
  readonly reverse?: boolean;
}

/** @internal */
export function pageRequest(p: PageOptions | undefined): PageRequest | undefined {
  if (p === undefined) return undefined;
  return { key: p.key ?? new Uint8Array(0), offset: p.offset ?? 0n, limit: p.limit ?? 0n, countTotal: p.countTotal ?? false, reverse: p.reverse ?? false };
}

/** @internal cosmjs' rule (as for accounts): a NotFound query error means "no such record". */
export async function orNull<T>(query: () => Promise<T | undefined>): Promise<T | null> {
  try {
    return (await query()) ?? null;
  } catch (e) {
    if (/rpc error: code = NotFound/i.test((e as Error).message ?? "")) return null;
    throw e;
  }
}

/** @internal an Int string ("" = 0) as a bigint. */
export function intToBigInt(value: string): bigint {
  return value === "" ? 0n : BigInt(value);
}
