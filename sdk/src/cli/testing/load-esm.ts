import fs from "node:fs";
import path from "node:path";

/**
 * Loads an ESM-only package (such as commander 15) as CommonJS for Jest on Node 20, where Jest cannot
 * `require()` ESM and the shared jest config does not transform it: the real package when Jest can
 * load it, else its files compiled with @swc/core on the fly. Test-only.
 *
 * @example
 * jest.mock("commander", () => require("./testing/load-esm").loadEsmPackage("commander"));
 */
export function loadEsmPackage(name: string): unknown {
  try {
    return jest.requireActual(name);
  } catch {
    // fall through: compile it ourselves
  }
  const { transformSync } = jest.requireActual<typeof import("@swc/core")>("@swc/core");
  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const { code } = transformSync(fs.readFileSync(file, "utf8"), {
      filename: file,
      module: { type: "commonjs" },
      jsc: { parser: { syntax: "ecmascript" }, target: "es2022" },
    });
    const mod = { exports: {} as unknown };
    cache.set(file, mod);
    const req = (spec: string): unknown => (spec.startsWith(".") ? load(path.resolve(path.dirname(file), spec)) : jest.requireActual(spec));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function("exports", "require", "module", "__filename", "__dirname", code)(mod.exports, req, mod, file, path.dirname(file));
    return mod.exports;
  };
  return load(require.resolve(name));
}
