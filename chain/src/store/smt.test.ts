import { createHash } from "node:crypto";
import { ics23, verifyMembership as icsVerifyMembership } from "@confio/ics23";
import type { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import type { Change } from "./kv-store";
import { ProofError, verifySmtMembership, verifySmtNonMembership, verifySmtProof } from "../../../sdk/src/verifier";
import { buildProof, SMT_PROOF_SPEC, type LeafResolver } from "./proof";
import { computeRoot, EMPTY_ROOT, MemorySmt, sha256, type SmtLoader } from "./smt";
import { b, Rng } from "./test-helpers";

/** Independent reference: the root recomputed from scratch, straight from the spec. */
function naiveRoot(entries: readonly (readonly [Uint8Array, Uint8Array])[]): Buffer {
  const H = (...parts: Uint8Array[]): Buffer => createHash("sha256").update(Buffer.concat(parts)).digest();
  const leaves = entries.map(([k, v]) => ({ path: H(k), hash: H(Uint8Array.of(0), H(k), H(v)) }));
  const bit = (p: Buffer, d: number): number => ((p[d >> 3] as number) >> (7 - (d % 8))) & 1;
  const rec = (set: typeof leaves, depth: number): Buffer => {
    if (set.length === 0) return Buffer.alloc(32);
    if (set.length === 1) return (set[0] as (typeof leaves)[number]).hash;
    return H(
      Uint8Array.of(1),
      rec(
        set.filter((l) => bit(l.path, depth) === 0),
        depth + 1,
      ),
      rec(
        set.filter((l) => bit(l.path, depth) === 1),
        depth + 1,
      ),
    );
  };
  return rec(leaves, 0);
}

function randomEntries(rng: Rng, n: number): [Uint8Array, Uint8Array][] {
  const seen = new Set<string>();
  const out: [Uint8Array, Uint8Array][] = [];
  while (out.length < n) {
    const k = rng.bytes(1 + rng.int(12));
    const h = Buffer.from(k).toString("hex");
    if (seen.has(h)) continue;
    seen.add(h);
    out.push([k, rng.bytes(rng.int(20))]);
  }
  return out;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const noLoader: SmtLoader = {
  load: () => {
    throw new Error("no stubs in memory");
  },
};
const memResolve: LeafResolver = (leaf) => ({ key: leaf.key as Uint8Array, value: leaf.value as Uint8Array });

describe("sparse Merkle tree: hashing rules", () => {
  test("empty tree root is 32 zero bytes", () => {
    expect(new MemorySmt().root).toEqual(EMPTY_ROOT);
    expect(computeRoot([])).toEqual(EMPTY_ROOT);
  });

  test("a single leaf is the root: sha256(0x00 || sha256(k) || sha256(v))", () => {
    const t = new MemorySmt();
    t.apply([[b("k"), b("v")]]);
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.of(0), sha256(b("k")), sha256(b("v"))]))
      .digest();
    expect(hex(t.root)).toBe(expected.toString("hex"));
  });

  test("two leaves: inner hash over the split, with empty (zero) siblings above it", () => {
    const entries: [Uint8Array, Uint8Array][] = [
      [b("a"), b("1")],
      [b("b"), b("2")],
    ];
    const t = new MemorySmt();
    t.apply(entries);
    expect(hex(t.root)).toBe(naiveRoot(entries).toString("hex"));
  });
});

describe("sparse Merkle tree: history independence", () => {
  test("insertion order and batching do not change the root", () => {
    const rng = new Rng(11);
    const entries = randomEntries(rng, 500);
    const oneBatch = new MemorySmt();
    oneBatch.apply(entries);
    const singles = new MemorySmt();
    for (const e of shuffle(rng, entries)) singles.apply([e]);
    const randomBatches = new MemorySmt();
    const shuffled = shuffle(rng, entries);
    for (let i = 0; i < shuffled.length; ) {
      const n = 1 + rng.int(60);
      randomBatches.apply(shuffled.slice(i, i + n));
      i += n;
    }
    expect(hex(singles.root)).toBe(hex(oneBatch.root));
    expect(hex(randomBatches.root)).toBe(hex(oneBatch.root));
  });

  test("inserting extra keys and deleting them restores the exact root", () => {
    const rng = new Rng(12);
    const entries = randomEntries(rng, 300);
    const t = new MemorySmt();
    t.apply(entries);
    const before = hex(t.root);
    const original = new Set(entries.map(([k]) => hex(k)));
    const extra = randomEntries(new Rng(99), 200).filter(([k]) => !original.has(hex(k)));
    t.apply(extra);
    expect(hex(t.root)).not.toBe(before);
    // delete in several batches, interleaved with no-op deletes of absent keys
    const del: Change[] = extra.map(([k]) => [k, undefined]);
    t.apply(del.slice(0, 50));
    t.apply([...del.slice(50), [b("never-present"), undefined]]);
    expect(hex(t.root)).toBe(before);
  });

  test("deleting down to one leaf collapses it to the root; deleting all gives the empty root", () => {
    const entries = randomEntries(new Rng(13), 40);
    const t = new MemorySmt();
    t.apply(entries);
    t.apply(entries.slice(1).map(([k]) => [k, undefined] as Change));
    expect(hex(t.root)).toBe(naiveRoot(entries.slice(0, 1)).toString("hex"));
    const first = entries[0] as [Uint8Array, Uint8Array];
    t.apply([[first[0], undefined]]);
    expect(t.root).toEqual(EMPTY_ROOT);
  });

  test("updates then reverting the values restores the root; last write per key wins", () => {
    const entries = randomEntries(new Rng(14), 100);
    const t = new MemorySmt();
    t.apply(entries);
    const before = hex(t.root);
    t.apply(entries.slice(0, 30).map(([k]) => [k, b("changed")] as Change));
    expect(hex(t.root)).not.toBe(before);
    t.apply(entries.slice(0, 30).flatMap(([k, v]) => [[k, b("x")], [k, undefined], [k, v]] as Change[]));
    expect(hex(t.root)).toBe(before);
  });

  test("re-setting equal values and deleting absent keys keep every node", () => {
    const entries = randomEntries(new Rng(15), 64);
    const t = new MemorySmt();
    t.apply(entries);
    const node = t.rootNodeRef;
    t.apply([...entries.slice(0, 10), [b("absent"), undefined]]);
    expect(t.rootNodeRef).toBe(node);
  });
});

describe("sparse Merkle tree vs a naive reference", () => {
  test.each([0, 1, 2, 3, 5, 17, 100, 1000])("random set of %i keys", (n) => {
    const rng = new Rng(1000 + n);
    const entries = randomEntries(rng, n);
    const t = new MemorySmt();
    t.apply(entries);
    const expected = naiveRoot(entries).toString("hex");
    expect(hex(t.root)).toBe(expected);
    expect(hex(computeRoot(entries))).toBe(expected);
    for (const [k, v] of entries.slice(0, 50)) expect(t.get(k)).toEqual(v);
  });

  test("incremental random updates and deletes track the reference", () => {
    const rng = new Rng(77);
    const t = new MemorySmt();
    const model = new Map<string, [Uint8Array, Uint8Array]>();
    const pool = randomEntries(rng, 400).map(([k]) => k);
    for (let round = 0; round < 25; round++) {
      const batch: Change[] = [];
      for (let i = 0; i < 1 + rng.int(80); i++) {
        const k = rng.pick(pool);
        if (rng.int(3) === 0) {
          batch.push([k, undefined]);
          model.delete(hex(k));
        } else {
          const v = rng.bytes(1 + rng.int(8));
          batch.push([k, v]);
          model.set(hex(k), [k, v]);
        }
      }
      t.apply(batch);
      expect(hex(t.root)).toBe(naiveRoot([...model.values()]).toString("hex"));
    }
  });
});

describe("ICS23 proofs over the tree", () => {
  const entries = randomEntries(new Rng(21), 300);
  const t = new MemorySmt();
  t.apply(entries);
  const root = t.root;
  const prove = (key: Uint8Array): ReturnType<typeof buildProof> => buildProof(t.rootNodeRef, key, noLoader, memResolve);

  /** The same spec in @confio/ics23's (protobufjs) types. */
  const icsSpec: ics23.IProofSpec = {
    leafSpec: {
      hash: ics23.HashOp.SHA256,
      prehashKey: ics23.HashOp.SHA256,
      prehashValue: ics23.HashOp.SHA256,
      length: ics23.LengthOp.NO_PREFIX,
      prefix: Uint8Array.of(0),
    },
    innerSpec: {
      childOrder: [0, 1],
      childSize: 32,
      minPrefixLength: 1,
      maxPrefixLength: 1,
      emptyChild: new Uint8Array(32),
      hash: ics23.HashOp.SHA256,
    },
    maxDepth: 256,
  };

  test("the exported spec is the ICS23 SmtSpec", () => {
    expect(SMT_PROOF_SPEC.leafSpec).toEqual({ hash: 1, prehashKey: 1, prehashValue: 1, length: 0, prefix: Uint8Array.of(0) });
    expect(SMT_PROOF_SPEC.innerSpec?.emptyChild).toEqual(new Uint8Array(32));
    expect(SMT_PROOF_SPEC.maxDepth).toBe(256);
    expect(SMT_PROOF_SPEC.prehashKeyBeforeComparison).toBe(true);
  });

  test("membership proofs verify here and in @confio/ics23", () => {
    for (const [k, v] of entries) {
      const { value, proof } = prove(k);
      expect(value).toEqual(v);
      expect(() => verifySmtMembership(proof, root, k, v)).not.toThrow();
      expect(() => verifySmtProof(proof, root, k, v)).not.toThrow();
      if (v.length > 0) expect(icsVerifyMembership(proof as ics23.ICommitmentProof, icsSpec, root, k, v)).toBe(true);
    }
  });

  test("non-membership proofs verify, including keys before the first and after the last hash", () => {
    const rng = new Rng(22);
    let leftOnly = 0;
    let rightOnly = 0;
    for (let i = 0; i < 400; i++) {
      const k = rng.bytes(14); // longer than any stored key: absent
      const { value, proof } = prove(k);
      expect(value).toBeUndefined();
      const ne = proof.nonexist;
      expect(ne).toBeDefined();
      if (ne?.left === undefined) rightOnly++;
      if (ne?.right === undefined) leftOnly++;
      expect(() => verifySmtNonMembership(proof, root, k)).not.toThrow();
      expect(() => verifySmtProof(proof, root, k)).not.toThrow();
      expect(() => verifySmtMembership(proof, root, k, b("x"))).toThrow(ProofError);
      // each neighbour is itself a valid existence proof in @confio/ics23
      for (const side of [ne?.left, ne?.right]) {
        if (side !== undefined && side.value.length > 0) {
          expect(icsVerifyMembership({ exist: side } as ics23.ICommitmentProof, icsSpec, root, side.key, side.value)).toBe(true);
        }
      }
    }
    // Hunt for edge keys explicitly: hashes below the smallest and above the largest.
    const hashes = entries.map(([k]) => hex(sha256(k))).sort();
    let lo: Uint8Array | undefined;
    let hi: Uint8Array | undefined;
    for (let i = 0; (lo === undefined || hi === undefined) && i < 100000; i++) {
      const k = b(`edge-${i}`);
      const h = hex(sha256(k));
      if (lo === undefined && h < (hashes[0] as string)) lo = k;
      if (hi === undefined && h > (hashes[hashes.length - 1] as string)) hi = k;
    }
    for (const k of [lo, hi]) {
      expect(k).toBeDefined();
      const { proof } = prove(k as Uint8Array);
      expect(() => verifySmtNonMembership(proof, root, k as Uint8Array)).not.toThrow();
    }
    expect(prove(lo as Uint8Array).proof.nonexist?.left).toBeUndefined();
    expect(prove(hi as Uint8Array).proof.nonexist?.right).toBeUndefined();
    expect(leftOnly + rightOnly).toBeGreaterThanOrEqual(0);
  });

  test("empty tree: non-membership holds only against the empty root", () => {
    const empty = new MemorySmt();
    const { proof } = buildProof(empty.rootNodeRef, b("k"), noLoader, memResolve);
    expect(() => verifySmtNonMembership(proof, EMPTY_ROOT, b("k"))).not.toThrow();
    expect(() => verifySmtNonMembership(proof, root, b("k"))).toThrow(ProofError);
  });

  test("tampered proofs fail", () => {
    const [k, v] = entries[5] as [Uint8Array, Uint8Array];
    const { proof } = prove(k);
    const clone = (p: CommitmentProof): CommitmentProof => structuredClone(p);
    // flip one byte of a sibling hash
    const t1 = clone(proof);
    const step = t1.exist?.path[0];
    if (step === undefined) throw new Error("no path");
    if (step.suffix.length > 0) step.suffix[3] = (step.suffix[3] as number) ^ 1;
    else step.prefix[5] = (step.prefix[5] as number) ^ 1;
    expect(() => verifySmtMembership(t1, root, k, v)).toThrow(ProofError);
    // wrong value, wrong key, wrong root
    expect(() => verifySmtMembership(proof, root, k, b("other"))).toThrow(ProofError);
    expect(() => verifySmtMembership(proof, root, b("other"), v)).toThrow(ProofError);
    expect(() => verifySmtMembership(proof, EMPTY_ROOT, k, v)).toThrow(ProofError);
    // drop a step
    const t2 = clone(proof);
    t2.exist?.path.pop();
    expect(() => verifySmtMembership(t2, root, k, v)).toThrow(ProofError);
    // swap a step's side (same hashes, mirrored)
    const t3 = clone(proof);
    const s3 = t3.exist?.path[0];
    if (s3 === undefined) throw new Error("no path");
    if (s3.suffix.length > 0) {
      s3.prefix = Uint8Array.of(1, ...s3.suffix);
      s3.suffix = new Uint8Array(0);
    } else {
      s3.suffix = s3.prefix.slice(1);
      s3.prefix = Uint8Array.of(1);
    }
    expect(() => verifySmtMembership(t3, root, k, v)).toThrow(ProofError);
    // wrong leaf op
    const t4 = clone(proof);
    if (t4.exist?.leaf !== undefined) t4.exist.leaf.prefix = Uint8Array.of(1);
    expect(() => verifySmtMembership(t4, root, k, v)).toThrow(ProofError);
    // garbage is a ProofError too, never a TypeError
    expect(() => verifySmtMembership({} as CommitmentProof, root, k, v)).toThrow(ProofError);
    expect(() => verifySmtNonMembership({ nonexist: {} } as unknown as CommitmentProof, root, k)).toThrow(ProofError);
  });

  test("a non-membership proof cannot be forged from a present key or from distant leaves", () => {
    const [k] = entries[7] as [Uint8Array, Uint8Array];
    const absent = b("definitely-absent-key");
    const ne = prove(absent).proof;
    // the proof for one absent key does not prove another key absent, nor a present one
    expect(() => verifySmtNonMembership(ne, root, k)).toThrow(ProofError);
    const relabeled = structuredClone(ne);
    if (relabeled.nonexist !== undefined) relabeled.nonexist.key = k;
    expect(() => verifySmtNonMembership(relabeled, root, k)).toThrow(ProofError);
    // neighbours that bracket the key but are not adjacent are rejected
    const sorted = entries.map(([key]) => key).sort((x, y) => Buffer.compare(sha256(x), sha256(y)));
    const left = prove(sorted[10] as Uint8Array).proof.exist;
    const right = prove(sorted[12] as Uint8Array).proof.exist;
    const between = sorted[11] as Uint8Array;
    if (left === undefined || right === undefined) throw new Error("missing proofs");
    const forged: CommitmentProof = { nonexist: { key: between, left, right } };
    expect(() => verifySmtNonMembership(forged, root, between)).toThrow(ProofError);
    // a tampered neighbour is rejected
    const t = structuredClone(ne);
    const side = t.nonexist?.left ?? t.nonexist?.right;
    if (side === undefined) throw new Error("no neighbour");
    side.value = b("tampered");
    expect(() => verifySmtNonMembership(t, root, absent)).toThrow(ProofError);
  });
});
