/**
 * The checks every fault test ends with, on a net whose load has stopped: no node is stuck,
 * all nodes hold the same blocks and computed the same app hash at every height, every tx
 * the client saw committed is still there on every node, balances are what the committed
 * transfers make them, and balances add up to the supply.
 */
import { balanceAt, compareNodesAtEveryHeight, inBatches, type CommittedTx } from "./chain-reads";
import { latestHeight, rpc, txByHash } from "./rpc";
import { balancesAndSupplyAt } from "./supply";
import { expectedBalances, type SentTransfer } from "./transfer-load";

/** A node the audit reads from. */
export interface AuditedNode {
  readonly name: string;
  readonly url: string;
  /** Resolves once the node reaches `height`; rejects if it does not (or its processes died). */
  waitForHeight(height: bigint, timeoutMs: number): Promise<unknown>;
}

export interface AuditInput {
  readonly nodes: readonly AuditedNode[];
  /** Every tx the load signed, by hash. */
  readonly sent: ReadonlyMap<string, SentTransfer>;
  /** What the client saw committed during the run. */
  readonly seen: ReadonlyMap<string, CommittedTx>;
  /** Balance of an address before the load (its genesis balance). */
  readonly initialBalance: (address: string) => bigint;
}

/** What the audit checked (all of it held, or it threw). */
export interface AuditReport {
  /** Heights compared across all nodes (1..height). */
  readonly height: bigint;
  readonly chainTxs: number;
  readonly seenTxs: number;
  readonly addresses: number;
  readonly accountsSummed: number;
}

/** Runs the checks; throws with what differs. `log` gets one line per check. */
export async function auditNet(input: AuditInput, log: (line: string) => void = console.log): Promise<AuditReport> {
  const { nodes } = input;
  const t0 = performance.now();
  // 1. No stuck node: every node makes two more blocks beyond the highest one seen now.
  const now = await Promise.all(nodes.map((n) => latestHeight(n.url)));
  const top = now.reduce((a, b) => (a > b ? a : b));
  await Promise.all(nodes.map((n) => n.waitForHeight(top + 2n, 60_000)));
  // 2. Quiet: every mempool empty, then a height every node has.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pending = await Promise.all(nodes.map((n) => rpc<{ total: string }>(n.url, "num_unconfirmed_txs").then((r) => Number(r.total))));
    if (pending.every((p) => p === 0)) break;
    if (Date.now() > deadline) throw new Error(`mempools not empty after 60 s: ${pending.join(", ")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const heights = await Promise.all(nodes.map((n) => latestHeight(n.url)));
  const height = heights.reduce((a, b) => (a < b ? a : b));
  log(`all ${nodes.length} nodes advanced past ${top + 1n}; mempools empty; auditing heights 1..${height}`);

  // 3. The same blocks and the same app hash, computed by each node's app, at every height; the
  //    chain's txs with their results are read from the first node on the way.
  const chainTxs = new Map<string, CommittedTx>();
  const diffs = await compareNodesAtEveryHeight(nodes, 1n, height, chainTxs);
  if (diffs.length > 0) throw new Error(`nodes disagree:\n${diffs.join("\n")}`);
  log(`compared ${height} heights on ${nodes.map((n) => n.name).join(", ")}: same block and app hash at every height`);

  // 4. Every tx the client saw committed is on every node, at the same height with the same result.
  const lost: string[] = [];
  await inBatches([...input.seen], 16, async ([hash, seen]) => {
    const inChain = chainTxs.get(hash);
    if (seen.height <= height && (inChain?.height !== seen.height || inChain.code !== seen.code)) lost.push(`${hash}: seen at ${seen.height} code ${seen.code}, chain has ${inChain ? `${inChain.height} code ${inChain.code}` : "nothing"}`);
    await Promise.all(
      nodes.map(async (n) => {
        const r = await txByHash(n.url, hash);
        if (r?.height !== seen.height || r.code !== seen.code) lost.push(`${hash} on ${n.name}: seen at ${seen.height} code ${seen.code}, tx gives ${r ? `${r.height} code ${r.code}` : "not found"}`);
      }),
    );
  });
  if (lost.length > 0) throw new Error(`${lost.length} committed txs lost or changed:\n${lost.slice(0, 20).join("\n")}`);
  const failed = [...chainTxs.values()].filter((t) => t.code !== 0).length;
  log(`${input.seen.size} txs seen committed during the run are found by \`tx\` on every node (same height and code); the chain holds ${chainTxs.size} txs (${failed} failed), all signed by the load`);

  // 5. Balances are what the chain's transfers make them, on every node, at that height.
  const expected = expectedBalances(input.sent, chainTxs, input.initialBalance);
  const wrong: string[] = [];
  await inBatches([...expected], 8, async ([address, want]) => {
    await Promise.all(
      nodes.map(async (n) => {
        const got = await balanceAt(n.url, address, height);
        if (got !== want) wrong.push(`${address} on ${n.name} at ${height}: ${got}, expected ${want}`);
      }),
    );
  });
  if (wrong.length > 0) throw new Error(`balances differ from the committed transfers:\n${wrong.slice(0, 20).join("\n")}`);
  log(`balances of ${expected.size} senders and recipients equal what the committed transfers give, on every node`);

  // 6. All balances add up to the supply, on every node, in the state of that height.
  let accountsSummed = 0;
  for (const n of nodes) {
    const { sum, supply, accounts } = await balancesAndSupplyAt(n.url, height);
    if (sum !== supply) throw new Error(`${n.name}: balances of its ${accounts} accounts at ${height} add up to ${sum}, supply is ${supply}`);
    accountsSummed = accounts;
  }
  log(`on every node the balances of all ${accountsSummed} accounts (module accounts included) add up to the total supply at height ${height} (audit took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return { height, chainTxs: chainTxs.size, seenTxs: input.seen.size, addresses: expected.size, accountsSummed };
}
