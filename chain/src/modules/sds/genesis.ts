import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { KVStore } from "../../store/kv-store";
import { isAccAddress } from "../../types/address";
import type { SdsKeeper } from "./keeper";
import { checkFileHash, dealProblem } from "./msgs";
import { DEFAULT_SDS_PARAMS, validateSdsParams, type SdsParams } from "./params";

type FileInfo = stratos.sds.v1.FileInfo;
const G = stratos.sds.v1;

/** Parsed, validated sds genesis. */
export interface SdsGenesis {
  readonly params: SdsParams;
  readonly files: readonly { readonly fileHash: string; readonly fileInfo: FileInfo }[];
}

/** The genesis section in its JSON form (proto3 JSON with the original snake_case names). */
export interface SdsGenesisJson {
  params: { bond_denom: string };
  files: { file_hash: string; file_info: Record<string, unknown> }[];
}

export function defaultSdsGenesis(): SdsGenesisJson {
  return { params: { bond_denom: DEFAULT_SDS_PARAMS.bondDenom }, files: [] };
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** proto3 JSON (camelCase, from ts-proto's toJSON) with the original snake_case field names. */
function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeKeys(x)]));
  return v;
}

function fail(message: string): never {
  throw new Error(`sds genesis: ${message}`);
}

function checkKeys(where: string, obj: unknown, allowed: readonly string[]): void {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) fail(`${where} must be an object`);
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(`${where}: unknown field ${JSON.stringify(k)}`);
}

/** What is wrong with one record, or undefined. */
function fileInfoProblem(fileHash: string, info: FileInfo): string | undefined {
  if (!/^[0-9]{1,20}$/.test(info.height)) return `height must be a non-negative integer, got ${JSON.stringify(info.height)}`;
  if (info.reporters.length % 8 !== 0) return `reporters must be whole 64-bit words, got ${info.reporters.length} bytes`;
  if (info.uploader && !isAccAddress(info.uploader)) return `invalid uploader ${JSON.stringify(info.uploader)}`;
  if (info.owner && !isAccAddress(info.owner)) return `invalid owner ${JSON.stringify(info.owner)}`;
  if (info.cid && info.cid !== fileHash) return `cid ${JSON.stringify(info.cid)} differs from the file hash`;
  const hasDeal = info.merkleRoot.length > 0 || info.size > 0n || info.chunkSize > 0n || info.sliceCount > 0 || info.replicas > 0 || info.holders.length > 0;
  if (hasDeal) {
    const problem = dealProblem(info);
    if (problem) return `invalid storage deal: ${problem}`;
    if (!info.owner) return "a record with a storage deal needs an owner";
  }
  return undefined;
}

/**
 * Parses (proto3 JSON; snake_case or camelCase names) and checks: valid params, every file hash
 * a CID, no duplicates, records well-formed (deal fields checked as MsgFileUpload checks them).
 */
export function validateSdsGenesis(raw: unknown): SdsGenesis {
  const input = raw ?? {};
  checkKeys("section", input, ["params", "files"]);
  const files = (input as { files?: unknown }).files;
  if (files !== undefined && !Array.isArray(files)) fail("files must be an array");
  (files ?? []).forEach((f: unknown, i: number) => {
    checkKeys(`files[${i}]`, f, ["file_hash", "fileHash", "file_info", "fileInfo"]);
  });
  let state: stratos.sds.v1.GenesisState;
  try {
    state = G.GenesisState.fromJSON(input);
  } catch (e) {
    fail(`malformed section: ${(e as Error).message}`);
  }
  const params: SdsParams = state.params ? { bondDenom: state.params.bondDenom } : DEFAULT_SDS_PARAMS;
  const paramsProblem = validateSdsParams(params);
  if (paramsProblem) fail(`params: ${paramsProblem}`);
  const seen = new Set<string>();
  const out = state.files.map((f, i) => {
    try {
      checkFileHash(f.fileHash);
    } catch (e) {
      fail(`files[${i}]: ${(e as Error).message}`);
    }
    if (seen.has(f.fileHash)) fail(`files[${i}]: duplicate file hash ${f.fileHash}`);
    seen.add(f.fileHash);
    if (!f.fileInfo) fail(`files[${i}] (${f.fileHash}): file_info is required`);
    const problem = fileInfoProblem(f.fileHash, f.fileInfo);
    if (problem) fail(`files[${i}] (${f.fileHash}): ${problem}`);
    return { fileHash: f.fileHash, fileInfo: f.fileInfo };
  });
  return { params, files: out };
}

export function initSdsGenesis(keeper: SdsKeeper, ctx: Context, g: SdsGenesis): void {
  keeper.setParams(ctx.store, g.params);
  for (const f of g.files) keeper.setFileInfo(ctx.store, f.fileHash, f.fileInfo);
}

export function exportSdsGenesis(keeper: SdsKeeper, store: KVStore): SdsGenesisJson {
  const files: SdsGenesisJson["files"] = [];
  for (const { fileHash, fileInfo } of keeper.iterateFiles(store)) {
    files.push({ file_hash: fileHash, file_info: snakeKeys(G.FileInfo.toJSON(fileInfo)) as Record<string, unknown> });
  }
  return { params: { bond_denom: keeper.getParams(store).bondDenom }, files };
}
