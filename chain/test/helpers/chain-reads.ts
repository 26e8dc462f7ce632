/**
 * Reads over CometBFT RPC that the fault tests share: account sequences, committed txs found
 * by walking blocks, per-node app hashes and blocks, balances and supply at a height.
 */
import { createHash } from "node:crypto";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryBalanceRequest, QueryBalanceResponse, QuerySupplyOfRequest, QuerySupplyOfResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { abciQuery, block, rpc } from "./rpc";

/** Account number and committed sequence of `address`. */
export async function accountState(url: string, address: string): Promise<{ accountNumber: bigint; sequence: bigint }> {
  const r = await abciQuery(url, "/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish());
  if (r.code !== 0) throw new Error(r.log);
  const acc = BaseAccount.decode(QueryAccountResponse.decode(r.value).account!.value);
  return { accountNumber: acc.accountNumber, sequence: acc.sequence };
}

/** `denom` balance of `address` in the state committed at `height` (latest when omitted). */
export async function balanceAt(url: string, address: string, height?: bigint, denom = "wei"): Promise<bigint> {
  const r = await abciQuery(url, "/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address, denom }).finish(), height);
  if (r.code !== 0) throw new Error(`balance of ${address} at ${height ?? "latest"}: ${r.log}`);
  return BigInt(QueryBalanceResponse.decode(r.value).balance?.amount ?? "0");
}

/** Total supply of `denom` in the state committed at `height`. */
export async function supplyAt(url: string, height: bigint, denom = "wei"): Promise<bigint> {
  const r = await abciQuery(url, "/cosmos.bank.v1beta1.Query/SupplyOf", QuerySupplyOfRequest.encode({ denom }).finish(), height);
  if (r.code !== 0) throw new Error(`supply at ${height}: ${r.log}`);
  return BigInt(QuerySupplyOfResponse.decode(r.value).amount?.amount ?? "0");
}

/** Upper-case hex sha256 of a tx: its hash as CometBFT reports it. */
export function txHash(tx: Uint8Array): string {
  return createHash("sha256").update(tx).digest("hex").toUpperCase();
}

/** A tx as a block carries it, with its result. */
export interface CommittedTx {
  readonly height: bigint;
  readonly code: number;
  /** Whether the ante handler passed (the fee was paid and the sequence bumped): code 0, or a result with events. */
  readonly feePaid: boolean;
}

/** Results of one height as a node computed them: the app hash its FinalizeBlock returned, and each tx's result. */
export async function blockResults(url: string, height: bigint): Promise<{ appHash: string; txs: { code: number; events: number }[] }> {
  const r = await rpc<{ app_hash: string; txs_results: { code: number; events?: unknown[] | null }[] | null }>(url, "block_results", { height: height.toString() });
  return { appHash: Buffer.from(r.app_hash ?? "", "base64").toString("hex").toUpperCase(), txs: (r.txs_results ?? []).map((t) => ({ code: t.code, events: (t.events ?? []).length })) };
}

/** Records the txs of block `height` with their results (same order) into `into`, by hash. */
function recordTxs(into: Map<string, CommittedTx>, height: bigint, txs: readonly Uint8Array[], results: readonly { code: number; events: number }[]): void {
  txs.forEach((tx, i) => {
    const res = results[i]!;
    into.set(txHash(tx), { height, code: res.code, feePaid: res.code === 0 || res.events > 0 });
  });
}

/** Committed tx hash -> (height, code), collected by walking blocks `from`..`to` of one node. */
export async function collectCommitted(url: string, from: bigint, to: bigint, into: Map<string, CommittedTx>): Promise<void> {
  for (let h = from; h <= to; h++) {
    const [b, r] = await Promise.all([block(url, h), blockResults(url, h)]);
    recordTxs(into, h, b.txs, r.txs);
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(fn));
}

/** Block hash and header app hash of heights `from`..`to` of one node (`blockchain`, 20 per call). */
export async function blockHeaders(url: string, from: bigint, to: bigint): Promise<Map<bigint, { blockHash: string; appHash: string }>> {
  const out = new Map<bigint, { blockHash: string; appHash: string }>();
  for (let lo = from; lo <= to; lo += 20n) {
    const hi = lo + 19n < to ? lo + 19n : to;
    const r = await rpc<{ block_metas: { block_id: { hash: string }; header: { height: string; app_hash: string } }[] }>(url, "blockchain", { minHeight: lo.toString(), maxHeight: hi.toString() });
    for (const m of r.block_metas) out.set(BigInt(m.header.height), { blockHash: m.block_id.hash, appHash: m.header.app_hash });
  }
  return out;
}

/**
 * Compares nodes at every height `from`..`to`: the same block (hash) and the same app hash
 * computed by each node's own app (block_results). Returns what differs, empty when all agree.
 * With `committed`, also records the first node's txs with their results there (as
 * {@link collectCommitted} does, from the results this comparison reads anyway).
 */
export async function compareNodesAtEveryHeight(nodes: readonly { name: string; url: string }[], from: bigint, to: bigint, committed?: Map<string, CommittedTx>): Promise<string[]> {
  const diffs: string[] = [];
  const headers = await Promise.all(nodes.map((n) => blockHeaders(n.url, from, to)));
  const compare = async (h: bigint) => {
    const ref = headers[0]!.get(h);
    if (!ref) diffs.push(`${nodes[0]!.name} has no block ${h}`);
    const [results, txs] = await Promise.all([Promise.all(nodes.map((n) => blockResults(n.url, h))), committed ? block(nodes[0]!.url, h).then((b) => b.txs) : undefined]);
    if (committed && txs) recordTxs(committed, h, txs, results[0]!.txs);
    const hashes = results.map((r) => r.appHash);
    nodes.forEach((n, i) => {
      const hd = headers[i]!.get(h);
      if (ref && hd?.blockHash !== ref.blockHash) diffs.push(`height ${h}: ${n.name} block ${hd?.blockHash ?? "missing"} != ${nodes[0]!.name} ${ref.blockHash}`);
      if (hashes[i] !== hashes[0]) diffs.push(`height ${h}: ${n.name} app hash ${hashes[i]} != ${nodes[0]!.name} ${hashes[0]}`);
    });
  };
  // Eight heights at a time; stop early once there is plenty to report.
  for (let h = from; h <= to && diffs.length <= 20; h += 8n) {
    const batch: bigint[] = [];
    for (let k = h; k < h + 8n && k <= to; k++) batch.push(k);
    await Promise.all(batch.map(compare));
  }
  diffs.sort();
  return diffs;
}
