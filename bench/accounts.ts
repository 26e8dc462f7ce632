import { createHash } from "node:crypto";
import { keyFromPrivkey, type TestKey } from "../chain/test/helpers/keys";

/** Deterministic benchmark keys (sha256("stratos-bench/<i>")), funded in the bench genesis. */
export function benchKeys(n: number): TestKey[] {
  return Array.from({ length: n }, (_, i) => keyFromPrivkey(new Uint8Array(createHash("sha256").update(`stratos-bench/${i}`).digest())));
}
