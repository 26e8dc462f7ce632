/**
 * Verifiers of the ICS23 proofs of the chain's state store: a 256-bit sparse Merkle tree in the
 * layout of the ICS23 `SmtSpec` (cosmos/ics23 go v0.10+: prehashed keys, empty-child-aware
 * neighbour checks, `prehash_key_before_comparison`). The builder is `chain/src/store/proof.ts`;
 * the hashing rules are in `chain/src/store/README.md`.
 *
 * `@confio/ics23` 0.6.8 (the JS verifier on npm) predates that spec: its `smtSpec` expects the
 * key already hashed and its neighbour checks ignore empty children, so it rejects some valid
 * non-membership proofs. Its `verifyMembership` does accept our existence proofs.
 */
import { equalBytes } from "@noble/curves/utils";
import { sha256 } from "@noble/hashes/sha2";
import { HashOp, LengthOp, type CommitmentProof, type ExistenceProof, type InnerOp } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { ProofError, asProofError } from "./errors";

const HASH_SIZE = 32;
const MAX_DEPTH = 256;
const EMPTY_CHILD = new Uint8Array(HASH_SIZE);

/**
 * The root of the empty state tree: 32 zero bytes.
 *
 * @example
 * verifySmtNonMembership(proof, SMT_EMPTY_ROOT, key); // holds for a proof with no neighbours
 */
export const SMT_EMPTY_ROOT: Uint8Array = new Uint8Array(HASH_SIZE);

function ensure(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new ProofError("proof", msg);
}

/** Bit `depth` of a 32-byte path, most significant first. */
function pathBit(path: Uint8Array, depth: number): number {
  return ((path[depth >>> 3] as number) >>> (7 - (depth & 7))) & 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** 0 when the step's child is a left child (sibling in the suffix), 1 when a right child. */
function stepSide(op: InnerOp): 0 | 1 {
  if (op.prefix.length === 1 && op.suffix.length === HASH_SIZE) return 0;
  if (op.prefix.length === 1 + HASH_SIZE && op.suffix.length === 0) return 1;
  throw new ProofError("proof", "inner op does not match the SMT spec layout");
}

function checkSpec(p: ExistenceProof): void {
  const leaf = p.leaf;
  ensure(leaf !== undefined, "existence proof without leaf op");
  ensure(
    leaf.hash === HashOp.SHA256 &&
      leaf.prehashKey === HashOp.SHA256 &&
      leaf.prehashValue === HashOp.SHA256 &&
      leaf.length === LengthOp.NO_PREFIX &&
      leaf.prefix.length === 1 &&
      leaf.prefix[0] === 0,
    "leaf op does not match the SMT spec",
  );
  ensure(Array.isArray(p.path) && p.path.length <= MAX_DEPTH, "proof path missing or deeper than 256");
  for (const op of p.path) {
    ensure(op.hash === HashOp.SHA256, "inner op hash is not sha256");
    stepSide(op);
    ensure(op.prefix[0] === 1, "inner op prefix is not 0x01");
  }
}

/**
 * The root an existence proof leads to, after checking it against the SMT spec and that each
 * step turns the way the key's hash says (a leaf can only sit on its own path). Throws
 * ProofError `proof` for a proof outside the spec.
 *
 * @example
 * const root = calculateExistenceRoot(proof.exist); // compare with the app hash
 */
export function calculateExistenceRoot(p: ExistenceProof): Uint8Array {
  checkSpec(p);
  const keyHash = sha256(p.key);
  const n = p.path.length;
  const leaf = new Uint8Array(1 + 2 * HASH_SIZE);
  leaf.set(keyHash, 1);
  leaf.set(sha256(p.value), 1 + HASH_SIZE);
  let h = sha256(leaf);
  for (let i = 0; i < n; i++) {
    const op = p.path[i] as InnerOp;
    ensure(stepSide(op) === pathBit(keyHash, n - 1 - i), "proof path does not follow the key's hash");
    h = sha256.create().update(op.prefix).update(h).update(op.suffix).digest();
  }
  return h;
}

function checkExistence(p: ExistenceProof, root: Uint8Array): void {
  ensure(equalBytes(calculateExistenceRoot(p), root), "proof does not lead to the root");
}

/** Every step is leftmost: the node is a left child, or its left sibling is empty. */
function isLeftMost(path: readonly InnerOp[]): boolean {
  return path.every((op) => stepSide(op) === 0 || equalBytes(op.prefix.subarray(1), EMPTY_CHILD));
}

/** Every step is rightmost: the node is a right child, or its right sibling is empty. */
function isRightMost(path: readonly InnerOp[]): boolean {
  return path.every((op) => stepSide(op) === 1 || equalBytes(op.suffix, EMPTY_CHILD));
}

/** ICS23 `IsLeftNeighbor`: below their common ancestor, `left` is rightmost and `right` leftmost. */
function isLeftNeighbor(left: readonly InnerOp[], right: readonly InnerOp[]): boolean {
  let li = left.length - 1;
  let ri = right.length - 1;
  while (li >= 0 && ri >= 0) {
    const a = left[li] as InnerOp;
    const b = right[ri] as InnerOp;
    if (!(equalBytes(a.prefix, b.prefix) && equalBytes(a.suffix, b.suffix))) break;
    li--;
    ri--;
  }
  if (li < 0 || ri < 0) return false;
  if (stepSide(left[li] as InnerOp) !== 0 || stepSide(right[ri] as InnerOp) !== 1) return false;
  return isRightMost(left.slice(0, li)) && isLeftMost(right.slice(0, ri));
}

/** Runs a check; a malformed proof object (a TypeError) is ProofError `proof` too. */
const checked = (f: () => void): void => asProofError("proof", "malformed proof", f);

/**
 * Checks that `proof` shows `key` holding `value` under `root`. Throws ProofError `proof` with
 * the reason otherwise.
 *
 * @example
 * verifySmtMembership(proof, header.appHash, key, value);
 */
export function verifySmtMembership(proof: CommitmentProof, root: Uint8Array, key: Uint8Array, value: Uint8Array): void {
  checked(() => {
    const p = proof.exist;
    ensure(p !== undefined, "not an existence proof");
    ensure(equalBytes(p.key, key), "proof is for another key");
    ensure(equalBytes(p.value, value), "proof is for another value");
    checkExistence(p, root);
  });
}

/**
 * Checks that `proof` shows `key` absent under `root`: neighbours adjacent in the tree whose key
 * hashes bracket sha256(key). With neither neighbour it holds only for the empty root (an
 * extension: ICS23 cannot express non-membership in an empty tree). Throws ProofError `proof`.
 *
 * @example
 * verifySmtNonMembership(proof, header.appHash, key);
 */
export function verifySmtNonMembership(proof: CommitmentProof, root: Uint8Array, key: Uint8Array): void {
  checked(() => {
    const p = proof.nonexist;
    ensure(p !== undefined, "not a non-existence proof");
    ensure(equalBytes(p.key, key), "proof is for another key");
    const keyHash = sha256(key);
    const { left, right } = p;
    if (left === undefined && right === undefined) {
      ensure(equalBytes(root, SMT_EMPTY_ROOT), "proof without neighbours, but the tree is not empty");
      return;
    }
    if (left !== undefined) {
      checkExistence(left, root);
      ensure(compareBytes(sha256(left.key), keyHash) < 0, "left neighbour is not before the key");
    }
    if (right !== undefined) {
      checkExistence(right, root);
      ensure(compareBytes(keyHash, sha256(right.key)) < 0, "right neighbour is not after the key");
    }
    if (left === undefined) ensure(isLeftMost((right as ExistenceProof).path), "right neighbour is not leftmost");
    else if (right === undefined) ensure(isRightMost(left.path), "left neighbour is not rightmost");
    else ensure(isLeftNeighbor(left.path, right.path), "neighbours are not adjacent");
  });
}

/**
 * Checks either kind of proof: membership when `value` is given, non-membership otherwise.
 * Throws ProofError `proof`.
 *
 * @example
 * verifySmtProof(proof, appHash, key, present ? value : undefined);
 */
export function verifySmtProof(proof: CommitmentProof, root: Uint8Array, key: Uint8Array, value?: Uint8Array): void {
  if (value === undefined) verifySmtNonMembership(proof, root, key);
  else verifySmtMembership(proof, root, key, value);
}
