import { bases } from "multiformats/basics";
import { CID } from "multiformats/cid";

/**
 * CID parsing with the `multiformats` package, accepting every multibase it knows (go-cid's
 * `cid.Decode`, which the real chain uses, does the same), so CIDv0 (`Qm...`), CIDv1 in base32
 * (`bafy...`) and the base32hex form Stratos' SDS prints (`v05...`) all parse.
 *
 * `multiformats` is ESM-only and exports its files under the `import` / `module-sync` conditions:
 * Node >= 20.19 `require`s it (module-sync); jest.config.ts maps its subpaths to the files.
 */
type Decoder = NonNullable<Parameters<typeof CID.parse>[1]>;
const anyBase: Decoder = Object.values(bases)
  .map((b) => b.decoder as unknown as Decoder)
  .reduce((a, b) => (a as unknown as { or(d: Decoder): Decoder }).or(b));

/** Longest file hash accepted (a CID string is well under this). */
export const MAX_FILE_HASH_LENGTH = 256;

/** The problem with `text` as a CID, or undefined when it parses. */
export function cidProblem(text: string): string | undefined {
  if (text.length === 0) return "empty";
  if (text.length > MAX_FILE_HASH_LENGTH) return `longer than ${MAX_FILE_HASH_LENGTH} characters`;
  try {
    CID.parse(text, anyBase);
    return undefined;
  } catch (e) {
    return (e as Error).message || "not a CID";
  }
}

export function isCid(text: string): boolean {
  return cidProblem(text) === undefined;
}
