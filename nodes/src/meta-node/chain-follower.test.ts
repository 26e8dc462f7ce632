import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChainFollower } from "./chain-follower";
import { parseBlockResults, prepayCredits } from "./chain-gateway";
import { MetaDb } from "./db";
import { NodeRegistry } from "./registry";
import { InMemoryChain } from "./test-chain";

describe("block_results parsing", () => {
  it("reads EventPrePay of successful txs only, JSON-encoded values", () => {
    const ev = (b: string, n: string) => ({ type: "stratos.sds.v1.EventPrePay", attributes: [{ key: "beneficiary", value: JSON.stringify(b) }, { key: "purchased_noz", value: JSON.stringify(n) }, { key: "msg_index", value: "0" }] });
    const events = parseBlockResults({
      height: "5",
      txs_results: [
        { code: 0, events: [{ type: "message", attributes: [] }, ev("st1a", "100")] },
        { code: 5, events: [ev("st1b", "999")] },
        { code: 0, events: null },
      ],
      finalize_block_events: [],
    });
    expect(prepayCredits(events)).toEqual([{ wallet: "st1a", noz: 100n }]);
    expect(parseBlockResults({ txs_results: null })).toEqual([]);
  });
});

describe("ChainFollower", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "meta-follow-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const make = (db: MetaDb, chain: InMemoryChain) => {
    const registry = new NodeRegistry(db, chain, 30_000, 30_000, () => 0);
    return new ChainFollower(db, chain, registry, { pollIntervalMs: 10, registryRefreshMs: 1e9, startHeight: 1, now: () => 0, maxBlocksPerPoll: 3 });
  };

  it("credits prepays from the cursor to the tip and never twice across restarts", async () => {
    const chain = new InMemoryChain("st1owner", { epochLength: 10 });
    chain.prepay("st1alice", 500n);
    chain.advance(2);
    chain.prepay("st1alice", 20n);
    chain.prepay("st1bob", 7n);
    let db = MetaDb.open(dir);
    let f = make(db, chain);
    await f.init();
    expect(await f.pollOnce()).toBe(3); // bounded per poll
    expect(db.cursor()).toBe(3);
    expect(db.ozoneOf("st1alice").credited).toBe(500n);
    await db.close();

    db = MetaDb.open(dir);
    f = make(db, chain);
    await f.init();
    expect(await f.pollOnce()).toBe(2);
    expect(await f.pollOnce()).toBe(0);
    expect(db.cursor()).toBe(5);
    expect(db.ozoneOf("st1alice").credited).toBe(520n);
    expect(db.ozoneOf("st1bob").credited).toBe(7n);
    expect(chain.reads.get(1)).toBe(1);
    expect(f.tip).toBe(5);
    expect(f.epochLength).toBe(10);
    expect(f.currentEpoch()).toBe(1);
    await db.close();
  });

  it("starts at startHeight on a new database", async () => {
    const chain = new InMemoryChain("st1owner");
    chain.prepay("st1alice", 5n);
    chain.prepay("st1alice", 6n);
    const db = MetaDb.open(dir);
    const registry = new NodeRegistry(db, chain, 1, 1, () => 0);
    const f = new ChainFollower(db, chain, registry, { pollIntervalMs: 10, registryRefreshMs: 1e9, startHeight: 2, now: () => 0 });
    await f.init();
    await f.pollOnce();
    expect(db.ozoneOf("st1alice").credited).toBe(6n);
    await db.close();
  });

  it("runs in the background and stops cleanly", async () => {
    const chain = new InMemoryChain("st1owner");
    chain.prepay("st1alice", 5n);
    const db = MetaDb.open(dir);
    const f = make(db, chain);
    await f.init();
    f.start();
    for (let i = 0; i < 50 && db.cursor() < 1; i++) await new Promise((r) => setTimeout(r, 10));
    await f.stop();
    expect(db.ozoneOf("st1alice").credited).toBe(5n);
    await db.close();
  });
});
