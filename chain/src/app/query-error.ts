import { ErrInvalidRequest, ErrKeyNotFound, ErrUnauthorized, ErrUnknownRequest, type ErrorKind } from "../types/errors";

/** gRPC status codes used by query handlers (grpc/codes). */
export const GrpcCode = {
  InvalidArgument: 3,
  NotFound: 5,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Internal: 13,
  Unauthenticated: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const NAMES: Record<number, string> = {
  3: "InvalidArgument",
  5: "NotFound",
  9: "FailedPrecondition",
  12: "Unimplemented",
  13: "Internal",
  16: "Unauthenticated",
};

/**
 * A failed query, carrying a gRPC status as the Cosmos SDK's query services do. Over ABCI it
 * becomes an `sdk` code (NotFound -> 22, InvalidArgument -> 18, ...) with the log
 * `rpc error: code = NotFound desc = ...` that cosmjs matches on; REST and gRPC (issue 3)
 * use the status directly.
 */
export class QueryError extends Error {
  override readonly name = "QueryError";
  constructor(
    readonly grpcCode: GrpcCode,
    message: string,
  ) {
    super(message);
  }

  static notFound(message: string): QueryError {
    return new QueryError(GrpcCode.NotFound, message);
  }

  static invalidArgument(message: string): QueryError {
    return new QueryError(GrpcCode.InvalidArgument, message);
  }

  /** The SDK's `gRPCErrorToSDKError` mapping. */
  abciKind(): ErrorKind {
    switch (this.grpcCode) {
      case GrpcCode.NotFound:
        return ErrKeyNotFound;
      case GrpcCode.InvalidArgument:
      case GrpcCode.FailedPrecondition:
        return ErrInvalidRequest;
      case GrpcCode.Unauthenticated:
        return ErrUnauthorized;
      default:
        return ErrUnknownRequest;
    }
  }

  /** `rpc error: code = NotFound desc = <message>` */
  grpcText(): string {
    return `rpc error: code = ${NAMES[this.grpcCode] ?? "Unknown"} desc = ${this.message}`;
  }
}
