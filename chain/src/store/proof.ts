/**
 * ICS23 proofs for the sparse Merkle tree in `smt.ts`, in the layout of the ICS23
 * `SmtSpec` (cosmos/ics23 go v0.10+: prehashed keys, empty-child-aware neighbour checks,
 * `prehash_key_before_comparison`). Proof objects are the `cosmjs-types` ICS23 messages,
 * so they can be protobuf-encoded into an ABCI query response as they are.
 *
 * The verifiers here are pure functions implementing that spec, because `@confio/ics23`
 * 0.6.8 (the JS verifier on npm) predates it: its `smtSpec` expects the key already hashed
 * and its neighbour checks ignore empty children, so it rejects some valid SMT
 * non-membership proofs. Its `verifyMembership` does accept our existence proofs.
 */
import {
  HashOp,
  LengthOp,
  type CommitmentProof,
  type ExistenceProof,
  type InnerOp,
  type LeafOp,
  type ProofSpec,
} from "cosmjs-types/cosmos/ics23/v1/proofs";
import { bytesEqual, compareBytes } from "./bytes";
import {
  EMPTY_ROOT,
  HASH_SIZE,
  MAX_DEPTH,
  findNeighbors,
  pathBit,
  sha256,
  sha256Hash,
  walkPath,
  type Hash,
  type SmtLeaf,
  type SmtLoader,
  type SmtNode,
} from "./smt";

export type { CommitmentProof, ExistenceProof, InnerOp, LeafOp, NonExistenceProof } from "cosmjs-types/cosmos/ics23/v1/proofs";

/** The leaf operation every proof of this tree carries: sha256(0x00 || sha256(key) || sha256(value)). */
export const SMT_LEAF_OP: LeafOp = {
  hash: HashOp.SHA256,
  prehashKey: HashOp.SHA256,
  prehashValue: HashOp.SHA256,
  length: LengthOp.NO_PREFIX,
  prefix: Uint8Array.of(0),
};

/**
 * The ICS23 `SmtSpec` (go v0.10+). `prehashKeyBeforeComparison` is not in the
 * `cosmjs-types` ProofSpec message, so it is added here for documentation and clients.
 */
export const SMT_PROOF_SPEC: ProofSpec & { readonly prehashKeyBeforeComparison: true } = {
  leafSpec: SMT_LEAF_OP,
  innerSpec: {
    childOrder: [0, 1],
    childSize: HASH_SIZE,
    minPrefixLength: 1,
    maxPrefixLength: 1,
    emptyChild: new Uint8Array(HASH_SIZE),
    hash: HashOp.SHA256,
  },
  maxDepth: MAX_DEPTH,
  minDepth: 0,
  prehashKeyBeforeComparison: true,
};

/** A proof answer: the value when the key is present, and the ICS23 proof either way. */
export interface StoreProof {
  readonly value?: Uint8Array;
  readonly proof: CommitmentProof;
}

/** Original key and value of a leaf (the tree itself keeps only their hashes). */
export type LeafResolver = (leaf: SmtLeaf) => { readonly key: Uint8Array; readonly value: Uint8Array };

/** Existence proof from the sibling hashes along `keyHash`'s path (root first). */
export function existenceProof(key: Uint8Array, value: Uint8Array, keyHash: Hash, siblings: readonly Hash[]): ExistenceProof {
  const path: InnerOp[] = [];
  for (let d = siblings.length - 1; d >= 0; d--) {
    const sib = Buffer.from(siblings[d] as Hash, "latin1");
    if (pathBit(keyHash, d) === 0) {
      path.push({ hash: HashOp.SHA256, prefix: Uint8Array.of(1), suffix: new Uint8Array(sib) });
    } else {
      const prefix = new Uint8Array(1 + HASH_SIZE);
      prefix[0] = 1;
      prefix.set(sib, 1);
      path.push({ hash: HashOp.SHA256, prefix, suffix: new Uint8Array(0) });
    }
  }
  return { key: new Uint8Array(key), value: new Uint8Array(value), leaf: SMT_LEAF_OP, path };
}

/**
 * Membership proof for `key` if present, else a non-membership proof with its neighbours
 * in key-hash order (an empty tree gives a non-membership proof with neither neighbour).
 */
export function buildProof(root: SmtNode | null, key: Uint8Array, loader: SmtLoader, resolve: LeafResolver): StoreProof {
  const keyHash = sha256Hash(key);
  const walk = walkPath(root, keyHash, loader);
  if (walk.leaf !== undefined && walk.leaf.keyHash === keyHash) {
    const { value } = resolve(walk.leaf);
    return { value, proof: { exist: existenceProof(key, value, keyHash, walk.siblings) } };
  }
  const { left, right } = findNeighbors(root, keyHash, loader);
  const neighbour = (leaf: SmtLeaf): ExistenceProof => {
    const rec = resolve(leaf);
    return existenceProof(rec.key, rec.value, leaf.keyHash, walkPath(root, leaf.keyHash, loader).siblings);
  };
  return {
    proof: {
      nonexist: {
        key: new Uint8Array(key),
        ...(left !== undefined ? { left: neighbour(left) } : {}),
        ...(right !== undefined ? { right: neighbour(right) } : {}),
      },
    },
  };
}

/** Why a proof failed; thrown by the `calculate`/`check` helpers, caught by the verifiers. */
export class ProofError extends Error {
  override readonly name = "ProofError";
}

function ensure(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new ProofError(msg);
}

/** 0 when the step's child is a left child (sibling in the suffix), 1 when a right child. */
function stepSide(op: InnerOp): 0 | 1 {
  if (op.prefix.length === 1 && op.suffix.length === HASH_SIZE) return 0;
  if (op.prefix.length === 1 + HASH_SIZE && op.suffix.length === 0) return 1;
  throw new ProofError("inner op does not match the SMT spec layout");
}

function checkSpec(p: ExistenceProof): void {
  const leaf = p.leaf;
  ensure(leaf !== undefined, "existence proof without leaf op");
  ensure(
    leaf.hash === HashOp.SHA256 &&
      leaf.prehashKey === HashOp.SHA256 &&
      leaf.prehashValue === HashOp.SHA256 &&
      leaf.length === LengthOp.NO_PREFIX &&
      bytesEqual(leaf.prefix, SMT_LEAF_OP.prefix),
    "leaf op does not match the SMT spec",
  );
  ensure(p.path.length <= MAX_DEPTH, "proof deeper than 256");
  for (const op of p.path) {
    ensure(op.hash === HashOp.SHA256, "inner op hash is not sha256");
    stepSide(op);
    ensure(op.prefix[0] === 1, "inner op prefix is not 0x01");
  }
}

/**
 * Root implied by an existence proof, after checking it against the SMT spec and that each
 * step turns the way the key's hash says (a leaf can only sit on its own path).
 */
export function calculateExistenceRoot(p: ExistenceProof): Uint8Array {
  checkSpec(p);
  const keyHash = sha256Hash(p.key);
  const n = p.path.length;
  const buf = Buffer.alloc(1 + 2 * HASH_SIZE);
  buf[0] = 0;
  buf.write(keyHash, 1, "latin1");
  buf.set(sha256(p.value), 1 + HASH_SIZE);
  let h = sha256(buf);
  for (let i = 0; i < n; i++) {
    const op = p.path[i] as InnerOp;
    ensure(stepSide(op) === pathBit(keyHash, n - 1 - i), "proof path does not follow the key's hash");
    const pre = Buffer.alloc(op.prefix.length + HASH_SIZE + op.suffix.length);
    pre.set(op.prefix, 0);
    pre.set(h, op.prefix.length);
    pre.set(op.suffix, op.prefix.length + HASH_SIZE);
    h = sha256(pre);
  }
  return h;
}

function checkExistence(p: ExistenceProof, root: Uint8Array): void {
  ensure(bytesEqual(calculateExistenceRoot(p), root), "proof does not lead to the root");
}

const EMPTY_CHILD = new Uint8Array(HASH_SIZE);

/** Every step is leftmost: the node is a left child, or its left sibling is empty. */
function isLeftMost(path: readonly InnerOp[]): boolean {
  return path.every((op) => stepSide(op) === 0 || bytesEqual(op.prefix.subarray(1), EMPTY_CHILD));
}

/** Every step is rightmost: the node is a right child, or its right sibling is empty. */
function isRightMost(path: readonly InnerOp[]): boolean {
  return path.every((op) => stepSide(op) === 1 || bytesEqual(op.suffix, EMPTY_CHILD));
}

/** ICS23 `IsLeftNeighbor`: below their common ancestor, `left` is rightmost and `right` leftmost. */
function isLeftNeighbor(left: readonly InnerOp[], right: readonly InnerOp[]): boolean {
  let li = left.length - 1;
  let ri = right.length - 1;
  while (li >= 0 && ri >= 0) {
    const a = left[li] as InnerOp;
    const b = right[ri] as InnerOp;
    if (!(bytesEqual(a.prefix, b.prefix) && bytesEqual(a.suffix, b.suffix))) break;
    li--;
    ri--;
  }
  if (li < 0 || ri < 0) return false;
  if (stepSide(left[li] as InnerOp) !== 0 || stepSide(right[ri] as InnerOp) !== 1) return false;
  return isRightMost(left.slice(0, li)) && isLeftMost(right.slice(0, ri));
}

/** True when `proof` shows `key` holding `value` under `root`. Never throws. */
export function verifyMembership(proof: CommitmentProof, root: Uint8Array, key: Uint8Array, value: Uint8Array): boolean {
  try {
    const p = proof.exist;
    ensure(p !== undefined, "not an existence proof");
    ensure(bytesEqual(p.key, key) && bytesEqual(p.value, value), "proof is for another key or value");
    checkExistence(p, root);
    return true;
  } catch {
    // Any failure, including a malformed proof object, means "not proven".
    return false;
  }
}

/**
 * True when `proof` shows `key` absent under `root`: neighbours adjacent in the tree whose
 * key hashes bracket sha256(key). With neither neighbour it holds only for the empty root
 * (an extension: ICS23 cannot express non-membership in an empty tree).
 */
export function verifyNonMembership(proof: CommitmentProof, root: Uint8Array, key: Uint8Array): boolean {
  try {
    const p = proof.nonexist;
    ensure(p !== undefined, "not a non-existence proof");
    ensure(bytesEqual(p.key, key), "proof is for another key");
    const keyHash = sha256(key);
    const { left, right } = p;
    if (left === undefined && right === undefined) return bytesEqual(root, EMPTY_ROOT);
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
    return true;
  } catch {
    // Any failure, including a malformed proof object, means "not proven".
    return false;
  }
}

/** Checks either kind of proof: membership when `value` is given, non-membership otherwise. */
export function verifyProof(proof: CommitmentProof, root: Uint8Array, key: Uint8Array, value?: Uint8Array): boolean {
  return value === undefined ? verifyNonMembership(proof, root, key) : verifyMembership(proof, root, key, value);
}
