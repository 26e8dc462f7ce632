import { z } from "zod";
import type { Module } from "./module";

/** Thrown when genesis `app_state` is malformed; the message names the module and the problem. */
export class GenesisError extends Error {
  override readonly name = "GenesisError";
}

/**
 * Parses `app_state` (the raw JSON bytes CometBFT passes in InitChain) into per-module
 * sections, validating each with its module. Unknown sections are refused so a typo in a
 * module name cannot silently drop state.
 */
export function parseAppState(bytes: Uint8Array, modules: readonly Module[]): Map<string, unknown> {
  let json: unknown;
  const text = Buffer.from(bytes).toString("utf8").trim();
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw new GenesisError(`app_state is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(json ?? {});
  if (!parsed.success) throw new GenesisError("app_state must be a JSON object keyed by module name");
  const known = new Set(modules.map((m) => m.name));
  for (const key of Object.keys(parsed.data)) {
    if (!known.has(key)) throw new GenesisError(`app_state has an unknown module section ${JSON.stringify(key)}`);
  }
  const out = new Map<string, unknown>();
  for (const m of modules) {
    try {
      out.set(m.name, m.validateGenesis(parsed.data[m.name] ?? m.defaultGenesis()));
    } catch (e) {
      const detail = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
      throw new GenesisError(`invalid ${m.name} genesis: ${detail}`);
    }
  }
  return out;
}

/** The default `app_state` with every module's default section. */
export function defaultAppState(modules: readonly Module[]): Record<string, unknown> {
  return Object.fromEntries(modules.map((m) => [m.name, m.defaultGenesis()]));
}
