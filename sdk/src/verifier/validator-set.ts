import { equalBytes } from "@noble/curves/utils";
import { sha256 } from "@noble/hashes/sha2";
import { toHex } from "@cosmjs/encoding";
import { SimpleValidator } from "cosmjs-types/tendermint/types/validator";
import { ProofError } from "./errors";
import { simpleMerkleRoot } from "./simple-merkle";
import type { Validator, ValidatorSet } from "./types";

/** CometBFT caps the total voting power of a set at MaxInt64 / 8. */
const MAX_TOTAL_VOTING_POWER = 9223372036854775807n / 8n;

/**
 * A validator's address: the first 20 bytes of sha256 of its ed25519 public key.
 *
 * @example
 * const address = validatorAddress(pubKey); // 20 bytes
 */
export function validatorAddress(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).subarray(0, 20);
}

/** What a validator contributes to the set hash: `SimpleValidator{pub_key: PublicKey{ed25519}, voting_power}`. */
function validatorHashBytes(v: Validator): Uint8Array {
  return SimpleValidator.encode({ pubKey: { ed25519: v.pubKey }, votingPower: v.votingPower }).finish();
}

/**
 * The validator-set hash of a header (`ValidatorSet.Hash`): the simple Merkle root of each
 * validator's {@link validatorHashBytes}, in the given order (CometBFT's order is voting power
 * descending, then address ascending: see {@link sortValidators}).
 *
 * @example
 * if (!equalBytes(validatorSetHash(vals), header.validatorsHash)) throw new Error("not this header's validators");
 */
export function validatorSetHash(vals: ValidatorSet): Uint8Array {
  return simpleMerkleRoot(vals.map(validatorHashBytes));
}

/**
 * The validators in CometBFT's order: voting power descending, then address ascending (how a
 * set from genesis or `InitChain` is ordered before it is hashed).
 *
 * @example
 * const ordered = sortValidators(genesisValidators);
 */
export function sortValidators(vals: ValidatorSet): Validator[] {
  return [...vals].sort((a, b) => {
    if (a.votingPower !== b.votingPower) return a.votingPower > b.votingPower ? -1 : 1;
    const x = toHex(a.address);
    const y = toHex(b.address);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The total voting power of a set.
 *
 * @example
 * const total = totalVotingPower(vals);
 */
export function totalVotingPower(vals: ValidatorSet): bigint {
  let total = 0n;
  for (const v of vals) total += v.votingPower;
  return total;
}

/**
 * Checks a set is well formed (CometBFT `ValidatorSet.ValidateBasic`): not empty, each key 32
 * bytes with the address derived from it, positive powers, no address twice, total within
 * CometBFT's cap. The addresses are not covered by the set hash, hence the check. Throws
 * ProofError `validators`.
 *
 * @example
 * checkValidatorSet(parseValidators(json).validators, height);
 */
export function checkValidatorSet(vals: ValidatorSet, height?: bigint): void {
  if (vals.length === 0) throw new ProofError("validators", "validator set is empty", height);
  const seen = new Set<string>();
  for (const [i, v] of vals.entries()) {
    if (v.pubKey.length !== 32) throw new ProofError("validators", `validator #${i} has a ${v.pubKey.length}-byte key, not an ed25519 key`, height);
    if (!equalBytes(v.address, validatorAddress(v.pubKey))) {
      throw new ProofError("validators", `validator #${i} address ${toHex(v.address)} is not the address of its key`, height);
    }
    if (v.votingPower <= 0n) throw new ProofError("validators", `validator #${i} has voting power ${v.votingPower}`, height);
    const a = toHex(v.address);
    if (seen.has(a)) throw new ProofError("validators", `validator ${a} appears twice`, height);
    seen.add(a);
  }
  if (totalVotingPower(vals) > MAX_TOTAL_VOTING_POWER) throw new ProofError("validators", "total voting power exceeds CometBFT's cap", height);
}
