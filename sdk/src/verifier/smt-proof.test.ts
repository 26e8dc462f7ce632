import { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { ProofError } from "./errors";
import { parseAbciQuery, parseSignedHeader } from "./rpc-json";
import { SMT_EMPTY_ROOT, calculateExistenceRoot, verifySmtMembership, verifySmtNonMembership, verifySmtProof } from "./smt-proof";
import vectors from "./testdata/localnet-vectors.json";

// The builder and the large randomized suite live with the store (chain/src/store/smt.test.ts,
// which also checks @confio/ics23 accepts our membership proofs); these are the real proofs of
// the localnet vectors and the shapes a hostile node could send.
const query = parseAbciQuery(vectors.queries[0]!.result);
const proof = CommitmentProof.decode(query.proofOps[0]!.data);
/** The app hash the query is proven against: in the header of the next height (not derived from the proof). */
const root = (): Uint8Array => parseSignedHeader(vectors.commits["4"]).header.appHash;

function reason(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProofError);
    expect((e as ProofError).kind).toBe("proof");
    return (e as ProofError).reason;
  }
  throw new Error("did not throw");
}

describe("SMT proof verifiers", () => {
  test("a real membership proof checks; each failure says why", () => {
    expect(query.height).toBe(3n);
    expect(calculateExistenceRoot(proof.exist!)).toEqual(root());
    expect(() => verifySmtMembership(proof, root(), query.key, query.value)).not.toThrow();
    expect(reason(() => verifySmtMembership(proof, root(), Uint8Array.of(1), query.value))).toBe("proof is for another key");
    expect(reason(() => verifySmtMembership(proof, root(), query.key, Uint8Array.of(1)))).toBe("proof is for another value");
    expect(reason(() => verifySmtMembership(proof, SMT_EMPTY_ROOT, query.key, query.value))).toBe("proof does not lead to the root");
    expect(reason(() => verifySmtNonMembership(proof, root(), query.key))).toBe("not a non-existence proof");
    const deep = CommitmentProof.decode(query.proofOps[0]!.data);
    deep.exist!.leaf!.prehashKey = 0;
    expect(reason(() => verifySmtProof(deep, root(), query.key, query.value))).toBe("leaf op does not match the SMT spec");
    const mirrored = CommitmentProof.decode(query.proofOps[0]!.data);
    const step = mirrored.exist!.path[0]!;
    [step.prefix, step.suffix] = step.suffix.length > 0 ? [Uint8Array.of(1, ...step.suffix), new Uint8Array(0)] : [Uint8Array.of(1), step.prefix.slice(1)];
    expect(reason(() => verifySmtProof(mirrored, root(), query.key, query.value))).toBe("proof path does not follow the key's hash");
  });

  test("empty tree: non-membership with no neighbours holds only for the empty root", () => {
    const empty: CommitmentProof = { nonexist: { key: Uint8Array.of(1) } };
    expect(() => verifySmtNonMembership(empty, SMT_EMPTY_ROOT, Uint8Array.of(1))).not.toThrow();
    expect(reason(() => verifySmtNonMembership(empty, root(), Uint8Array.of(1)))).toMatch(/not empty/);
  });

  test("malformed proof objects are ProofErrors, never TypeErrors", () => {
    const junk = [{}, { exist: {} }, { exist: { key: query.key, value: query.value, leaf: proof.exist!.leaf } }, { nonexist: { key: query.key, left: {} } }];
    for (const p of junk) {
      expect(() => verifySmtProof(p as CommitmentProof, root(), query.key, query.value)).toThrow(ProofError);
      expect(() => verifySmtProof(p as CommitmentProof, root(), query.key)).toThrow(ProofError);
    }
  });
});
