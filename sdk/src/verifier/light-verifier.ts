import { toHex } from "@cosmjs/encoding";
import { equalBytes } from "@noble/curves/utils";
import { checkSignedHeader, checkValidatorsHash, verifyCommitLightTrusting, verifyCommitSignatures, type VerifiedSignatures } from "./commit";
import { ProofError } from "./errors";
import { headerHash } from "./header";
import { addSeconds, compareTimestamps, formatTimestamp } from "./timestamp";
import type { TrustedBlock } from "./trusted-store";
import type { Fraction, Header, SignedHeader, Timestamp, ValidatorSet } from "./types";
import { checkValidatorSet } from "./validator-set";

/**
 * The light-client parameters of one verification step.
 *
 * @example
 * const p: LightParams = { chainId: "stratos-local", now, trustingPeriodSeconds: 14 * 86400, maxClockDriftSeconds: 10, trustLevel: { numerator: 1n, denominator: 3n } };
 */
export interface LightParams {
  chainId: string;
  now: Timestamp;
  trustingPeriodSeconds: number;
  maxClockDriftSeconds: number;
  trustLevel: Fraction;
}

/**
 * An untrusted header with the validator set the RPC says signed it.
 *
 * @example
 * const candidate: UntrustedBlock = { signedHeader: parseSignedHeader(c), validators: await fetchAllValidators(rpc, h) };
 */
export interface UntrustedBlock {
  signedHeader: SignedHeader;
  validators: ValidatorSet;
}

/**
 * True when a trusted header is too old to verify from (its time plus the trusting period is not
 * after `now`; CometBFT `HeaderExpired`).
 *
 * @example
 * if (headerExpired(trusted.signedHeader.header, 14 * 86400, now)) reinitialise();
 */
export function headerExpired(h: Header, trustingPeriodSeconds: number, now: Timestamp): boolean {
  return compareTimestamps(addSeconds(h.time, trustingPeriodSeconds), now) <= 0;
}

/**
 * Checks a trust level is within [1/3, 1] (CometBFT `ValidateTrustLevel`). Throws ProofError `trust`.
 *
 * @example
 * checkTrustLevel({ numerator: 1n, denominator: 3n });
 */
export function checkTrustLevel(l: Fraction): void {
  if (l.denominator <= 0n || l.numerator * 3n < l.denominator || l.numerator > l.denominator) {
    throw new ProofError("trust", `trust level must be within [1/3, 1], got ${l.numerator}/${l.denominator}`);
  }
}

/**
 * Refuses (ProofError `trust`) a header of another chain than `chainId`.
 *
 * @example
 * checkChainId(parseSignedHeader(json).header, "stratos-local");
 */
export function checkChainId(h: Header, chainId: string): void {
  if (h.chainId !== chainId) throw new ProofError("trust", `header belongs to chain ${JSON.stringify(h.chainId)}, not ${JSON.stringify(chainId)}`, h.height);
}

/**
 * CometBFT `verifyNewHeaderAndVals` plus the expiry check: what both kinds of step share. The
 * header is checked against its commit and the validators against the header here, once; the
 * steps then only check the set's form and the signatures.
 */
function checkStep(trusted: TrustedBlock, untrusted: UntrustedBlock, p: LightParams): void {
  const th = trusted.signedHeader.header;
  const uh = untrusted.signedHeader.header;
  if (headerExpired(th, p.trustingPeriodSeconds, p.now)) {
    throw new ProofError("trust", `trusted header at height ${th.height} expired at ${formatTimestamp(addSeconds(th.time, p.trustingPeriodSeconds))}`, uh.height);
  }
  checkChainId(uh, p.chainId);
  checkSignedHeader(p.chainId, untrusted.signedHeader);
  if (uh.height <= th.height) throw new ProofError("trust", `header height ${uh.height} is not above the trusted height ${th.height}`, uh.height);
  if (compareTimestamps(uh.time, th.time) <= 0) {
    throw new ProofError("trust", `header time ${formatTimestamp(uh.time)} is not after the trusted header's ${formatTimestamp(th.time)}`, uh.height);
  }
  if (compareTimestamps(uh.time, addSeconds(p.now, p.maxClockDriftSeconds)) >= 0) {
    throw new ProofError("trust", `header time ${formatTimestamp(uh.time)} is in the future (now ${formatTimestamp(p.now)}, drift ${p.maxClockDriftSeconds} s)`, uh.height);
  }
  checkValidatorsHash(untrusted.validators, uh);
}

/** {@link verifyCommit} of the untrusted block, minus what {@link checkStep} checked already. */
function verifyOwnCommit(untrusted: UntrustedBlock, p: LightParams, verified?: VerifiedSignatures): void {
  checkValidatorSet(untrusted.validators, untrusted.signedHeader.header.height);
  verifyCommitSignatures(p.chainId, untrusted.validators, untrusted.signedHeader.commit, true, verified);
}

/**
 * CometBFT `VerifyAdjacent`: `untrusted` is at the trusted height + 1, its validators are the
 * trusted header's next validators, and more than 2/3 of them signed it (every signature checked).
 * Throws ProofError `trust`, `header`, `validators` or `commit`.
 *
 * @example
 * verifyAdjacent(trusted, { signedHeader, validators }, params);
 */
export function verifyAdjacent(trusted: TrustedBlock, untrusted: UntrustedBlock, p: LightParams): void {
  const th = trusted.signedHeader.header;
  const uh = untrusted.signedHeader.header;
  if (uh.height !== th.height + 1n) throw new ProofError("trust", `header ${uh.height} is not adjacent to the trusted ${th.height}`, uh.height);
  checkStep(trusted, untrusted, p);
  if (!equalBytes(uh.validatorsHash, th.nextValidatorsHash)) {
    throw new ProofError("validators", `validators hash ${toHex(uh.validatorsHash)} is not the trusted header's next validators hash ${toHex(th.nextValidatorsHash)}`, uh.height);
  }
  verifyOwnCommit(untrusted, p);
}

/**
 * CometBFT `VerifyNonAdjacent`: `untrusted` is more than one height above the trusted header,
 * more than `trustLevel` of the trusted validators signed it (a {@link NotEnoughVotingPowerError}
 * of kind `trust` otherwise: bisect), and more than 2/3 of its own validators signed it.
 *
 * @example
 * verifyNonAdjacent(trusted, { signedHeader, validators }, params);
 */
export function verifyNonAdjacent(trusted: TrustedBlock, untrusted: UntrustedBlock, p: LightParams): void {
  const th = trusted.signedHeader.header;
  const uh = untrusted.signedHeader.header;
  if (uh.height === th.height + 1n) throw new ProofError("trust", `header ${uh.height} is adjacent to the trusted ${th.height}`, uh.height);
  checkStep(trusted, untrusted, p);
  const verified: VerifiedSignatures = new Map();
  verifyCommitLightTrusting(p.chainId, trusted.validators, untrusted.signedHeader.commit, p.trustLevel, verified);
  // Last, as in CometBFT: the untrusted set could be made large to slow the client down. The
  // signatures of validators in both sets were verified just above and are not verified again.
  verifyOwnCommit(untrusted, p, verified);
}

/**
 * {@link verifyAdjacent} or {@link verifyNonAdjacent}, whichever the heights call for.
 *
 * @example
 * verifyLightBlock(trusted, candidate, params);
 */
export function verifyLightBlock(trusted: TrustedBlock, untrusted: UntrustedBlock, p: LightParams): void {
  if (untrusted.signedHeader.header.height === trusted.signedHeader.header.height + 1n) verifyAdjacent(trusted, untrusted, p);
  else verifyNonAdjacent(trusted, untrusted, p);
}

/**
 * CometBFT `VerifyBackwards`: `untrusted` is the header one height below `trusted` when its hash
 * is the trusted header's last block id and its time is earlier. Throws ProofError `trust` or
 * `header`.
 *
 * @example
 * verifyBackwards(parseSignedHeader(await rpc.commit(h - 1n)).header, trustedHeader);
 */
export function verifyBackwards(untrusted: Header, trusted: Header): void {
  if (untrusted.chainId !== trusted.chainId) throw new ProofError("trust", `header belongs to chain ${JSON.stringify(untrusted.chainId)}`, untrusted.height);
  if (untrusted.height !== trusted.height - 1n) throw new ProofError("trust", `header ${untrusted.height} is not just below ${trusted.height}`, untrusted.height);
  if (compareTimestamps(untrusted.time, trusted.time) >= 0) {
    throw new ProofError("trust", `header time ${formatTimestamp(untrusted.time)} is not before the newer header's ${formatTimestamp(trusted.time)}`, untrusted.height);
  }
  const hash = headerHash(untrusted);
  if (!equalBytes(hash, trusted.lastBlockId.hash)) {
    throw new ProofError("header", `header hash ${toHex(hash)} is not the last block id ${toHex(trusted.lastBlockId.hash)} of height ${trusted.height}`, untrusted.height);
  }
}
