import { createHash, hash } from "node:crypto";

/**
 * sha256 as bytes through Node's one-shot `crypto.hash` (about twice as fast as
 * createHash().update().digest() on small inputs, per reference/perf-reliability.md).
 */
export const sha256: (data: Uint8Array) => Uint8Array =
  typeof hash === "function" ? (data) => hash("sha256", data, "buffer") : (data) => createHash("sha256").update(data).digest();
