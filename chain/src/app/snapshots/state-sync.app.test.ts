/**
 * State sync between two apps driven with ABCI calls: one takes snapshots as it commits, a
 * fresh one restores a snapshot from its chunks, ends at the same height and app hash, and
 * then executes the next block to the same app hash. Every way a peer can send bad data is
 * answered as CometBFT expects (refetch and reject the sender, reject the snapshot, ...).
 */
import {
  ResponseApplySnapshotChunk_Result as ApplyResult,
  ResponseOfferSnapshot_Result as OfferResult,
  type Snapshot,
} from "cosmjs-types/tendermint/abci/types";
import { QueryAllBalancesRequest } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { finalizeRequest } from "../../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../../test/helpers/keys";
import { buildTx, msgSend } from "../../../test/helpers/tx-builder";
import { initUnitChain, openUnitApp, type UnitApp } from "../../../test/helpers/unit-app";
import { sha256 } from "../../types/hash";
import type { StratosApp } from "../app";
import { SnapshotBuilder } from "./snapshot-builder";
import { encodeChunks } from "./snapshot-format";

const CHAIN_ID = "stratos-statesync";
const INFO = { version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" };
const opened: UnitApp[] = [];
const dirs: string[] = [];

function open(snapshotInterval?: number): UnitApp {
  let snapshots;
  if (snapshotInterval !== undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-snapshots-"));
    dirs.push(dir);
    snapshots = { dir, interval: snapshotInterval, chunkBytes: 1024, sliceEntries: 7 };
  }
  const u = openUnitApp({ prefix: "stratos-statesync-", ...(snapshots ? { snapshots } : {}) });
  opened.push(u);
  return u;
}

afterAll(async () => {
  for (const u of opened) await u.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const keys: TestKey[] = Array.from({ length: 12 }, () => randomKey());
const sequences = new Map<string, bigint>();
const txsAt = new Map<bigint, Uint8Array[]>();

/** A block's txs: a transfer from every key to the next. */
function blockTxs(): Uint8Array[] {
  return keys.map((k, i) => {
    const sequence = sequences.get(k.address) ?? 0n;
    sequences.set(k.address, sequence + 1n);
    return buildTx({ key: k, chainId: CHAIN_ID, accountNumber: BigInt(i), sequence, msgs: [msgSend(k.address, keys[(i + 1) % keys.length]!.address, 1000n + BigInt(i))] });
  });
}

async function runBlock(app: StratosApp, height: bigint, txs: Uint8Array[]): Promise<Uint8Array> {
  const res = await app.finalizeBlock(finalizeRequest(height, txs));
  expect(res.txResults.every((r) => r.code === 0)).toBe(true);
  app.commit();
  return res.appHash;
}

/** Offers `snapshot` and applies every chunk from `source`; returns the results of each call. */
function restore(target: StratosApp, source: StratosApp, snapshot: Snapshot, appHash: Uint8Array) {
  const offer = target.offerSnapshot({ snapshot, appHash }).result;
  const applied: ApplyResult[] = [];
  if (offer !== OfferResult.ACCEPT) return { offer, applied };
  for (let index = 0; index < snapshot.chunks; index++) {
    const { chunk } = source.loadSnapshotChunk({ height: snapshot.height, format: snapshot.format, chunk: index });
    applied.push(target.applySnapshotChunk({ index, chunk, sender: "peer-a" }).result);
  }
  return { offer, applied };
}

describe("state sync between two apps", () => {
  let source: UnitApp;
  let snapshot: Snapshot;
  const hashes = new Map<bigint, Uint8Array>();

  beforeAll(async () => {
    source = open(3);
    initUnitChain(source.app, { chainId: CHAIN_ID, accounts: keys });
    for (let h = 1n; h <= 7n; h++) {
      txsAt.set(h, blockTxs());
      hashes.set(h, await runBlock(source.app, h, txsAt.get(h)!));
      await source.app.snapshots!.idle();
    }
    const listed = source.app.listSnapshots({}).snapshots;
    // Heights 3 and 6 were due; both kept (keepRecent defaults to 2), newest first.
    expect(listed.map((s) => s.height)).toEqual([6n, 3n]);
    snapshot = listed[0]!;
    expect(snapshot.chunks).toBeGreaterThan(3);
  });

  it("restores a snapshot into a fresh app: same height, app hash and state, and the next block agrees", async () => {
    const target = open();
    const { offer, applied } = restore(target.app, source.app, snapshot, hashes.get(6n)!);
    expect(offer).toBe(OfferResult.ACCEPT);
    expect(applied.every((r) => r === ApplyResult.ACCEPT)).toBe(true);
    const info = target.app.info(INFO);
    expect(info.lastBlockHeight).toBe(6n);
    expect(info.lastBlockAppHash).toEqual(hashes.get(6n));
    expect(target.app.chainId()).toBe(CHAIN_ID);
    expect(target.store.firstHeight()).toBe(6n);
    expect(source.store.firstHeight()).toBe(1n);
    expect([...target.store.entriesAt(6n)].length).toBe([...source.store.entriesAt(6n)].length);
    target.store.checkIntegrity();
    // Height 7 as the source executed it (same txs, same time): the same app hash.
    expect(await runBlock(target.app, 7n, txsAt.get(7n)!)).toEqual(hashes.get(7n));
    // And the restored node serves the state like any other (a balance query).
    const request = { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: QueryAllBalancesRequest.encode({ address: keys[0]!.address, resolveDenom: false }).finish(), height: 0n, prove: false };
    const q = target.app.query(request);
    const qs = source.app.query(request);
    expect(q.code).toBe(0);
    expect(q.value).toEqual(qs.value);
  });

  it("a chunk that does not match its hash is refetched from another peer and its sender rejected; the right one is then accepted", () => {
    const target = open();
    expect(target.app.offerSnapshot({ snapshot, appHash: hashes.get(6n)! }).result).toBe(OfferResult.ACCEPT);
    const good = source.app.loadSnapshotChunk({ height: snapshot.height, format: 1, chunk: 0 }).chunk;
    const bad = good.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
    const res = target.app.applySnapshotChunk({ index: 0, chunk: bad, sender: "liar" });
    expect(res.result).toBe(ApplyResult.RETRY);
    expect(res.refetchChunks).toEqual([0]);
    expect(res.rejectSenders).toEqual(["liar"]);
    expect(target.app.applySnapshotChunk({ index: 0, chunk: good, sender: "honest" }).result).toBe(ApplyResult.ACCEPT);
    // A chunk ahead of the next expected one is refetched in order; a repeat is acknowledged.
    expect(target.app.applySnapshotChunk({ index: 2, chunk: good, sender: "honest" })).toMatchObject({ result: ApplyResult.RETRY, refetchChunks: [1] });
    expect(target.app.applySnapshotChunk({ index: 0, chunk: good, sender: "honest" }).result).toBe(ApplyResult.ACCEPT);
    expect(target.app.info(INFO).lastBlockHeight).toBe(0n);
  });

  it("a snapshot whose state does not hash to the trusted app hash is rejected and nothing is written", () => {
    const target = open();
    const { offer, applied } = restore(target.app, source.app, snapshot, hashes.get(5n)!);
    expect(offer).toBe(OfferResult.ACCEPT);
    expect(applied.slice(0, -1).every((r) => r === ApplyResult.ACCEPT)).toBe(true);
    expect(applied.at(-1)).toBe(ApplyResult.REJECT_SNAPSHOT);
    expect(target.app.info(INFO).lastBlockHeight).toBe(0n);
    expect([...target.store.committed().iterate()]).toEqual([]);
    // The same app then restores a good snapshot.
    expect(restore(target.app, source.app, snapshot, hashes.get(6n)!).applied.at(-1)).toBe(ApplyResult.ACCEPT);
    expect(target.app.info(INFO).lastBlockAppHash).toEqual(hashes.get(6n));
  });

  it("a snapshot whose own chunk list vouches for a malformed chunk is rejected as a whole", () => {
    const target = open();
    const chunk = Uint8Array.of(0, 0, 1, 2, 3);
    const metadata = sha256(chunk);
    const forged: Snapshot = { height: 6n, format: 1, chunks: 1, hash: sha256(metadata), metadata };
    expect(target.app.offerSnapshot({ snapshot: forged, appHash: hashes.get(6n)! }).result).toBe(OfferResult.ACCEPT);
    expect(target.app.applySnapshotChunk({ index: 0, chunk, sender: "p" }).result).toBe(ApplyResult.REJECT_SNAPSHOT);
  });

  it("a snapshot listing a key out of key-hash order (or twice) is rejected as a whole", () => {
    const target = open();
    // The whole state of height 6, so the root would match: only the order check can refuse these.
    const entries = [...source.store.entriesAt(6n)];
    const chunk = encodeChunks([entries[1]!, entries[0]!, ...entries.slice(2)], 1 << 24)[0]!;
    const twice = encodeChunks([entries[0]!, ...entries], 1 << 24)[0]!;
    for (const c of [chunk, twice]) {
      const metadata = sha256(c);
      const forged: Snapshot = { height: 6n, format: 1, chunks: 1, hash: sha256(metadata), metadata };
      expect(target.app.offerSnapshot({ snapshot: forged, appHash: hashes.get(6n)! }).result).toBe(OfferResult.ACCEPT);
      expect(target.app.applySnapshotChunk({ index: 0, chunk: c, sender: "p" }).result).toBe(ApplyResult.REJECT_SNAPSHOT);
    }
    expect(target.app.info(INFO).lastBlockHeight).toBe(0n);
  });

  it("offers are refused as CometBFT expects: another format, bad metadata, a bad app hash, an app that already has state", () => {
    const target = open();
    const offer = (s: Partial<Snapshot>, appHash = hashes.get(6n)!) => target.app.offerSnapshot({ snapshot: { ...snapshot, ...s }, appHash }).result;
    expect(offer({ format: 2 })).toBe(OfferResult.REJECT_FORMAT);
    expect(offer({ chunks: snapshot.chunks + 1 })).toBe(OfferResult.REJECT);
    expect(offer({ hash: new Uint8Array(32) })).toBe(OfferResult.REJECT);
    expect(offer({ height: 0n })).toBe(OfferResult.REJECT);
    expect(offer({}, new Uint8Array(20))).toBe(OfferResult.REJECT);
    expect(target.app.applySnapshotChunk({ index: 0, chunk: new Uint8Array(), sender: "" }).result).toBe(ApplyResult.ABORT);
    expect(source.app.offerSnapshot({ snapshot, appHash: hashes.get(6n)! }).result).toBe(OfferResult.ABORT);
  });

  it("serves nothing for an unknown snapshot or chunk, and a node without snapshot settings lists none", () => {
    expect(source.app.loadSnapshotChunk({ height: 5n, format: 1, chunk: 0 }).chunk).toHaveLength(0);
    expect(source.app.loadSnapshotChunk({ height: 6n, format: 2, chunk: 0 }).chunk).toHaveLength(0);
    expect(source.app.loadSnapshotChunk({ height: 6n, format: 1, chunk: snapshot.chunks }).chunk).toHaveLength(0);
    expect(open().app.listSnapshots({}).snapshots).toEqual([]);
  });

  it("two nodes with the same state take byte-identical snapshots (CometBFT treats differing ones as different snapshots)", async () => {
    const target = open();
    restore(target.app, source.app, snapshot, hashes.get(6n)!);
    const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-snapshots-"));
    dirs.push(dir);
    const rebuilt = await new SnapshotBuilder(target.store, { dir, interval: 3, chunkBytes: 1024 }).build(6n);
    expect(rebuilt!.chunks).toBe(snapshot.chunks);
    expect(rebuilt!.hash).toEqual(snapshot.hash);
  });
});
