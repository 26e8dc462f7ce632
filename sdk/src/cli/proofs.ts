import { promises as fsp } from "node:fs";
import { fromHex, toHex } from "@cosmjs/encoding";
import { equalBytes } from "@noble/curves/utils";
import type { StratosClient } from "../client/stratos-client";
import { chunkCount, rootFromCid, verifyLeafProof, type Envelope, type Receipt } from "../mesh";
import type { ChunkProof, MeshClient } from "../storage/mesh-client";
import { ProofError } from "../verifier/errors";
import { UsageError } from "./amounts";

/**
 * What `stratos verify CID --proof` establishes: the file's on-chain record proven against a
 * light-client-verified header, and one chunk's Merkle proof checked against that record's root.
 *
 * @example
 * const r = await proveFileChunk(cid, 0, chain, mesh);
 */
export interface FileProofReport {
  readonly cid: string;
  readonly record: { readonly owner: string; readonly size: string; readonly merkleRoot: string; readonly replicas: number; readonly height: string; readonly holders: readonly { readonly slice: number; readonly nodes: readonly string[] }[] };
  readonly provenAtHeight: string;
  readonly appHash: string;
  readonly chunk: ChunkProof;
}

/**
 * Proves the file record of `cid` on chain and checks chunk `chunk`, fetched from a holder, with
 * its Merkle proof against the proven record's root (and that root against the CID). Throws
 * ProofError naming what did not check.
 *
 * @example
 * const report = await proveFileChunk(cid, 3, chain, mesh);
 */
export async function proveFileChunk(cid: string, chunk: number, chain: StratosClient, mesh: MeshClient, signal?: AbortSignal): Promise<FileProofReport> {
  const { value: rec, height, appHash } = await chain.verified.getFileRecord(cid);
  if (rec === null) throw new ProofError("value", `the chain has no record of ${cid} (its absence is proven at height ${height})`, height);
  let cidRoot: Uint8Array;
  try {
    cidRoot = rootFromCid(cid);
  } catch (e) {
    throw new UsageError(`${cid} is not a mesh CID`, { cause: e });
  }
  if (!equalBytes(rec.merkleRoot, cidRoot)) throw new ProofError("value", `the proven record's Merkle root ${toHex(rec.merkleRoot)} is not the CID's ${toHex(cidRoot)}`, height);
  const res = await mesh.verify(cid, { chunk, ...(signal ? { signal } : {}) });
  if (!res.ok || !res.chunkProof) throw new ProofError("chunk", `chunk ${chunk} could not be fetched and checked: ${res.problem ?? "no proof"}`);
  const p = res.chunkProof;
  const leafCount = chunkCount(rec.size);
  if (p.leafCount !== leafCount || !verifyLeafProof(rec.merkleRoot, p.index, leafCount, fromHex(p.leaf), p.siblings.map((s) => fromHex(s)))) {
    throw new ProofError("chunk", `chunk ${chunk}'s Merkle proof does not lead to the record's root`);
  }
  return {
    cid,
    record: {
      owner: rec.owner,
      size: rec.size.toString(),
      merkleRoot: toHex(rec.merkleRoot),
      replicas: rec.replicas,
      height: rec.height,
      holders: rec.holders.map((h) => ({ slice: h.sliceIndex, nodes: h.sdsAddresses })),
    },
    provenAtHeight: height.toString(),
    appHash: toHex(appHash),
    chunk: p,
  };
}

/**
 * The plain-text lines of a {@link FileProofReport}.
 *
 * @example
 * for (const line of fileProofLines(report)) console.log(line);
 */
export function fileProofLines(r: FileProofReport): string[] {
  return [
    `record of ${r.cid}: proven at height ${r.provenAtHeight} (app hash ${r.appHash}, header ${BigInt(r.provenAtHeight) + 1n} signed by > 2/3 of the trusted validators)`,
    `  owner ${r.record.owner}, size ${r.record.size}, root ${r.record.merkleRoot}, replicas ${r.record.replicas}, recorded at height ${r.record.height}`,
    ...r.record.holders.map((h) => `  slice ${h.slice}: ${h.nodes.join(", ")}`),
    `chunk ${r.chunk.index} of ${r.chunk.leafCount}: leaf ${r.chunk.leaf}`,
    ...r.chunk.siblings.map((s, i) => `  sibling ${i}: ${s}`),
    `  leads to the record's root ${r.record.merkleRoot}: ok`,
  ];
}

/**
 * Reads receipt envelopes from a file: one JSON envelope or a JSON array of them (compact or
 * pretty-printed), or JSON lines (what `stratos download --receipts FILE` writes).
 *
 * @example
 * const receipts = await readReceipts("receipts.jsonl");
 */
export async function readReceipts(file: string): Promise<Envelope<Receipt>[]> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}`, { cause: e, details: (e as Error).message });
  }
  const parse = (s: string, where: string): unknown => {
    try {
      return JSON.parse(s);
    } catch (e) {
      throw new UsageError(`${where} is not JSON: ${(e as Error).message}`);
    }
  };
  const trimmed = text.trim();
  if (trimmed === "") throw new UsageError(`${file} is empty`);
  let items: unknown[];
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed); // one envelope or an array, on one line or pretty-printed
  } catch {
    whole = undefined; // else JSON lines
  }
  if (Array.isArray(whole)) items = whole;
  else if (whole !== undefined) items = [whole];
  else items = trimmed.split("\n").filter((l) => l.trim() !== "").map((l, i) => parse(l, `${file} line ${i + 1}`));
  for (const [i, r] of items.entries()) {
    const e = r as { payload?: { type?: unknown; ticket_nonce?: unknown }; signer?: { address?: unknown } } | null;
    if (e?.payload?.type !== "receipt" || typeof e.payload.ticket_nonce !== "string" || typeof e.signer?.address !== "string") {
      throw new UsageError(`item ${i + 1} of ${file} is not a receipt envelope`);
    }
  }
  return items as Envelope<Receipt>[];
}
