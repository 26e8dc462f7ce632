import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MetaDb, type UploadRecord } from "./db";

describe("MetaDb", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "meta-db-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const receipt = (wallet: string, nonce: string, bytes: bigint, epoch = 3, node = "stsds1n") => ({ wallet, ticket_nonce: nonce, node, bytes: bytes.toString(), epoch, accepted_ms: 1 });

  it("applies a block's credits and the cursor together, once", async () => {
    const db = MetaDb.open(dir);
    expect(db.cursor()).toBe(0);
    expect(db.applyBlock(1, [{ wallet: "st1a", noz: 100n }, { wallet: "st1a", noz: 5n }])).toBe(true);
    expect(db.applyBlock(1, [{ wallet: "st1a", noz: 100n }])).toBe(false); // replayed block
    expect(db.cursor()).toBe(1);
    expect(db.ozoneOf("st1a")).toEqual({ credited: 105n, spent: 0n, balance: 105n });
    await db.close();
  });

  it("ozone accounting: upload debits only when covered, receipts debit bytes", async () => {
    const db = MetaDb.open(dir);
    db.credit("st1w", 1000n);
    const upload = (id: string, cost: bigint): UploadRecord => ({
      upload_id: id, cid: "bcid", wallet: "st1w", size: "1", chunk_size: 262144, merkle_root: "00", replicas: 1, cost_noz: cost.toString(),
      created_ms: 0, expires: 0, slices: [], acks: [], status: "open",
    });
    expect(db.createUpload(upload("u1", 600n))).toEqual({ ok: true });
    expect(db.createUpload(upload("u2", 600n))).toEqual({ ok: false, balance: 400n });
    expect(db.getUpload("u2")).toBeUndefined();
    expect(db.acceptReceipt(receipt("st1w", "n1", 100n), { r: 1 })).toBe(true);
    expect(db.ozoneOf("st1w")).toEqual({ credited: 1000n, spent: 700n, balance: 300n });
    await db.close();
  });

  it("counts a receipt once per (wallet, ticket_nonce) and tallies traffic per epoch and node", async () => {
    const db = MetaDb.open(dir);
    expect(db.acceptReceipt(receipt("st1w", "n1", 100n, 3, "stsds1a"), { i: 1 })).toBe(true);
    expect(db.acceptReceipt(receipt("st1w", "n1", 100n, 3, "stsds1a"), { i: 1 })).toBe(false);
    expect(db.acceptReceipt(receipt("st1x", "n1", 50n, 3, "stsds1a"), { i: 2 })).toBe(true); // another wallet
    expect(db.acceptReceipt(receipt("st1w", "n2", 7n, 3, "stsds1b"), { i: 3 })).toBe(true);
    expect(db.acceptReceipt(receipt("st1w", "n3", 9n, 5, "stsds1b"), { i: 4 })).toBe(true);
    expect(db.trafficOf(3)).toEqual(new Map([["stsds1a", 150n], ["stsds1b", 7n]]));
    expect(db.trafficEpochs()).toEqual([3, 5]);
    expect(db.receiptsOf(3)).toEqual([{ i: 1 }, { i: 3 }, { i: 2 }]); // by (wallet, nonce)
    db.tx(() => db.moveEpochInTx(3, 5));
    expect(db.trafficEpochs()).toEqual([5]);
    expect(db.trafficOf(5)).toEqual(new Map([["stsds1a", 150n], ["stsds1b", 16n]]));
    expect(db.receiptsOf(5)).toHaveLength(4);
    await db.close();
  });

  it("survives a reopen: cursor, ozone, files, owners, receipts, reports, nodes", async () => {
    const db = MetaDb.open(dir);
    db.applyBlock(7, [{ wallet: "st1w", noz: 10n }]);
    db.putFile({ cid: "bcid1", owner: "st1w", size: "5", chunk_size: 262144, merkle_root: "ab", slice_count: 1, replicas: 1, height: 8, tx_hash: "T", slices: [{ slice_index: 0, slice_root: "cd", slice_size: 5, holders: ["stsds1a"] }] });
    db.acceptReceipt(receipt("st1w", "n1", 3n), {});
    db.putReport({ epoch: 2, reference: "epoch-2-x", wallet_volumes: [], status: "sent", attempts: 1, updated_ms: 0 });
    db.putNode({ address: "stsds1a", url: "http://a", capacity_bytes: "10", used_bytes: "1", slices: 1, last_heartbeat_ms: 5 });
    await db.close();

    const again = MetaDb.open(dir);
    expect(again.cursor()).toBe(7);
    expect(again.ozoneOf("st1w").balance).toBe(7n);
    expect(again.getFile("bcid1")?.slices[0]?.holders).toEqual(["stsds1a"]);
    expect(again.filesByOwner("st1w").map((f) => f.cid)).toEqual(["bcid1"]);
    expect(again.filesByOwner("st1")).toEqual([]);
    expect(again.receiptSeen("st1w", "n1")).toBe(true);
    expect(again.getReport(2)?.status).toBe("sent");
    expect(again.getNode("stsds1a")?.url).toBe("http://a");
    await again.close();
  });
});
