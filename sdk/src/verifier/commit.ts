import { toHex } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519";
import { equalBytes } from "@noble/curves/utils";
import { ProofError, type ProofErrorKind } from "./errors";
import { headerHash } from "./header";
import { GO_ZERO_TIME, compareTimestamps } from "./timestamp";
import { BLOCK_ID_FLAG, type BlockId, type Commit, type CommitSig, type Fraction, type Header, type SignedHeader, type Validator, type ValidatorSet } from "./types";
import { checkValidatorSet, totalVotingPower, validatorSetHash } from "./validator-set";
import { voteSignBytes } from "./vote";

/**
 * Not enough voting power signed: kind `commit` when more than 2/3 of a header's own validators
 * did not sign it, kind `trust` when the trust level of a trusted set was not reached (the light
 * client then bisects). `got` must exceed `needed`.
 *
 * @example
 * catch (e) { if (e instanceof NotEnoughVotingPowerError) console.log(`${e.got} <= ${e.needed}`); }
 */
export class NotEnoughVotingPowerError extends ProofError {
  readonly got: bigint;
  readonly needed: bigint;

  constructor(kind: ProofErrorKind, got: bigint, needed: bigint, height?: bigint) {
    super(kind, `not enough voting power signed: got ${got}, needed more than ${needed}`, height);
    this.got = got;
    this.needed = needed;
  }
}

const EMPTY = new Uint8Array(0);
const NIL_BLOCK_ID: BlockId = { hash: EMPTY, partSetHeader: { total: 0, hash: EMPTY } };

/** CometBFT `CommitSig.ValidateBasic`. */
function checkCommitSig(s: CommitSig, i: number, height: bigint): void {
  const fail = (msg: string): never => {
    throw new ProofError("commit", `signature #${i}: ${msg}`, height);
  };
  if (s.blockIdFlag === BLOCK_ID_FLAG.ABSENT) {
    if (s.validatorAddress.length !== 0) fail("absent vote with a validator address");
    if (compareTimestamps(s.timestamp, GO_ZERO_TIME) !== 0) fail("absent vote with a time");
    if (s.signature.length !== 0) fail("absent vote with a signature");
  } else if (s.blockIdFlag === BLOCK_ID_FLAG.COMMIT || s.blockIdFlag === BLOCK_ID_FLAG.NIL) {
    if (s.validatorAddress.length !== 20) fail(`validator address has ${s.validatorAddress.length} bytes, not 20`);
    if (s.signature.length === 0) fail("signature is missing");
    if (s.signature.length > 64) fail("signature is longer than 64 bytes");
  } else {
    fail(`unknown block id flag ${s.blockIdFlag}`);
  }
}

/**
 * CometBFT `Commit.ValidateBasic`: a positive height, a non-negative round, a complete block id
 * and well-formed signatures. Throws ProofError `commit`.
 *
 * @example
 * checkCommitBasic(signedHeader.commit);
 */
export function checkCommitBasic(c: Commit): void {
  if (c.height < 1n) throw new ProofError("commit", `commit height ${c.height} is not positive`);
  if (!Number.isSafeInteger(c.round) || c.round < 0) throw new ProofError("commit", `commit round ${c.round} is negative`, c.height);
  const id = c.blockId;
  if (id.hash.length !== 32 || id.partSetHeader.total <= 0 || id.partSetHeader.hash.length !== 32) {
    throw new ProofError("commit", "commit is not for a complete block id", c.height);
  }
  if (c.signatures.length === 0) throw new ProofError("commit", "commit has no signatures", c.height);
  c.signatures.forEach((s, i) => checkCommitSig(s, i, c.height));
}

/**
 * Signatures of one commit already found valid, by their index in the commit, with the key and
 * signature bytes checked. A non-adjacent light step checks the trusted validators' signatures,
 * then the whole commit against the new set: a validator in both sets is verified once (CometBFT's
 * signature cache). Only share one between checks of the same, unchanged commit and chain id.
 *
 * @example
 * const verified: VerifiedSignatures = new Map();
 */
export type VerifiedSignatures = Map<number, { readonly pubKey: Uint8Array; readonly signature: Uint8Array }>;

/** Checks signature #`index` (`Commit.VoteSignBytes`: a precommit for the block, or for nil when the flag is not `COMMIT`). */
function verifySignature(chainId: string, commit: Commit, index: number, val: Validator, verified: VerifiedSignatures | undefined): void {
  const s = commit.signatures[index] as CommitSig;
  const done = verified?.get(index);
  if (done !== undefined && equalBytes(done.pubKey, val.pubKey) && equalBytes(done.signature, s.signature)) return;
  const blockId = s.blockIdFlag === BLOCK_ID_FLAG.COMMIT ? commit.blockId : NIL_BLOCK_ID;
  const message = voteSignBytes(chainId, { height: commit.height, round: commit.round, blockId, timestamp: s.timestamp });
  let ok = false;
  try {
    ok = ed25519.verify(s.signature, message, val.pubKey);
  } catch {
    ok = false; // a malformed signature or key is a bad signature
  }
  if (!ok) throw new ProofError("commit", `wrong signature #${index} from validator ${toHex(val.address)}`, commit.height);
  verified?.set(index, { pubKey: val.pubKey, signature: s.signature });
}

/**
 * Checks a header and its commit are consistent (SignedHeader.ValidateBasic): the chain id, the
 * commit's height and that its block id is the header's hash. Throws ProofError `header` (or
 * `commit` for a malformed commit).
 *
 * @example
 * checkSignedHeader("stratos-local", sh);
 */
export function checkSignedHeader(chainId: string, sh: SignedHeader): void {
  const h = sh.header;
  if (h.chainId !== chainId) throw new ProofError("header", `header belongs to chain ${JSON.stringify(h.chainId)}, not ${JSON.stringify(chainId)}`, h.height);
  if (h.height < 1n) throw new ProofError("header", `header height ${h.height} is not positive`, h.height);
  checkCommitBasic(sh.commit);
  if (sh.commit.height !== h.height) throw new ProofError("header", `commit is for height ${sh.commit.height}, header for ${h.height}`, h.height);
  const hash = headerHash(h);
  if (!equalBytes(hash, sh.commit.blockId.hash)) {
    throw new ProofError("header", `commit signs block ${toHex(sh.commit.blockId.hash)}, header is block ${toHex(hash)}`, h.height);
  }
}

/**
 * Verifies a signed header with the validator set of its height, as CometBFT `VerifyCommit`:
 * the header matches the commit ({@link checkSignedHeader}), the set hashes to the header's
 * `validatorsHash` and has one commit entry per validator, every non-absent signature (for the
 * block or for nil) is a valid ed25519 signature of its validator (looked up by index, address
 * checked), and the validators that signed for the block hold more than 2/3 of the total power.
 * Throws ProofError `header`, `validators` or `commit` (a {@link NotEnoughVotingPowerError} for too
 * little power).
 *
 * @example
 * verifyCommit("stratos-local", parseValidators(valsJson).validators, parseSignedHeader(commitJson));
 */
export function verifyCommit(chainId: string, vals: ValidatorSet, sh: SignedHeader): void {
  verifyCommitWith(chainId, vals, sh, true);
}

/**
 * Like {@link verifyCommit} but as CometBFT `VerifyCommitLight`: only signatures for the block
 * are checked, and only until more than 2/3 of the power is reached.
 *
 * @example
 * verifyCommitLight(chainId, vals, sh);
 */
export function verifyCommitLight(chainId: string, vals: ValidatorSet, sh: SignedHeader): void {
  verifyCommitWith(chainId, vals, sh, false);
}

function verifyCommitWith(chainId: string, vals: ValidatorSet, sh: SignedHeader, all: boolean): void {
  checkSignedHeader(chainId, sh);
  checkValidatorSet(vals, sh.header.height);
  checkValidatorsHash(vals, sh.header);
  verifyCommitSignatures(chainId, vals, sh.commit, all);
}

/**
 * Checks `vals` hashes to the header's `validatorsHash`. Throws ProofError `validators`. Internal:
 * part of {@link verifyCommit}, shared with the light-client steps.
 */
export function checkValidatorsHash(vals: ValidatorSet, header: Header): void {
  const valsHash = validatorSetHash(vals);
  if (!equalBytes(valsHash, header.validatorsHash)) {
    throw new ProofError("validators", `validator set hash ${toHex(valsHash)} is not the header's ${toHex(header.validatorsHash)}`, header.height);
  }
}

/**
 * The signature part of {@link verifyCommit} (`all`) and {@link verifyCommitLight} (not `all`), for
 * a commit already checked against its header ({@link checkSignedHeader}) and a set already
 * checked ({@link checkValidatorSet}, {@link checkValidatorsHash}): one entry per validator with
 * its address, valid signatures, more than 2/3 of the power for the block. Internal.
 */
export function verifyCommitSignatures(chainId: string, vals: ValidatorSet, commit: Commit, all: boolean, verified?: VerifiedSignatures): void {
  const height = commit.height;
  if (commit.signatures.length !== vals.length) {
    throw new ProofError("commit", `commit has ${commit.signatures.length} signatures for ${vals.length} validators`, height);
  }
  const needed = (totalVotingPower(vals) * 2n) / 3n;
  let tallied = 0n;
  for (const [i, s] of commit.signatures.entries()) {
    const skip = all ? s.blockIdFlag === BLOCK_ID_FLAG.ABSENT : s.blockIdFlag !== BLOCK_ID_FLAG.COMMIT;
    if (skip) continue;
    const val = vals[i] as Validator;
    if (!equalBytes(val.address, s.validatorAddress)) {
      throw new ProofError("commit", `signature #${i} is from ${toHex(s.validatorAddress)}, validator #${i} is ${toHex(val.address)}`, height);
    }
    verifySignature(chainId, commit, i, val, verified);
    if (s.blockIdFlag === BLOCK_ID_FLAG.COMMIT) tallied += val.votingPower;
    if (!all && tallied > needed) return;
  }
  if (tallied <= needed) throw new NotEnoughVotingPowerError("commit", tallied, needed, height);
}

/**
 * Checks that more than `trustLevel` of a trusted validator set's power signed `commit` (CometBFT
 * `VerifyCommitLightTrusting`): signatures for the block are matched to trusted validators by
 * address (others are skipped), a validator signing twice is refused, each counted signature is
 * verified. The commit need not come from the trusted set. Throws ProofError `commit` for a bad
 * or double signature and a {@link NotEnoughVotingPowerError} of kind `trust` when the level is
 * not reached. Signatures found valid are added to `verified` when given.
 *
 * @example
 * verifyCommitLightTrusting(chainId, trusted.validators, untrusted.commit, { numerator: 1n, denominator: 3n });
 */
export function verifyCommitLightTrusting(chainId: string, trustedVals: ValidatorSet, commit: Commit, trustLevel: Fraction, verified?: VerifiedSignatures): void {
  if (trustLevel.denominator <= 0n || trustLevel.numerator < 0n) throw new ProofError("trust", "trust level must be a non-negative fraction");
  checkCommitBasic(commit);
  checkValidatorSet(trustedVals);
  const byAddress = new Map<string, number>();
  trustedVals.forEach((v, i) => byAddress.set(toHex(v.address), i));
  const needed = (totalVotingPower(trustedVals) * trustLevel.numerator) / trustLevel.denominator;
  const seen = new Map<number, number>();
  let tallied = 0n;
  for (const [i, s] of commit.signatures.entries()) {
    if (s.blockIdFlag !== BLOCK_ID_FLAG.COMMIT) continue;
    const vi = byAddress.get(toHex(s.validatorAddress));
    if (vi === undefined) continue;
    const first = seen.get(vi);
    if (first !== undefined) throw new ProofError("commit", `double vote from validator ${toHex(s.validatorAddress)} (#${first} and #${i})`, commit.height);
    seen.set(vi, i);
    const val = trustedVals[vi] as Validator;
    verifySignature(chainId, commit, i, val, verified);
    tallied += val.votingPower;
    if (tallied > needed) return;
  }
  throw new NotEnoughVotingPowerError("trust", tallied, needed, commit.height);
}
