import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  chunkLeavesOf,
  decodeEnvelopeHeader,
  expiresIn,
  merkleRootOfLeaves,
  newNonce,
  rootFromCid,
  signAsNode,
  sliceCount,
  sliceRange,
  unixNow,
  verifyEnvelope,
  type Envelope,
} from "../../mesh";
import { nodeKeyFromSeed, type NodeKey } from "../../nodes/node-key";

const nodeKeyFromSeedForTests = (n: number): NodeKey => nodeKeyFromSeed(new Uint8Array(32).fill(n));

/**
 * How a fake resource node misbehaves.
 *
 * @example
 * fake.nodes[0]!.mode = "corrupt";
 */
export type FakeNodeMode = "ok" | "corrupt" | "slow" | "short" | "fail500";

/**
 * An in-process resource node for unit tests: stores slices in memory, checks tickets and slice
 * roots, serves slices (or misbehaves per `mode`) and records receipts.
 *
 * @example
 * const n = fake.nodes[0]!; n.mode = "slow"; console.log(n.receipts.length);
 */
export interface FakeNode {
  readonly key: NodeKey;
  url: string;
  mode: FakeNodeMode;
  /** PUTs to refuse with 500 before accepting (counts down). */
  failPuts: number;
  /** Refuse PUTs with 401 bad_ticket (permanent). */
  refusePuts: boolean;
  readonly slices: Map<string, Buffer>;
  readonly receipts: Envelope<Record<string, unknown>>[];
  puts: number;
  gets: number;
  readonly server: http.Server;
}

interface FakeFile {
  cid: string;
  owner: string;
  size: bigint;
  sliceRoots: string[];
  leaves?: string[];
  replicas: number;
  name?: string;
  holders: Map<number, string[]>;
  uploadId: string;
}

/**
 * Options of {@link startFakeMesh}.
 *
 * @example
 * const fake = await startFakeMesh({ nodes: 3, sendLeaves: true, balance: 10n ** 9n });
 */
export interface FakeMeshOptions {
  readonly nodes?: number;
  readonly chainId?: string;
  /** Include every chunk leaf in download answers. */
  readonly sendLeaves?: boolean;
  /** Initial ozone balance (noz) of every wallet. */
  readonly balance?: bigint;
}

/**
 * A fake meta node plus resource nodes on 127.0.0.1 (port 0), enough of PROTOCOL.md for SDK unit
 * tests. Stop it with `close()`.
 *
 * @example
 * const fake = await startFakeMesh({ nodes: 2 });
 * const mesh = new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet });
 * await fake.close();
 */
export interface FakeMesh {
  readonly metaUrl: string;
  readonly chainId: string;
  readonly metaKey: NodeKey;
  readonly nodes: FakeNode[];
  readonly files: Map<string, FakeFile>;
  readonly balances: Map<string, bigint>;
  /** Next answers' merkle_root (to simulate a lying meta node). */
  lieAboutRoot: boolean;
  sendLeaves: boolean;
  /** Order download holders by this list of node indices, when set. */
  holderOrder: number[] | undefined;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/**
 * Starts a fake mesh (see {@link FakeMesh}).
 *
 * @example
 * const fake = await startFakeMesh();
 */
export async function startFakeMesh(opts: FakeMeshOptions = {}): Promise<FakeMesh> {
  const chainId = opts.chainId ?? "stratos-test";
  const metaKey = nodeKeyFromSeedForTests(200);
  const files = new Map<string, FakeFile>();
  const uploads = new Map<string, { file: FakeFile; acked: Set<string>; tickets: Map<string, Envelope<Record<string, unknown>>> }>();
  const balances = new Map<string, bigint>();
  const balanceOf = (w: string) => balances.get(w) ?? opts.balance ?? 10n ** 12n;
  let seq = 0;
  const nodes: FakeNode[] = [];

  const ticketFor = (type: "put.ticket" | "get.ticket", file: FakeFile, sliceIndex: number, node: FakeNode, wallet: string, idField: Record<string, string>) =>
    signAsNode(
      {
        type,
        chain_id: chainId,
        nonce: newNonce(),
        expires: expiresIn(300),
        cid: file.cid,
        slice_index: String(sliceIndex),
        slice_root: file.sliceRoots[sliceIndex]!,
        slice_size: String(sliceRange(file.size, sliceIndex).size),
        node: node.key.address,
        wallet,
        ...idField,
      },
      metaKey,
    ) as unknown as Envelope<Record<string, unknown>>;

  const fake: FakeMesh = {
    metaUrl: "",
    chainId,
    metaKey,
    nodes,
    files,
    balances,
    lieAboutRoot: false,
    sendLeaves: opts.sendLeaves ?? false,
    holderOrder: undefined,
    close: async () => {
      await Promise.all([meta, ...nodes.map((n) => n.server)].map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
    },
  };

  for (let i = 0; i < (opts.nodes ?? 3); i++) {
    const key = nodeKeyFromSeedForTests(i + 1);
    const node: FakeNode = { key, url: "", mode: "ok", failPuts: 0, refusePuts: false, slices: new Map(), receipts: [], puts: 0, gets: 0, server: undefined as unknown as http.Server };
    const server = http.createServer((req, res) => {
      void (async () => {
        const m = /^\/v1\/slices\/([^/]+)\/(\d+)$/.exec(req.url ?? "");
        if (req.method === "PUT" && m) {
          node.puts++;
          const body = await readBody(req);
          if (node.refusePuts) return send(res, 401, { code: "bad_ticket", message: "refused" });
          if (node.failPuts > 0) {
            node.failPuts--;
            return send(res, 500, { code: "disk_full", message: "try later" });
          }
          const env = decodeEnvelopeHeader(req.headers["x-stratos-ticket"] as string);
          const t = verifyEnvelope<Record<string, string>>(env, { chainId, nowSeconds: unixNow(), kind: "node", type: "put.ticket", expectedSigner: metaKey.address });
          if (t["node"] !== key.address || t["cid"] !== m[1] || t["slice_index"] !== m[2]) return send(res, 401, { code: "bad_ticket", message: "not for this" });
          const root = Buffer.from(merkleRootOfLeaves(chunkLeavesOf(body))).toString("hex");
          if (root !== t["slice_root"]) return send(res, 422, { code: "hash_mismatch", message: "slice root" });
          node.slices.set(`${m[1]}/${m[2]}`, body);
          const up = uploads.get(t["upload_id"]!);
          up?.acked.add(`${m[2]}\u0000${key.address}`);
          const ack = signAsNode({ type: "stored.ack", chain_id: chainId, nonce: newNonce(), expires: expiresIn(300), cid: m[1]!, slice_index: m[2]!, slice_root: root, slice_size: String(body.length), node: key.address, upload_id: t["upload_id"]! }, key);
          return send(res, 200, ack);
        }
        if (req.method === "GET" && m) {
          node.gets++;
          const env = decodeEnvelopeHeader(req.headers["x-stratos-ticket"] as string);
          const t = verifyEnvelope<Record<string, string>>(env, { chainId, nowSeconds: unixNow(), kind: "node", type: "get.ticket", expectedSigner: metaKey.address });
          if (t["node"] !== key.address) return send(res, 401, { code: "bad_ticket", message: "not for this node" });
          const stored = node.slices.get(`${m[1]}/${m[2]}`);
          if (!stored) return send(res, 404, { code: "not_found", message: "no slice" });
          if (node.mode === "fail500") return send(res, 500, { code: "corrupt", message: "quarantined" });
          if (node.mode === "slow") {
            res.writeHead(200, { "content-type": "application/octet-stream" });
            res.write(stored.subarray(0, 10));
            return; // stall forever
          }
          let out = stored;
          if (node.mode === "corrupt") {
            out = Buffer.from(stored);
            out[out.length - 1] = out[out.length - 1]! ^ 0xff;
          }
          if (node.mode === "short") out = stored.subarray(0, stored.length - 1);
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(out.length) });
          return res.end(out);
        }
        if (req.method === "POST" && req.url === "/v1/receipts") {
          const body = JSON.parse((await readBody(req)).toString()) as { receipts: Envelope<Record<string, unknown>>[] };
          node.receipts.push(...body.receipts);
          return send(res, 200, { accepted: body.receipts.length, rejected: [] });
        }
        return send(res, 404, { code: "not_found", message: "no route" });
      })().catch((e: unknown) => send(res, 400, { code: (e as { code?: string }).code ?? "bad_request", message: String(e) }));
    });
    node.url = await listen(server);
    (node as { server: http.Server }).server = server;
    nodes.push(node);
  }

  const meta = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const p = url.pathname;
      if (req.method === "GET" && p === "/v1/status") return send(res, 200, { address: metaKey.address, chain_id: chainId, height: 10, epoch: 3, nodes: [] });
      if (req.method === "GET" && p.startsWith("/v1/ozone/")) {
        const w = decodeURIComponent(p.slice("/v1/ozone/".length));
        return send(res, 200, { wallet: w, balance_noz: String(balanceOf(w)), prepaid_noz: "0", spent_noz: "0" });
      }
      if (req.method === "POST" && p === "/v1/uploads") {
        const env = JSON.parse((await readBody(req)).toString()) as unknown;
        const r = verifyEnvelope<Record<string, unknown>>(env, { chainId, nowSeconds: unixNow(), kind: "wallet", type: "upload.request" });
        const wallet = (env as Envelope<unknown>).signer.address;
        const size = BigInt(r["size"] as string);
        const replicas = Number(r["replicas"]);
        const need = size * BigInt(replicas);
        if (balanceOf(wallet) < need) return send(res, 402, { code: "ozone_insufficient", message: "buy ozone", need_noz: String(need), balance_noz: String(balanceOf(wallet)) });
        balances.set(wallet, balanceOf(wallet) - need);
        const uploadId = `u${++seq}`;
        const file: FakeFile = { cid: r["cid"] as string, owner: wallet, size, sliceRoots: r["slice_roots"] as string[], replicas, name: r["name"] as string | undefined, holders: new Map(), uploadId };
        const tickets = new Map<string, Envelope<Record<string, unknown>>>();
        const placements = file.sliceRoots.map((_r, i) => {
          const chosen = Array.from({ length: replicas }, (_x, k) => nodes[(i + k) % nodes.length]!);
          file.holders.set(i, chosen.map((n) => n.key.address));
          return {
            slice_index: i,
            holders: chosen.map((n) => {
              const ticket = ticketFor("put.ticket", file, i, n, wallet, { upload_id: uploadId });
              tickets.set(`${i}\u0000${n.key.address}`, ticket);
              return { node: n.key.address, url: n.url, ticket };
            }),
          };
        });
        uploads.set(uploadId, { file, acked: new Set(), tickets });
        return send(res, 200, { upload_id: uploadId, cost_noz: String(need), placements });
      }
      let m = /^\/v1\/uploads\/([^/]+)$/.exec(p);
      if (req.method === "GET" && m) {
        const up = uploads.get(m[1]!);
        if (!up) return send(res, 404, { code: "not_found", message: "no upload" });
        const acked = [...up.acked].map((k) => ({ slice_index: Number(k.split("\u0000")[0]), node: k.split("\u0000")[1]! }));
        const missing = [...up.tickets.entries()]
          .filter(([k]) => !up.acked.has(k))
          .map(([k, t]) => {
            const [si, addr] = k.split("\u0000") as [string, string];
            const n = nodes.find((x) => x.key.address === addr)!;
            const fresh = ticketFor("put.ticket", up.file, Number(si), n, up.file.owner, { upload_id: m![1]! });
            void t;
            return { slice_index: Number(si), node: addr, url: n.url, ticket: fresh };
          });
        return send(res, 200, { upload_id: m[1], cid: up.file.cid, acked, missing });
      }
      m = /^\/v1\/uploads\/([^/]+)\/complete$/.exec(p);
      if (req.method === "POST" && m) {
        const env = JSON.parse((await readBody(req)).toString()) as unknown;
        verifyEnvelope(env, { chainId, nowSeconds: unixNow(), kind: "wallet", type: "upload.complete" });
        const up = uploads.get(m[1]!);
        if (!up) return send(res, 404, { code: "not_found", message: "no upload" });
        if (up.acked.size !== up.tickets.size) return send(res, 409, { code: "bad_request", message: "not every slice is acked" });
        files.set(up.file.cid, up.file);
        return send(res, 200, { cid: up.file.cid, tx_hash: "AB".repeat(32), height: 42 });
      }
      if (req.method === "POST" && p === "/v1/downloads") {
        const env = JSON.parse((await readBody(req)).toString()) as unknown;
        const r = verifyEnvelope<Record<string, unknown>>(env, { chainId, nowSeconds: unixNow(), kind: "wallet", type: "download.request" });
        const wallet = (env as Envelope<unknown>).signer.address;
        const file = files.get(r["cid"] as string);
        if (!file) return send(res, 404, { code: "not_found", message: "unknown cid" });
        const range = r["range"] as { start: string; end: string } | undefined;
        const slices: unknown[] = [];
        const downloadId = `d${++seq}`;
        for (let i = 0; i < sliceCount(file.size); i++) {
          const { start, end } = sliceRange(file.size, i);
          if (range && (BigInt(range.end) < start || BigInt(range.start) >= end)) continue;
          let holders = (file.holders.get(i) ?? []).map((a) => nodes.find((n) => n.key.address === a)!);
          if (fake.holderOrder) holders = fake.holderOrder.map((k) => nodes[k]!).filter((n) => holders.includes(n));
          slices.push({
            slice_index: i,
            slice_root: file.sliceRoots[i],
            slice_size: sliceRange(file.size, i).size,
            holders: holders.map((n) => ({ node: n.key.address, url: n.url, ticket: ticketFor("get.ticket", file, i, n, wallet, { download_id: downloadId }) })),
          });
        }
        const root = Buffer.from(rootFromCid(file.cid)).toString("hex");
        return send(res, 200, {
          download_id: downloadId,
          size: file.size.toString(),
          chunk_size: "262144",
          merkle_root: fake.lieAboutRoot ? "00".repeat(32) : root,
          ...(fake.sendLeaves && file.leaves ? { leaves: file.leaves } : {}),
          slices,
        });
      }
      if (req.method === "GET" && p === "/v1/files") {
        const owner = url.searchParams.get("owner");
        return send(res, 200, { files: [...files.values()].filter((f) => f.owner === owner).map(recordOf) });
      }
      m = /^\/v1\/files\/([^/]+)$/.exec(p);
      if (req.method === "GET" && m) {
        const f = files.get(decodeURIComponent(m[1]!));
        return f ? send(res, 200, recordOf(f)) : send(res, 404, { code: "not_found", message: "unknown cid" });
      }
      return send(res, 404, { code: "not_found", message: "no route" });
    })().catch((e: unknown) => send(res, (e as { status?: number }).status ?? 400, { code: (e as { code?: string }).code ?? "bad_request", message: String(e) }));
  });
  const recordOf = (f: FakeFile) => ({
    cid: f.cid,
    owner: f.owner,
    size: f.size.toString(),
    chunk_size: "262144",
    merkle_root: Buffer.from(rootFromCid(f.cid)).toString("hex"),
    slice_count: f.sliceRoots.length,
    replicas: f.replicas,
    height: 42,
    name: f.name,
    slices: f.sliceRoots.map((r, i) => ({ slice_index: i, slice_root: r, holders: (f.holders.get(i) ?? []).map((node) => ({ node, healthy: true })) })),
  });
  (fake as { metaUrl: string }).metaUrl = await listen(meta);
  return fake;
}

/**
 * Gives a stored file its chunk leaves (hex), so download answers can carry them.
 *
 * @example
 * setFakeLeaves(fake, cid, hashBytes(data).leaves);
 */
export function setFakeLeaves(fake: FakeMesh, cid: string, leaves: readonly Uint8Array[]): void {
  const f = fake.files.get(cid);
  if (f) f.leaves = leaves.map((l) => Buffer.from(l).toString("hex"));
}

