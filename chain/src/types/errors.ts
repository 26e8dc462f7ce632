/**
 * Chain errors carry a (codespace, code) pair so wallets can show the right message.
 * Codespace `sdk` mirrors the Cosmos SDK's `types/errors` table; modules register their own.
 */

/** A registered error kind. `wrap` makes an instance with extra context, as `errorsmod.Wrap` does. */
export class ErrorKind {
  constructor(
    readonly codespace: string,
    readonly code: number,
    readonly description: string,
  ) {}

  /** `"<context>: <description>"`, the SDK's wrapped-error text. */
  wrap(context: string): ChainError {
    return new ChainError(this, `${context}: ${this.description}`);
  }

  /** An instance with just the description as its message. */
  error(): ChainError {
    return new ChainError(this, this.description);
  }

  /** True when `e` is an instance of this kind. */
  is(e: unknown): e is ChainError {
    return e instanceof ChainError && e.kind === this;
  }
}

/** A user-facing failure; anything else thrown out of a handler is a broken invariant. */
export class ChainError extends Error {
  override readonly name = "ChainError";
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
  get code(): number {
    return this.kind.code;
  }
  get codespace(): string {
    return this.kind.codespace;
  }
  /** Prefixes more context, keeping the kind. */
  wrap(context: string): ChainError {
    return new ChainError(this.kind, `${context}: ${this.message}`);
  }
}

const registry = new Map<string, ErrorKind>();

/** Registers a (codespace, code); duplicates are a programming error. */
export function registerError(codespace: string, code: number, description: string): ErrorKind {
  const id = `${codespace}/${code}`;
  if (registry.has(id)) throw new Error(`error ${id} registered twice`);
  if (code === 1 && codespace !== "undefined") throw new Error("code 1 is reserved for internal errors");
  const kind = new ErrorKind(codespace, code, description);
  registry.set(id, kind);
  return kind;
}

export const SDK_CODESPACE = "sdk";

/** The Cosmos SDK's root errors (types/errors/errors.go at v0.50), same codes and texts. */
export const ErrTxDecode = registerError(SDK_CODESPACE, 2, "tx parse error");
export const ErrInvalidSequence = registerError(SDK_CODESPACE, 3, "invalid sequence");
export const ErrUnauthorized = registerError(SDK_CODESPACE, 4, "unauthorized");
export const ErrInsufficientFunds = registerError(SDK_CODESPACE, 5, "insufficient funds");
export const ErrUnknownRequest = registerError(SDK_CODESPACE, 6, "unknown request");
export const ErrInvalidAddress = registerError(SDK_CODESPACE, 7, "invalid address");
export const ErrInvalidPubKey = registerError(SDK_CODESPACE, 8, "invalid pubkey");
export const ErrUnknownAddress = registerError(SDK_CODESPACE, 9, "unknown address");
export const ErrInvalidCoins = registerError(SDK_CODESPACE, 10, "invalid coins");
export const ErrOutOfGas = registerError(SDK_CODESPACE, 11, "out of gas");
export const ErrMemoTooLarge = registerError(SDK_CODESPACE, 12, "memo too large");
export const ErrInsufficientFee = registerError(SDK_CODESPACE, 13, "insufficient fee");
export const ErrTooManySignatures = registerError(SDK_CODESPACE, 14, "maximum number of signatures exceeded");
export const ErrNoSignatures = registerError(SDK_CODESPACE, 15, "no signatures supplied");
export const ErrInvalidRequest = registerError(SDK_CODESPACE, 18, "invalid request");
export const ErrTxTooLarge = registerError(SDK_CODESPACE, 21, "tx too large");
export const ErrKeyNotFound = registerError(SDK_CODESPACE, 22, "key not found");
export const ErrInvalidHeight = registerError(SDK_CODESPACE, 26, "invalid height");
export const ErrInvalidChainID = registerError(SDK_CODESPACE, 28, "invalid chain-id");
export const ErrInvalidType = registerError(SDK_CODESPACE, 29, "invalid type");
export const ErrTxTimeoutHeight = registerError(SDK_CODESPACE, 30, "tx timeout height");
export const ErrUnknownExtensionOptions = registerError(SDK_CODESPACE, 31, "unknown extension options");
export const ErrWrongSequence = registerError(SDK_CODESPACE, 32, "incorrect account sequence");
export const ErrNotSupported = registerError(SDK_CODESPACE, 37, "feature not supported");
export const ErrNotFound = registerError(SDK_CODESPACE, 38, "not found");
export const ErrInvalidGasLimit = registerError(SDK_CODESPACE, 41, "invalid gas limit");
/** Internal errors use code 1 in codespace `undefined`, as the SDK reports them. */
export const ErrInternal = registerError("undefined", 1, "internal");
