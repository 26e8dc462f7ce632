/**
 * ICS23 proofs for the sparse Merkle tree in `smt.ts`, in the layout of the ICS23
 * `SmtSpec` (cosmos/ics23 go v0.10+: prehashed keys, empty-child-aware neighbour checks,
 * `prehash_key_before_comparison`). Proof objects are the `cosmjs-types` ICS23 messages,
 * so they can be protobuf-encoded into an ABCI query response as they are.
 *
 * The verifiers are in the SDK (`sdk/src/verifier/smt-proof.ts`: `verifySmtProof` and friends),
 * browser-usable and shared with clients, because `@confio/ics23` 0.6.8 (the JS verifier on npm)
 * predates that spec: its `smtSpec` expects the key already hashed and its neighbour checks
 * ignore empty children, so it rejects some valid SMT non-membership proofs. Its
 * `verifyMembership` does accept our existence proofs.
 */
import { HashOp, LengthOp, type CommitmentProof, type ExistenceProof, type InnerOp, type LeafOp, type ProofSpec } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { HASH_SIZE, MAX_DEPTH, findNeighbors, pathBit, sha256Hash, walkPath, type Hash, type SmtLeaf, type SmtLoader, type SmtNode } from "./smt";

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
