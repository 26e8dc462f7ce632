import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CID as CidClass } from "multiformats/cid";

/**
 * CID parsing with the `multiformats` package, accepting every multibase it knows (go-cid's
 * `cid.Decode`, which the real chain uses, does the same), so CIDv0 (`Qm...`), CIDv1 in base32
 * (`bafy...`) and the base32hex form Stratos' SDS prints (`v05...`) all parse.
 *
 * `multiformats` is ESM-only and exports its files only under the `import` / `module-sync`
 * conditions. Node >= 20.19 `require`s it natively (module-sync). A CommonJS resolver that lacks
 * that condition (Jest's default) cannot resolve `multiformats/cid`; then the file is located
 * under the resolver's node_modules search paths and required by path (Jest compiles it). The
 * package is loaded on first use so that importing this module never fails.
 */
interface Multiformats {
  CID: typeof CidClass;
  decoder: Parameters<typeof CidClass.parse>[1];
}

let loaded: Multiformats | undefined;

function requireMultiformats<T>(sub: string): T {
  try {
    return require(`multiformats/${sub}`) as T;
  } catch (e) {
    for (const dir of require.resolve.paths("multiformats") ?? []) {
      const file = join(dir, "multiformats", "dist", "src", `${sub}.js`);
      if (existsSync(file)) return require(file) as T;
    }
    throw e;
  }
}

function multiformats(): Multiformats {
  if (loaded) return loaded;
  const { CID } = requireMultiformats<typeof import("multiformats/cid")>("cid");
  const { bases } = requireMultiformats<typeof import("multiformats/basics")>("basics");
  type Decoder = NonNullable<Multiformats["decoder"]>;
  const decoders = Object.values(bases).map((b) => b.decoder as unknown as Decoder);
  const decoder = decoders.reduce((a, b) => (a as unknown as { or(d: Decoder): Decoder }).or(b));
  loaded = { CID, decoder };
  return loaded;
}

/** Longest file hash accepted (a CID string is well under this). */
export const MAX_FILE_HASH_LENGTH = 256;

/** The problem with `text` as a CID, or undefined when it parses. */
export function cidProblem(text: string): string | undefined {
  if (text.length === 0) return "empty";
  if (text.length > MAX_FILE_HASH_LENGTH) return `longer than ${MAX_FILE_HASH_LENGTH} characters`;
  const { CID, decoder } = multiformats();
  try {
    CID.parse(text, decoder);
    return undefined;
  } catch (e) {
    return (e as Error).message || "not a CID";
  }
}

export function isCid(text: string): boolean {
  return cidProblem(text) === undefined;
}
