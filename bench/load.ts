import { buildTx, msgSend } from "../chain/test/helpers/tx-builder";
import type { TestKey } from "../chain/test/helpers/keys";

/**
 * Pre-signs `perAccount` MsgSend txs for each key (account numbers follow genesis order),
 * interleaved so that consecutive txs come from different accounts.
 */
export function presignSends(keys: readonly TestKey[], perAccount: number, chainId: string, firstAccountNumber = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let seq = 0; seq < perAccount; seq++) {
    for (let i = 0; i < keys.length; i++) {
      const from = keys[i]!;
      const to = keys[(i + 1) % keys.length]!;
      out.push(buildTx({ key: from, chainId, accountNumber: BigInt(firstAccountNumber + i), sequence: BigInt(seq), msgs: [msgSend(from.address, to.address, 1n)], gasLimit: 100_000n }));
    }
  }
  return out;
}

/** kvstore txs of the same sizes as `txs`: `k<i>=<padding>`. */
export function kvstoreTxs(txs: readonly Uint8Array[]): Uint8Array[] {
  return txs.map((t, i) => {
    const head = `bench${i}=`;
    return new TextEncoder().encode(head + "v".repeat(Math.max(1, t.length - head.length)));
  });
}
