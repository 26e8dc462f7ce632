/**
 * Test fixtures for the resource node: a fake meta node (records what it is sent), keys, tickets.
 * The real meta node is tested on its own; here only its HTTP intake matters.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import {
  CHUNK_SIZE,
  cidFromRoot,
  encodeEnvelopeHeader,
  expiresIn,
  hashBytes,
  newNonce,
  nodeKeyFromSeed,
  signAsNode,
  signAsWallet,
  walletKeyFromPrivateKey,
  type Envelope,
  type GetTicket,
  type NodeKey,
  type PutTicket,
  type Receipt,
  type RepairOrder,
  type WalletKey,
} from "@stratos/sdk";
import { startResourceNode, type ResourceNodeHandle, type ResourceNodeConfigInput } from "./index";

export const CHAIN_ID = "stratos-test";
export const metaKey: NodeKey = nodeKeyFromSeed(new Uint8Array(32).fill(1));
export const otherKey: NodeKey = nodeKeyFromSeed(new Uint8Array(32).fill(2));
export const wallet: WalletKey = walletKeyFromPrivateKey(new Uint8Array(32).fill(3));
export const otherWallet: WalletKey = walletKeyFromPrivateKey(new Uint8Array(32).fill(4));

/** A fake meta node: records the bodies POSTed to it; `down` makes it answer 503. */
export interface FakeMeta {
  readonly url: string;
  readonly acks: Envelope<Record<string, string>>[];
  readonly heartbeats: Envelope<Record<string, string>>[];
  readonly receipts: Envelope<Record<string, string>>[];
  down: boolean;
  close(): Promise<void>;
}

export async function startFakeMeta(): Promise<FakeMeta> {
  const app: FastifyInstance = Fastify({ logger: false });
  const state = {
    acks: [] as Envelope<Record<string, string>>[],
    heartbeats: [] as Envelope<Record<string, string>>[],
    receipts: [] as Envelope<Record<string, string>>[],
    down: false,
  };
  app.addHook("onRequest", async (_req, reply) => {
    if (state.down) return reply.code(503).send({ code: "down", message: "fake meta is down" });
    return undefined;
  });
  app.post("/v1/acks", async (req) => {
    state.acks.push(req.body as Envelope<Record<string, string>>);
    return { ok: true };
  });
  app.post("/v1/heartbeats", async (req) => {
    state.heartbeats.push(req.body as Envelope<Record<string, string>>);
    return { ok: true };
  });
  app.post("/v1/receipts", async (req) => {
    const list = (req.body as { receipts: Envelope<Record<string, string>>[] }).receipts;
    state.receipts.push(...list);
    return { accepted: list.length, rejected: [] };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return Object.assign(state, { url: `http://127.0.0.1:${port}`, close: () => app.close() });
}

/** A fresh temporary folder. */
export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "rn-test-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Starts a resource node with a key of its own, quiet, talking to `meta`. */
export function startNode(meta: FakeMeta, dataDir: string, seed: number, extra: Partial<ResourceNodeConfigInput> = {}): Promise<ResourceNodeHandle> {
  return startResourceNode({
    dataDir,
    chainId: CHAIN_ID,
    privateKeyHex: Buffer.alloc(32, seed).toString("hex"),
    metaUrl: meta.url,
    metaAddress: metaKey.address,
    capacityBytes: 64 * 1024 * 1024,
    heartbeatIntervalMs: 0,
    receiptFlushMs: 20,
    logLevel: "silent",
    ...extra,
  });
}

/** Random test data: `size` bytes, the CID of a file made of it and its slice root (one slice). */
export function makeSlice(size = 2 * CHUNK_SIZE + 1000): { bytes: Buffer; cid: string; root: string } {
  const bytes = randomBytes(size);
  const d = hashBytes(bytes);
  return { bytes, cid: cidFromRoot(d.root), root: Buffer.from(d.sliceRoots[0]!).toString("hex") };
}

interface SliceFields {
  cid: string;
  index?: number;
  root: string;
  size: number;
  node: string;
}

export function putTicket(f: SliceFields, opts: { signer?: NodeKey; expires?: string; chainId?: string } = {}): Envelope<PutTicket> {
  return signAsNode<PutTicket>(
    {
      type: "put.ticket",
      chain_id: opts.chainId ?? CHAIN_ID,
      nonce: newNonce(),
      expires: opts.expires ?? expiresIn(300),
      cid: f.cid,
      slice_index: String(f.index ?? 0),
      slice_root: f.root,
      slice_size: String(f.size),
      node: f.node,
      wallet: wallet.address,
      upload_id: "up-1",
    },
    opts.signer ?? metaKey,
  );
}

export function getTicket(f: SliceFields, opts: { signer?: NodeKey; expires?: string } = {}): Envelope<GetTicket> {
  return signAsNode<GetTicket>(
    {
      type: "get.ticket",
      chain_id: CHAIN_ID,
      nonce: newNonce(),
      expires: opts.expires ?? expiresIn(300),
      cid: f.cid,
      slice_index: String(f.index ?? 0),
      slice_root: f.root,
      slice_size: String(f.size),
      node: f.node,
      wallet: wallet.address,
      download_id: "down-1",
    },
    opts.signer ?? metaKey,
  );
}

export function receipt(node: string, cid: string, ticketNonce: string, bytes: number, signer: WalletKey = wallet): Envelope<Receipt> {
  return signAsWallet<Receipt>(
    { type: "receipt", chain_id: CHAIN_ID, nonce: newNonce(), expires: expiresIn(300), node, cid, slice_index: "0", bytes: String(bytes), ticket_nonce: ticketNonce, epoch_hint: "1" },
    signer,
  );
}

export function repairOrder(f: SliceFields & { source: string; sourceUrl: string; target: string }, signer: NodeKey = metaKey): Envelope<RepairOrder> {
  return signAsNode<RepairOrder>(
    {
      type: "repair.order",
      chain_id: CHAIN_ID,
      nonce: newNonce(),
      expires: expiresIn(300),
      cid: f.cid,
      slice_index: String(f.index ?? 0),
      slice_root: f.root,
      slice_size: String(f.size),
      source: f.source,
      source_url: f.sourceUrl,
      target: f.target,
      get_ticket: getTicket({ ...f, node: f.source }),
    },
    signer,
  );
}

/** PUTs bytes with a ticket; returns status and parsed JSON. */
export async function put(url: string, cid: string, index: number | string, body: Uint8Array, ticket: Envelope<unknown> | string | undefined, contentType = "application/octet-stream"): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": contentType };
  if (ticket !== undefined) headers["x-stratos-ticket"] = typeof ticket === "string" ? ticket : encodeEnvelopeHeader(ticket);
  const res = await fetch(`${url}/v1/slices/${cid}/${index}`, { method: "PUT", headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** GETs a slice with a ticket; returns status, headers and bytes (or JSON on error). */
export async function get(url: string, cid: string, index: number, ticket: Envelope<unknown>, range?: string): Promise<{ status: number; bytes: Buffer; json: Record<string, unknown> | undefined; headers: Headers }> {
  const headers: Record<string, string> = { "x-stratos-ticket": encodeEnvelopeHeader(ticket) };
  if (range) headers["range"] = range;
  const res = await fetch(`${url}/v1/slices/${cid}/${index}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get("content-type")?.includes("json") ? (JSON.parse(bytes.toString()) as Record<string, unknown>) : undefined;
  return { status: res.status, bytes, json, headers: res.headers };
}

/** Waits until `cond()` holds (polling), or fails after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every file under `dir` (not folders), as paths relative to it, sorted; none when `dir` is missing. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  }
  await walk(dir, "");
  return out.sort();
}

/**
 * Every file under `dir` as `relative/path size sha256-prefix`, sorted: compare two snapshots to
 * prove a run of bad requests changed nothing on disk.
 */
export async function diskSnapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of await filesUnder(dir)) {
    const bytes = await readFile(join(dir, f));
    out.push(`${f} ${bytes.length} ${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}`);
  }
  return out;
}
