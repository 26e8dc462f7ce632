import { createHash } from "node:crypto";
import { open } from "lmdb";
import { CommitStore, InvalidKeyError, MAX_KEY_LENGTH, StoreCorruptionError, UnknownHeightError } from "./commit-store";
import type { Change } from "./kv-store";
import { ProofError, verifySmtMembership, verifySmtNonMembership, verifySmtProof } from "../../../sdk/src/verifier";
import { computeRoot, EMPTY_ROOT } from "./smt";
import { b, hexEntries, ModelStore, Rng, rmDir, tempDir } from "./test-helpers";

const hex = (u: Uint8Array | undefined): string | undefined => (u === undefined ? undefined : Buffer.from(u).toString("hex"));

describe("CommitStore", () => {
  let dir: string;
  let cs: CommitStore | undefined;
  beforeEach(() => {
    dir = tempDir("commit");
  });
  afterEach(() => {
    cs?.close();
    cs = undefined;
    rmDir(dir);
  });
  const openStore = (opts: Parameters<typeof CommitStore.open>[1] = { noSync: true }): CommitStore => {
    cs?.close();
    cs = CommitStore.open(dir, opts);
    return cs;
  };

  test("a fresh store is at height 0 with the empty root", () => {
    const s = openStore();
    expect(s.lastCommit()).toEqual({ height: 0n, appHash: EMPTY_ROOT });
    expect(s.rootAt(0n)).toEqual(EMPTY_ROOT);
    expect(s.getAt(b("k"), 0n)).toBeUndefined();
    expect([...s.committed().iterate()]).toEqual([]);
    s.checkIntegrity();
  });

  test("commit, close, reopen: same last commit and values", () => {
    let s = openStore();
    const h1 = s.stage([
      [b("a"), b("1")],
      [b("b"), b("2")],
    ]);
    expect(s.commit(1n)).toEqual({ height: 1n, appHash: h1 });
    s.stage([
      [b("b"), undefined],
      [b("c"), b("3")],
    ]);
    const c2 = s.commit(2n);
    expect(hex(c2.appHash)).toBe(
      hex(
        computeRoot([
          [b("a"), b("1")],
          [b("c"), b("3")],
        ]),
      ),
    );
    s = openStore();
    expect(s.lastCommit()).toEqual(c2);
    expect(hexEntries(s.committed().iterate())).toEqual(hexEntries([
      [b("a"), b("1")],
      [b("c"), b("3")],
    ]));
    expect(s.rootAt(1n)).toEqual(h1);
    expect(s.getAt(b("b"), 1n)).toEqual(b("2"));
    expect(s.getAt(b("b"), 2n)).toBeUndefined();
    s.checkIntegrity();
  });

  test("staged changes are invisible until commit and vanish on reopen", () => {
    let s = openStore();
    s.stage([[b("a"), b("1")]]);
    s.commit(1n);
    const staged = s.stage([[b("a"), b("2")], [b("z"), b("9")]]);
    expect(s.committed().get(b("a"))).toEqual(b("1"));
    expect(s.committed().has(b("z"))).toBe(false);
    expect(s.lastCommit().appHash).not.toEqual(staged);
    s = openStore();
    expect(s.lastCommit().height).toBe(1n);
    expect(s.committed().get(b("a"))).toEqual(b("1"));
    expect(s.committed().get(b("z"))).toBeUndefined();
    expect(s.rootAt(2n)).toBeUndefined();
    s.checkIntegrity();
  });

  test("stage again replaces the earlier staging; unsorted input, last write wins", () => {
    const s = openStore();
    s.stage([[b("x"), b("1")]]);
    const h = s.stage([
      [b("b"), b("1")],
      [b("a"), b("1")],
      [b("b"), b("2")],
      [b("c"), b("1")],
      [b("c"), undefined],
    ]);
    const info = s.commit(1n);
    expect(info.appHash).toEqual(h);
    expect(hex(h)).toBe(hex(computeRoot([[b("a"), b("1")], [b("b"), b("2")]])));
    expect(s.committed().get(b("x"))).toBeUndefined();
    expect(s.committed().get(b("c"))).toBeUndefined();
  });

  test("committing with nothing staged records the unchanged root; heights may skip, never repeat", () => {
    const s = openStore();
    s.stage([[b("a"), b("1")]]);
    const c1 = s.commit(1n);
    const c5 = s.commit(5n);
    expect(c5.appHash).toEqual(c1.appHash);
    expect(s.rootAt(5n)).toEqual(c1.appHash);
    expect(s.rootAt(3n)).toBeUndefined();
    expect(() => s.getAt(b("a"), 3n)).toThrow(UnknownHeightError);
    expect(() => s.getAt(b("a"), 6n)).toThrow(UnknownHeightError);
    expect(() => s.prove(b("a"), 9n)).toThrow(UnknownHeightError);
    expect(() => s.commit(5n)).toThrow(RangeError);
    expect(() => s.commit(4n)).toThrow(RangeError);
    expect(s.getAt(b("a"), 1n)).toEqual(b("1"));
    expect(s.getAt(b("a"), 5n)).toEqual(b("1"));
    const reopened = openStore();
    expect(reopened.lastCommit()).toEqual(c5);
    expect(reopened.getAt(b("a"), 1n)).toEqual(b("1"));
  });

  test("keys LMDB cannot hold are rejected at stage", () => {
    const s = openStore();
    expect(() => s.stage([[new Uint8Array(0), b("v")]])).toThrow(InvalidKeyError);
    expect(() => s.stage([[new Uint8Array(MAX_KEY_LENGTH + 1), b("v")]])).toThrow(InvalidKeyError);
    s.stage([[new Uint8Array(MAX_KEY_LENGTH).fill(7), b("v")]]);
    s.commit(1n);
    expect(s.committed().get(new Uint8Array(MAX_KEY_LENGTH).fill(7))).toEqual(b("v"));
    expect(s.committed().get(new Uint8Array(0))).toBeUndefined();
  });

  test("deleting every key returns to the empty root and survives reopen", () => {
    let s = openStore();
    s.stage([[b("a"), b("1")], [b("b"), b("2")], [b("c"), b("3")]]);
    s.commit(1n);
    s.stage([[b("a"), undefined], [b("b"), undefined]]);
    s.commit(2n); // root collapses to the single leaf c
    expect(hex(s.lastCommit().appHash)).toBe(hex(computeRoot([[b("c"), b("3")]])));
    s.stage([[b("c"), undefined]]);
    expect(s.commit(3n).appHash).toEqual(EMPTY_ROOT);
    s = openStore();
    expect(s.lastCommit()).toEqual({ height: 3n, appHash: EMPTY_ROOT });
    s.checkIntegrity();
    expect(s.getAt(b("c"), 2n)).toEqual(b("3"));
    expect(s.getAt(b("a"), 1n)).toEqual(b("1"));
    s.stage([[b("d"), b("4")]]);
    s.commit(4n);
    s.checkIntegrity();
  });

  test("random blocks: every height's values, roots and proofs stay queryable (tiny page cache, reopened)", () => {
    const rng = new Rng(4242);
    let s = openStore({ noSync: true, pageCacheSize: 16 });
    const model = new ModelStore();
    const snapshots: { height: bigint; root: string; entries: [Uint8Array, Uint8Array][] }[] = [];
    const pool: Uint8Array[] = [];
    for (let i = 0; i < 3000; i++) pool.push(rng.bytes(4 + rng.int(20)));
    for (let h = 1n; h <= 12n; h++) {
      const changes: Change[] = [];
      const n = h === 1n ? 2500 : 1 + rng.int(600);
      for (let i = 0; i < n; i++) {
        const k = rng.pick(pool);
        if (rng.int(4) === 0) changes.push([k, undefined]);
        else changes.push([k, rng.bytes(rng.int(40))]);
      }
      for (const [k, v] of changes) {
        if (v === undefined) model.delete(k);
        else model.set(k, v);
      }
      const staged = s.stage(changes);
      const expected = computeRoot(model.range());
      expect(hex(staged)).toBe(hex(expected));
      expect(s.commit(h).appHash).toEqual(staged);
      snapshots.push({ height: h, root: hex(staged) as string, entries: model.range() });
      if (h === 6n) s = openStore({ noSync: true, pageCacheSize: 16 });
    }
    s.checkIntegrity();
    expect(hexEntries(s.committed().iterate())).toEqual(hexEntries(model.range()));
    s = openStore({ noSync: true, pageCacheSize: 16 });
    for (const snap of snapshots) {
      expect(hex(s.rootAt(snap.height))).toBe(snap.root);
      const present = new Map(snap.entries.map(([k, v]) => [hex(k), v]));
      for (let i = 0; i < 120; i++) {
        const k = rng.pick(pool);
        const want = present.get(hex(k) as string);
        expect(hex(s.getAt(k, snap.height))).toBe(hex(want));
        if (i % 4 === 0) {
          const { value, proof } = s.prove(k, snap.height);
          expect(hex(value)).toBe(hex(want));
          const root = s.rootAt(snap.height) as Uint8Array;
          if (want === undefined) expect(() => verifySmtNonMembership(proof, root, k)).not.toThrow();
          else expect(() => verifySmtMembership(proof, root, k, want)).not.toThrow();
          // and never against another height's root when the answer changed there
          expect(() => verifySmtProof(proof, EMPTY_ROOT, k, want)).toThrow(ProofError);
        }
      }
    }
  });

  test("checkIntegrity detects a flat index edited behind the store's back", () => {
    let s = openStore();
    s.stage([[b("a"), b("1")], [b("b"), b("2")]]);
    s.commit(1n);
    s.close();
    cs = undefined;
    const env = open({ path: dir, keyEncoding: "binary", encoding: "binary", noSync: true });
    const flat = env.openDB("flat", { keyEncoding: "binary", encoding: "binary" });
    env.transactionSync(() => flat.putSync(b("a"), b("tampered")));
    void env.close();
    s = openStore();
    expect(() => s.checkIntegrity()).toThrow(StoreCorruptionError);
  });

  test("entriesAt: every entry of a height in key-hash order, unchanged by later commits, across reopen", () => {
    let s = openStore({ noSync: true, pageCacheSize: 16 });
    const rng = new Rng(7);
    const model = new Map<string, string>();
    const keyHashHex = (k: string) => createHash("sha256").update(Buffer.from(k, "hex")).digest("hex");
    const expectAt = (height: bigint, state: Map<string, string>) => {
      const got = [...s.entriesAt(height)].map(([k, v]) => [hex(k), hex(v)] as [string, string]);
      const want = [...state].sort((x, y) => (keyHashHex(x[0]) < keyHashHex(y[0]) ? -1 : 1));
      expect(got).toEqual(want);
    };
    const snapshots: Map<string, string>[] = [new Map()];
    for (let h = 1; h <= 6; h++) {
      const changes: Change[] = [];
      for (let i = 0; i < 600; i++) {
        const k = `k${rng.u32() % 1500}`;
        if (rng.u32() % 5 === 0) {
          changes.push([b(k), undefined]);
          model.delete(Buffer.from(k).toString("hex"));
        } else {
          const v = `v${h}-${i}`;
          changes.push([b(k), b(v)]);
          model.set(Buffer.from(k).toString("hex"), Buffer.from(v).toString("hex"));
        }
      }
      s.stage(changes);
      s.commit(BigInt(h));
      snapshots.push(new Map(model));
    }
    // Consumed across a later commit: the height's state, not the newer one.
    const it = s.entriesAt(3n);
    const first = it.next();
    s.stage([[b("k1"), b("after")]]);
    s.commit(7n);
    const rest = [...it];
    expect(1 + rest.length).toBe(snapshots[3]!.size);
    expect(first.done).toBe(false);
    s = openStore({ noSync: true, pageCacheSize: 16 });
    for (const h of [0, 1, 3, 6]) expectAt(BigInt(h), snapshots[h]!);
    expect(() => [...s.entriesAt(99n)]).toThrow(UnknownHeightError);
  });
});
