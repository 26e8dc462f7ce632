import { MeshError } from "@stratos/sdk";

/**
 * An HTTP error of the meta node: a stable lowercase `code`, an HTTP `status` and a message; the
 * body is `{ code, message, ...extra }`. Mesh protocol codes (MeshError) are mapped one to one.
 */
export class MetaNodeError extends Error {
  override readonly name = "MetaNodeError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>): MetaNodeError => new MetaNodeError(400, "bad_request", message, extra);
export const notFound = (message: string): MetaNodeError => new MetaNodeError(404, "not_found", message);
export const unauthorized = (message: string): MetaNodeError => new MetaNodeError(403, "unauthorized", message);

/** Any thrown value as a MetaNodeError (MeshError keeps its code and status; others are 500). */
export function toMetaNodeError(e: unknown): MetaNodeError {
  if (e instanceof MetaNodeError) return e;
  if (e instanceof MeshError) return new MetaNodeError(e.status, e.code, e.toJSON().message);
  const err = (e ?? {}) as { statusCode?: number; code?: string; message?: string };
  if (typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500) {
    return new MetaNodeError(err.statusCode, err.statusCode === 413 ? "too_large" : "bad_request", err.message ?? "bad request");
  }
  return new MetaNodeError(500, "internal", err.message ?? String(e));
}
