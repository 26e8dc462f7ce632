import { registerError } from "../../types/errors";
import { MODULE_NAME } from "./keys";

/**
 * Codespace `staking`: cosmos-sdk x/staking's codes and texts (x/staking/types/errors.go as of
 * v0.47-v0.50). Malformed addresses and amounts use the `sdk` codes (7 ErrInvalidAddress, 18
 * ErrInvalidRequest), as the SDK's Msg server does.
 */
export const ErrEmptyValidatorAddr = registerError(MODULE_NAME, 2, "empty validator address");
export const ErrNoValidatorFound = registerError(MODULE_NAME, 3, "validator does not exist");
export const ErrValidatorOwnerExists = registerError(MODULE_NAME, 4, "validator already exist for this operator address; must use new validator operator address");
export const ErrValidatorPubKeyExists = registerError(MODULE_NAME, 5, "validator already exist for this pubkey; must use new validator pubkey");
export const ErrValidatorPubKeyTypeNotSupported = registerError(MODULE_NAME, 6, "validator pubkey type is not supported");
export const ErrValidatorJailed = registerError(MODULE_NAME, 7, "validator for this address is currently jailed");
export const ErrBadRemoveValidator = registerError(MODULE_NAME, 8, "failed to remove validator");
export const ErrCommissionNegative = registerError(MODULE_NAME, 9, "commission must be positive");
export const ErrCommissionHuge = registerError(MODULE_NAME, 10, "commission cannot be more than 100%");
export const ErrCommissionGTMaxRate = registerError(MODULE_NAME, 11, "commission cannot be more than the max rate");
export const ErrCommissionUpdateTime = registerError(MODULE_NAME, 12, "commission cannot be changed more than once in 24h");
export const ErrCommissionChangeRateNegative = registerError(MODULE_NAME, 13, "commission change rate must be positive");
export const ErrCommissionChangeRateGTMaxRate = registerError(MODULE_NAME, 14, "commission change rate cannot be more than the max rate");
export const ErrCommissionGTMaxChangeRate = registerError(MODULE_NAME, 15, "commission cannot be changed more than max change rate");
export const ErrSelfDelegationBelowMinimum = registerError(MODULE_NAME, 16, "validator's self delegation must be greater than their minimum self delegation");
export const ErrMinSelfDelegationDecreased = registerError(MODULE_NAME, 17, "minimum self delegation cannot be decrease");
export const ErrEmptyDelegatorAddr = registerError(MODULE_NAME, 18, "empty delegator address");
export const ErrNoDelegation = registerError(MODULE_NAME, 19, "no delegation for (address, validator) tuple");
export const ErrBadDelegatorAddr = registerError(MODULE_NAME, 20, "delegator does not exist with address");
export const ErrNoDelegatorForAddress = registerError(MODULE_NAME, 21, "delegator does not contain delegation");
export const ErrInsufficientShares = registerError(MODULE_NAME, 22, "insufficient delegation shares");
export const ErrDelegationValidatorEmpty = registerError(MODULE_NAME, 23, "cannot delegate to an empty validator");
export const ErrNotEnoughDelegationShares = registerError(MODULE_NAME, 24, "not enough delegation shares");
export const ErrNotMature = registerError(MODULE_NAME, 25, "entry not mature");
export const ErrNoUnbondingDelegation = registerError(MODULE_NAME, 26, "no unbonding delegation found");
export const ErrMaxUnbondingDelegationEntries = registerError(MODULE_NAME, 27, "too many unbonding delegation entries for (delegator, validator) tuple");
export const ErrNoRedelegation = registerError(MODULE_NAME, 28, "no redelegation found");
export const ErrSelfRedelegation = registerError(MODULE_NAME, 29, "cannot redelegate to the same validator");
export const ErrTinyRedelegationAmount = registerError(MODULE_NAME, 30, "too few tokens to redelegate (truncates to zero tokens)");
export const ErrBadRedelegationDst = registerError(MODULE_NAME, 31, "redelegation destination validator not found");
export const ErrTransitiveRedelegation = registerError(
  MODULE_NAME,
  32,
  "redelegation to this validator already in progress; first redelegation to this validator must complete before next redelegation",
);
export const ErrMaxRedelegationEntries = registerError(MODULE_NAME, 33, "too many redelegation entries for (delegator, src-validator, dst-validator) tuple");
export const ErrDelegatorShareExRateInvalid = registerError(MODULE_NAME, 34, "cannot delegate to validators with invalid (zero) ex-rate");
export const ErrBothShareMsgsGiven = registerError(MODULE_NAME, 35, "both shares amount and shares percent provided");
export const ErrNeitherShareMsgsGiven = registerError(MODULE_NAME, 36, "neither shares amount nor shares percent provided");
export const ErrInvalidHistoricalInfo = registerError(MODULE_NAME, 37, "invalid historical info");
export const ErrNoHistoricalInfo = registerError(MODULE_NAME, 38, "no historical info found");
export const ErrEmptyValidatorPubKey = registerError(MODULE_NAME, 39, "empty validator public key");
export const ErrCommissionLTMinRate = registerError(MODULE_NAME, 40, "commission cannot be less than min rate");
export const ErrUnbondingNotFound = registerError(MODULE_NAME, 41, "unbonding operation not found");
export const ErrUnbondingOnHoldRefCountNegative = registerError(MODULE_NAME, 42, "cannot un-hold unbonding operation that is not on hold");
