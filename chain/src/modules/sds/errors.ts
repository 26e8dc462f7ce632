import { registerError } from "../../types/errors";
import { MODULE_NAME } from "./keys";

/** Codespace `sds`, the real chain's codes and texts (x/sds/types/errors.go). */
export const ErrInvalid = registerError(MODULE_NAME, 2, "error invalid");
export const ErrInvalidHeight = registerError(MODULE_NAME, 3, "invalid height");
export const ErrEmptyUploaderAddr = registerError(MODULE_NAME, 4, "missing uploader address");
export const ErrEmptyReporters = registerError(MODULE_NAME, 5, "missing reporters");
export const ErrEmptyFileHash = registerError(MODULE_NAME, 6, "missing file hash");
export const ErrInvalidFileHash = registerError(MODULE_NAME, 7, "invalid file hash");
export const ErrNoFileFound = registerError(MODULE_NAME, 8, "file does not exist");
export const ErrInvalidDenom = registerError(MODULE_NAME, 9, "invalid denomination");
export const ErrPrepayFailure = registerError(MODULE_NAME, 10, "failed to prepay");
export const ErrReporterAddressOrOwner = registerError(MODULE_NAME, 11, "invalid reporter address or owner address");
export const ErrInvalidSenderAddr = registerError(MODULE_NAME, 12, "invalid sender address");
export const ErrInvalidBeneficiaryAddr = registerError(MODULE_NAME, 13, "invalid beneficiary address");
export const ErrOzoneLimitNotEnough = registerError(MODULE_NAME, 14, "not enough remaining ozone limit to complete prepay");
export const ErrEmitEvent = registerError(MODULE_NAME, 15, "failed to emit event");
