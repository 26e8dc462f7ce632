import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  SLICE_SIZE,
  cidFromRoot,
  newNonce,
  nodeKeyFromSeed,
  signAsNode,
  signAsWallet,
  walletKeyFromPrivateKey,
  type BasePayload,
  type Envelope,
  type NodeKey,
  type WalletKey,
} from "@stratos/sdk";
import type { MetaNodeConfigInput } from "./config";
import { startMetaNode, type MetaNodeHandle } from "./index";
import type { RepairTransport } from "./repair";
import { InMemoryChain } from "./test-chain";

/** Test fixtures: deterministic keys, a fake clock, an in-memory chain and a started meta node. */

export const CHAIN_ID = "stratos-test";

export function seed(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

export function walletKey(n: number): WalletKey {
  return walletKeyFromPrivateKey(seed(n));
}

export function nodeKey(n: number): NodeKey {
  return nodeKeyFromSeed(seed(n));
}

export function randomCid(): string {
  return cidFromRoot(Uint8Array.from(Buffer.from(newNonce() + newNonce(), "hex")));
}

export function hex32(): string {
  return newNonce() + newNonce();
}

export class FakeClock {
  constructor(public ms = Date.now()) {}
  now = (): number => this.ms;
  seconds(): bigint {
    return BigInt(Math.floor(this.ms / 1000));
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A payload of `type` with chain id, fresh nonce and an expiry `ttl` seconds after the clock. */
export function payload<T extends Record<string, unknown>>(clock: FakeClock, type: string, fields: T, ttl = 300): T & BasePayload {
  return { type, chain_id: CHAIN_ID, nonce: newNonce(), expires: (clock.seconds() + BigInt(ttl)).toString(), ...fields };
}

export function asWallet<T extends Record<string, unknown>>(clock: FakeClock, key: WalletKey, type: string, fields: T, ttl = 300): Envelope<T & BasePayload> {
  return signAsWallet(payload(clock, type, fields, ttl), key);
}

export function asNode<T extends Record<string, unknown>>(clock: FakeClock, key: NodeKey, type: string, fields: T, ttl = 300): Envelope<T & BasePayload> {
  return signAsNode(payload(clock, type, fields, ttl), key);
}

export interface Harness {
  node: MetaNodeHandle;
  chain: InMemoryChain;
  clock: FakeClock;
  dir: string;
  metaKey: NodeKey;
  owner: string;
  /** Resource node keys registered on chain (owner wallets: `st` of walletKey(100 + i)). */
  rnKeys: NodeKey[];
  close(): Promise<void>;
}

/** Starts a meta node over an InMemoryChain (background loops off; drive them by hand). */
export async function startHarness(opts: { rnCount?: number; config?: Partial<MetaNodeConfigInput>; dir?: string; chain?: InMemoryChain; clock?: FakeClock; repairTransport?: RepairTransport } = {}): Promise<Harness> {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), "meta-node-"));
  const owner = walletKey(90).address;
  const metaKey = nodeKey(1);
  const chain = opts.chain ?? new InMemoryChain(owner, { epochLength: 10, height: 0 });
  chain.addMetaNode(metaKey.address, owner);
  const rnKeys = Array.from({ length: opts.rnCount ?? 4 }, (_, i) => nodeKey(10 + i));
  rnKeys.forEach((k, i) => chain.addResourceNode(k.address, walletKey(100 + i).address));
  if (chain.heightValue === 0) chain.advance(1);
  const clock = opts.clock ?? new FakeClock();
  const node = await startMetaNode(
    {
      dataDir: dir,
      chainId: CHAIN_ID,
      rpcUrl: "http://127.0.0.1:1",
      p2pKey: Buffer.from(seed(1)).toString("hex"),
      ownerMnemonic: "unused in tests",
      completeWaitMs: 50,
      heartbeatIntervalSeconds: 10,
      ...opts.config,
    },
    { gateway: chain, now: clock.now, background: false, ...(opts.repairTransport ? { repairTransport: opts.repairTransport } : {}) },
  );
  return {
    node,
    chain,
    clock,
    dir,
    metaKey,
    owner,
    rnKeys,
    close: async () => {
      await node.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON through fastify inject; answers status and parsed body. */
export async function post(h: Harness, url: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await h.node.app.inject({ method: "POST", url, payload: body as object });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
}

export async function get(h: Harness, url: string): Promise<{ status: number; body: any }> {
  const r = await h.node.app.inject({ method: "GET", url });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
}

/** Sends a heartbeat for each resource node (capacity in bytes). */
export async function heartbeatAll(h: Harness, capacity: (i: number) => bigint = () => 1n << 40n): Promise<void> {
  for (const [i, k] of h.rnKeys.entries()) {
    const r = await post(h, "/v1/heartbeats", asNode(h.clock, k, "heartbeat", { node: k.address, url: `http://rn${i}.test:1800${i}`, capacity_bytes: capacity(i).toString(), used_bytes: "0", slices: "0" }, 60));
    if (r.status !== 200) throw new Error(`heartbeat ${i}: ${JSON.stringify(r.body)}`);
  }
}

/** An upload request for `size` bytes (random CID and slice roots), signed by `key`. */
export function uploadRequest(h: Harness, key: WalletKey, size: bigint, replicas = 3) {
  const count = Number((size + BigInt(SLICE_SIZE) - 1n) / BigInt(SLICE_SIZE));
  return asWallet(h.clock, key, "upload.request", {
    cid: randomCid(),
    size: size.toString(),
    chunk_size: "262144",
    slice_roots: Array.from({ length: count }, () => hex32()),
    replicas: String(replicas),
    name: "f.bin",
  });
}

/**
 * Uploads a file end to end: the request, an ack from every placed node, the completion by `key`.
 * Throws on any answer that is not 200 (acks must answer `{ ok: true }`).
 */
export async function uploadFile(h: Harness, key: WalletKey, size: bigint, replicas = 3) {
  const ok = (what: string, r: { status: number; body: any }) => {
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const req = uploadRequest(h, key, size, replicas);
  const upload = ok("upload request", await post(h, "/v1/uploads", req));
  for (const pl of upload.placements) {
    for (const holder of pl.holders) {
      const k = h.rnKeys.find((x) => x.address === holder.node)!;
      const t = holder.ticket.payload;
      const ack = ok("ack", await post(h, "/v1/acks", asNode(h.clock, k, "stored.ack", { cid: t.cid, slice_index: t.slice_index, slice_root: t.slice_root, slice_size: t.slice_size, node: k.address, upload_id: t.upload_id })));
      if (ack?.ok !== true) throw new Error(`ack answered ${JSON.stringify(ack)}`);
    }
  }
  const done = ok("upload complete", await post(h, `/v1/uploads/${upload.upload_id}/complete`, asWallet(h.clock, key, "upload.complete", { upload_id: upload.upload_id, cid: req.payload.cid })));
  return { cid: req.payload.cid, upload, done };
}
