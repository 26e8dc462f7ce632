/**
 * ABCI 2.0 socket server for CometBFT v0.38: the application contract, a base
 * implementation with safe defaults, the TCP server, and the framing helpers it uses.
 */
export { ABCI_METHODS, type AbciApplication, type AbciMethod, type MaybePromise } from "./application";
export { AsyncMutex } from "./async-mutex";
export {
  APP_HASH_LENGTH,
  BaseApplication,
  CODE_UNKNOWN_REQUEST,
  trimTxsToMaxBytes,
  txProtoSize,
} from "./base-application";
export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, FrameError, type FrameErrorCode } from "./frame-decoder";
export { encodeFrame, encodeFrames, type FrameBody } from "./frame-encoder";
export { type AbciLogger, consoleLogger, type LogFields, silentLogger } from "./logger";
export { decodeRequest, type RequestKind } from "./request-router";
export { AbciServer, type AbciServerAddress, type AbciServerOptions } from "./server";
export { RawAbciClient } from "./test-client";
export {
  decodeUvarint,
  encodeUvarint,
  MAX_UVARINT_BYTES,
  type UvarintFailure,
  type UvarintResult,
  uvarintLength,
  writeUvarint,
} from "./varint";
