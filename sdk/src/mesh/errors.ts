import { StratosError } from "../errors/base";

/**
 * The stable lowercase error codes of the mesh protocol (the `code` of `{ code, message }` answers).
 *
 * @example
 * const code: MeshErrorCode = "expired";
 */
export type MeshErrorCode =
  | "bad_ticket"
  | "expired"
  | "replayed"
  | "hash_mismatch"
  | "too_large"
  | "not_found"
  | "corrupt"
  | "ozone_insufficient"
  | "bad_request"
  | "disk_full"
  | "bad_signature"
  | "wrong_chain"
  | "bad_cid"
  | "unauthorized";

/**
 * The HTTP status that goes with each mesh error code.
 *
 * @example
 * res.status(MESH_ERROR_STATUS.not_found); // 404
 */
export const MESH_ERROR_STATUS: Readonly<Record<MeshErrorCode, number>> = {
  bad_ticket: 401,
  expired: 401,
  replayed: 409,
  hash_mismatch: 422,
  too_large: 413,
  not_found: 404,
  corrupt: 500,
  ozone_insufficient: 402,
  bad_request: 400,
  disk_full: 507,
  bad_signature: 401,
  wrong_chain: 400,
  bad_cid: 400,
  unauthorized: 403,
};

/**
 * True when `s` is one of the mesh error codes.
 *
 * @example
 * if (isMeshErrorCode(body.code)) throw new MeshError(body.code, body.message);
 */
export function isMeshErrorCode(s: unknown): s is MeshErrorCode {
  return typeof s === "string" && Object.prototype.hasOwnProperty.call(MESH_ERROR_STATUS, s);
}

/**
 * An error of the mesh protocol with a stable `code` and the HTTP `status` to answer with
 * (a {@link StratosError}, hence an `Error`).
 *
 * @example
 * try { verifyEnvelope(env, opts); } catch (e) {
 *   if (e instanceof MeshError) res.status(e.status).json({ code: e.code, message: e.message });
 * }
 */
export class MeshError extends StratosError {
  override readonly name: string = "MeshError";
  readonly code: MeshErrorCode;
  readonly status: number;

  constructor(code: MeshErrorCode, message: string, options: { status?: number; details?: string; hints?: readonly string[]; cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
    this.status = options.status ?? MESH_ERROR_STATUS[code];
  }

  /**
   * The `{ code, message }` body of an HTTP error answer.
   *
   * @example
   * res.status(err.status).json(err.toJSON());
   */
  toJSON(): { code: MeshErrorCode; message: string } {
    return { code: this.code, message: this.shortMessage };
  }
}
