/**
 * Storage mesh throughput and memory, against plain HTTP on the same machine in the same run.
 *
 * Starts a chain (CometBFT + our app), the meta node and five resource nodes as separate processes
 * (the localnet's code and keys) and, beside them, five bare `node:http` blob servers
 * (bench/plain-http-server.ts, one process each). Then, with a random file of BENCH_MESH_MIB MiB
 * (default 256):
 *   - mesh upload through `MeshClient.upload` (hashing pass, placement, slices to
 *     BENCH_MESH_REPLICAS holders each (default 3), completion with the on-chain record and its
 *     check), vs the same 8 MiB slices PUT to the plain servers, same replica count;
 *   - mesh download through `MeshClient.downloadToFile` (every chunk verified against the CID),
 *     vs GETs of the same slices from the plain servers into a file, in order;
 * both sides with the SDK's parallelism (MeshClient's default, 4 slices; BENCH_MESH_CONCURRENCY).
 * MB/s is file bytes (10^6) per wall-clock second; peak RSS of this process is sampled every 50 ms.
 */
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MeshClient, SLICE_SIZE, StratosClient, walletFromMnemonic, walletKeyFromMnemonic, type UploadProgress } from "@stratos/sdk";
import { DaemonProcess, freePorts, LocalMesh, loadNodeKeys, REPO_ROOT } from "../localnet/lib";
import { startTestnet, type Testnet } from "../chain/test/helpers/testnet";
import { Progress } from "./progress";
import { num, table, withPeakRss } from "./report";

const MiB = 1024 * 1024;
const STOS = 10n ** 18n;
/** MeshClient's default `concurrency` (slices moved in parallel); see sdk/src/storage/mesh-client.ts. */
const SDK_DEFAULT_CONCURRENCY = 4;
const PLAIN_SERVER = path.join(REPO_ROOT, "bench", "plain-http-server.ts");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`  ${s}\n`);


/** Runs `worker` over `items`, at most `limit` at a time (as the SDK's pool does). */
async function pool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await worker(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/** Writes `bytes` random bytes to `file`, 8 MiB at a time (never the whole file in memory). */
async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  for (let off = 0; off < bytes; off += SLICE_SIZE) {
    if (!out.write(randomBytes(Math.min(SLICE_SIZE, bytes - off)))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const part of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(part as Buffer);
  return h.digest("hex");
}

function sliceBounds(size: number): { index: number; start: number; end: number }[] {
  const out: { index: number; start: number; end: number }[] = [];
  for (let start = 0, index = 0; start < size; start += SLICE_SIZE, index++) out.push({ index, start, end: Math.min(size, start + SLICE_SIZE) });
  return out;
}

const agent = new http.Agent({ keepAlive: true });

/** One plain HTTP exchange; resolves with the answer body (GET) or nothing (PUT). */
function plainRequest(method: "PUT" | "GET", url: string, body?: NodeJS.ReadableStream, length?: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: length === undefined ? {} : { "content-type": "application/octet-stream", "content-length": String(length) } });
    req.on("error", reject);
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (b: Buffer) => parts.push(b));
      res.on("error", reject);
      res.on("end", () => {
        const all = Buffer.concat(parts);
        if (res.statusCode !== 200) reject(new Error(`${method} ${url}: ${res.statusCode} ${all.toString("utf8").slice(0, 200)}`));
        else resolve(all);
      });
    });
    if (body) {
      body.on("error", reject);
      body.pipe(req);
    } else req.end();
  });
}

/** The plain baseline upload: every slice to `replicas` servers (round robin), `concurrency` PUTs at a time, streamed from the file. */
async function plainUpload(file: string, size: number, urls: readonly string[], replicas: number, concurrency: number): Promise<void> {
  const jobs = sliceBounds(size).flatMap((s) => Array.from({ length: replicas }, (_, r) => ({ ...s, url: urls[(s.index + r) % urls.length]! })));
  const progress = new Progress("plain upload: MiB sent", Math.round((size * replicas) / MiB));
  let sent = 0;
  await pool(jobs, concurrency, async (j) => {
    await plainRequest("PUT", `${j.url}/slices/s${j.index}`, createReadStream(file, { start: j.start, end: j.end - 1, highWaterMark: 1 << 20 }), j.end - j.start);
    sent += j.end - j.start;
    progress.update(Math.round(sent / MiB));
  });
  progress.done();
}

/** The plain baseline download: every slice from its first server, `concurrency` in flight, written to `out` in order. */
async function plainDownload(size: number, urls: readonly string[], concurrency: number, outFile: string): Promise<void> {
  const slices = sliceBounds(size);
  const out = createWriteStream(outFile);
  const progress = new Progress("plain download: MiB", Math.round(size / MiB));
  const started: Promise<Buffer>[] = [];
  const start = (k: number) => {
    const s = slices[k]!;
    const p = plainRequest("GET", `${urls[s.index % urls.length]!}/slices/s${s.index}`);
    p.catch(() => {});
    started[k] = p;
  };
  for (let k = 0; k < Math.min(concurrency, slices.length); k++) start(k);
  let got = 0;
  for (let k = 0; k < slices.length; k++) {
    const body = await started[k]!;
    delete started[k];
    if (k + concurrency < slices.length) start(k + concurrency);
    if (body.length !== slices[k]!.end - slices[k]!.start) throw new Error(`plain GET of slice ${k}: ${body.length} bytes`);
    got += body.length;
    progress.update(Math.round(got / MiB));
    if (!out.write(body)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  progress.done();
}

/** Waits until the meta node has credited at least `noz` ozone to the client's wallet. */
async function waitForOzone(client: MeshClient, noz: bigint, timeoutMs = 90_000): Promise<bigint> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const o = await client.ozone().catch(() => undefined);
    if (o && o.balance_noz >= noz) return o.balance_noz;
    if (Date.now() > end) throw new Error(`the meta node did not credit ${noz} noz within ${timeoutMs} ms`);
    await sleep(300);
  }
}

/** The mesh section of `make bench` (BENCH_MESH_MIB, BENCH_MESH_REPLICAS, BENCH_MESH_CONCURRENCY). */
export async function runMeshBench(): Promise<void> {
  const mib = num("BENCH_MESH_MIB", 256);
  const replicas = num("BENCH_MESH_REPLICAS", 3);
  const concurrency = num("BENCH_MESH_CONCURRENCY", SDK_DEFAULT_CONCURRENCY);
  const size = Math.round(mib * MiB);
  console.log(`\n## Storage mesh: ${mib} MiB random file, ${replicas} replicas, 5 resource nodes, ${concurrency} slices in parallel\n`);

  const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-mesh-bench-"));
  const input = path.join(dir, "input.bin");
  let net: Testnet | undefined;
  let mesh: LocalMesh | undefined;
  const plain: DaemonProcess[] = [];
  try {
    log(`writing ${mib} MiB of random bytes to ${input}`);
    await writeRandomFile(input, size);
    const inputSha = await sha256File(input);

    log("starting the chain, the meta node, 5 resource nodes and 5 plain HTTP servers");
    const nodes = loadNodeKeys();
    net = await startTestnet({ chainId: "stratos-mesh-bench", stratos: { nodes } });
    const resourceCount = nodes.filter((n) => n.role === "resource").length;
    const ports = await freePorts(1 + 2 * resourceCount);
    mesh = new LocalMesh({
      dir: path.join(dir, "mesh"),
      chainId: net.chainId,
      rpcUrl: net.rpcUrl,
      nodes,
      ports: { meta: ports[0]!, resources: ports.slice(1, 1 + resourceCount) },
      capacityBytes: BigInt(Math.max(2 * 1024 * MiB, 2 * size * replicas)),
      output: { logDir: path.join(dir, "logs") },
    });
    const plainUrls = ports.slice(1 + resourceCount).map((p) => `http://127.0.0.1:${p}`);
    plainUrls.forEach((url, i) => {
      const port = ports[1 + resourceCount + i]!;
      plain.push(
        new DaemonProcess({
          name: `plain-${i + 1}`,
          script: PLAIN_SERVER,
          args: ["--port", String(port), "--dir", path.join(dir, `plain-${i + 1}`)],
          readyUrl: `${url}/status`,
          output: { logDir: path.join(dir, "logs") },
        }),
      );
    });
    await Promise.all([mesh.start(), ...plain.map((p) => p.start())]);

    const mnemonic = net.accounts[0]!.mnemonic;
    const chain = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(mnemonic), pollIntervalMs: 200 });
    const client = new MeshClient({ metaUrl: mesh.metaUrl, chainId: net.chainId, wallet: await walletKeyFromMnemonic(mnemonic), chain, concurrency });
    const need = BigInt(size) * BigInt(replicas + 2);
    log(`prepaying 100 STOS of ozone (need ~${need} noz)`);
    await chain.prepay(100n * STOS);
    await waitForOzone(client, need);

    // ---- uploads
    log("mesh upload");
    const upProgress = new Progress("mesh upload: MiB sent (all replicas)", Math.round((size * replicas) / MiB));
    let tFirstEvent: number | undefined;
    let tAllStored: number | undefined;
    const t0 = performance.now();
    const up = await withPeakRss(() =>
      client.upload(input, {
        replicas,
        onProgress: (e: UploadProgress) => {
          const now = performance.now();
          tFirstEvent ??= now; // the first event comes after hashing and placement
          if (e.slicesDone === e.sliceCount) tAllStored ??= now;
          upProgress.update(Math.round(e.bytesSent / MiB));
        },
      }),
    );
    upProgress.done();
    const hashSeconds = ((tFirstEvent ?? t0) - t0) / 1000;
    const transferSeconds = tFirstEvent !== undefined && tAllStored !== undefined ? (tAllStored - tFirstEvent) / 1000 : undefined;
    const completeSeconds = tAllStored !== undefined ? up.seconds - ((tAllStored - t0) / 1000) : undefined;
    log(`uploaded ${up.value.cid} (tx ${up.value.txHash} at height ${up.value.height})`);

    log("plain HTTP upload");
    const plainUp = await withPeakRss(() => plainUpload(input, size, plainUrls, replicas, concurrency));

    // ---- downloads
    log("mesh download (every chunk verified against the CID)");
    const meshOut = path.join(dir, "mesh-out.bin");
    const downProgress = new Progress("mesh download: MiB", Math.round(size / MiB));
    const down = await withPeakRss(() => client.downloadToFile(up.value.cid, meshOut, { onProgress: (e) => downProgress.update(Math.round(e.bytesReceived / MiB)) }));
    downProgress.done();
    if (down.value.bytes !== size || (await sha256File(meshOut)) !== inputSha) throw new Error("the mesh download does not match the input");
    rmSync(meshOut, { force: true });

    log("plain HTTP download");
    const plainOut = path.join(dir, "plain-out.bin");
    const plainDown = await withPeakRss(() => plainDownload(size, plainUrls, concurrency, plainOut));
    if (statSync(plainOut).size !== size || (await sha256File(plainOut)) !== inputSha) throw new Error("the plain download does not match the input");
    rmSync(plainOut, { force: true });

    // ---- report
    const mbps = (s: number) => size / 1e6 / s;
    const f = (x: number, d = 2) => x.toFixed(d);
    const mibStr = f(size / MiB, 0);
    const rows: string[][] = [["op", "MiB", "seconds", "MB/s", "reference MB/s", "ratio"]];
    rows.push([`plain HTTP PUT x${replicas} (reference)`, mibStr, f(plainUp.seconds), f(mbps(plainUp.seconds), 1), f(mbps(plainUp.seconds), 1), "1.00"]);
    rows.push([`mesh upload x${replicas} (hash + transfer + on-chain record)`, mibStr, f(up.seconds), f(mbps(up.seconds), 1), f(mbps(plainUp.seconds), 1), f(plainUp.seconds / up.seconds)]);
    if (transferSeconds !== undefined) {
      rows.push([`mesh upload x${replicas}, transfer only`, mibStr, f(transferSeconds), f(mbps(transferSeconds), 1), f(mbps(plainUp.seconds), 1), f(plainUp.seconds / transferSeconds)]);
    }
    rows.push(["plain HTTP GET (reference)", mibStr, f(plainDown.seconds), f(mbps(plainDown.seconds), 1), f(mbps(plainDown.seconds), 1), "1.00"]);
    rows.push(["mesh download, verified, to file", mibStr, f(down.seconds), f(mbps(down.seconds), 1), f(mbps(plainDown.seconds), 1), f(plainDown.seconds / down.seconds)]);
    console.log(table(rows));
    console.log(
      `\nmesh upload phases: hashing + placement ${f(hashSeconds)} s, slices to holders ${transferSeconds === undefined ? "?" : f(transferSeconds)} s, ` +
        `completion + on-chain record + check ${completeSeconds === undefined ? "?" : f(completeSeconds)} s`,
    );
    const m = (b: number) => `${f(b / MiB, 0)} MiB`;
    console.log(`\npeak RSS of the bench process (file ${m(size)}):`);
    console.log(
      table([
        ["op", "RSS before", "peak RSS", "peak - before"],
        ["mesh upload", m(up.rssBefore), m(up.rssPeak), m(up.rssPeak - up.rssBefore)],
        ["plain HTTP upload", m(plainUp.rssBefore), m(plainUp.rssPeak), m(plainUp.rssPeak - plainUp.rssBefore)],
        ["mesh download", m(down.rssBefore), m(down.rssPeak), m(down.rssPeak - down.rssBefore)],
        ["plain HTTP download", m(plainDown.rssBefore), m(plainDown.rssPeak), m(plainDown.rssPeak - plainDown.rssBefore)],
      ]),
    );
    console.log("\ntarget: ratio >= 0.5; peak RSS bounded (well below the file size)");
  } finally {
    agent.destroy();
    await Promise.allSettled(plain.map((p) => p.stop()));
    await mesh?.stop().catch(() => undefined);
    await net?.stop().catch(() => undefined);
    if (!process.env["KEEP_TESTNET"]) rmSync(dir, { recursive: true, force: true });
  }
}
