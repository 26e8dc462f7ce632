import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { StratosClient } from "../client/stratos-client";
import { CHUNK_SIZE, SLICE_SIZE, hashBytes, verifyEnvelope, unixNow, walletKeyFromPrivateKey, type Receipt, type WalletKey } from "../mesh";
import { IntegrityError, MeshAbortError, MeshRequestError, OzoneInsufficientError, UploadIncompleteError } from "./errors";
import { MeshClient, ticketNonce, type HolderFailure } from "./mesh-client";
import { setFakeLeaves, startFakeMesh, type FakeMesh } from "./testing/fake-mesh";

jest.setTimeout(30_000);

function pattern(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const wallet: WalletKey = walletKeyFromPrivateKey(new Uint8Array(32).fill(9));
// 2 full slices and a bit: 3 slices, the last with 2 chunks (the second partial).
const BIG = pattern(2 * SLICE_SIZE + CHUNK_SIZE + 1000, 7);
const SMALL = pattern(3 * CHUNK_SIZE + 17, 3);

describe("MeshClient against a fake mesh", () => {
  let fake: FakeMesh;
  let mesh: MeshClient;

  beforeEach(async () => {
    fake = await startFakeMesh({ nodes: 3 });
    mesh = new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet, concurrency: 2 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("uploads bytes to every holder and downloads them back, verified", async () => {
    const progress: number[] = [];
    const up = await mesh.upload(BIG, { replicas: 2, name: "big.bin", onProgress: (e) => progress.push(e.slicesDone) });
    expect(up.cid).toBe(hashBytes(BIG).cid);
    expect(up.size).toBe(BigInt(BIG.length));
    expect(up.height).toBe(42);
    expect(up.uploadId).toBe("u1");
    expect(progress[progress.length - 1]).toBe(3);
    // Each slice is on two nodes.
    expect(fake.nodes.reduce((n, x) => n + x.slices.size, 0)).toBe(6);

    const back = await mesh.downloadToBuffer(up.cid);
    expect(Buffer.from(back).equals(Buffer.from(BIG))).toBe(true);
  });

  it("downloads with the chunk leaves in the answer too", async () => {
    const { cid } = await mesh.upload(SMALL);
    setFakeLeaves(fake, cid, hashBytes(SMALL).leaves);
    fake.sendLeaves = true;
    expect(Buffer.from(await mesh.downloadToBuffer(cid)).equals(Buffer.from(SMALL))).toBe(true);
  });

  it("slices ranges exactly, across slice boundaries", async () => {
    const { cid } = await mesh.upload(BIG, { replicas: 1 });
    const cases: [number, number][] = [
      [0, 0],
      [SLICE_SIZE - 5, SLICE_SIZE + 4],
      [SLICE_SIZE, SLICE_SIZE],
      [10, 2 * SLICE_SIZE + 10],
      [BIG.length - 1, BIG.length - 1],
    ];
    for (const [a, b] of cases) {
      const got = await mesh.downloadToBuffer(cid, { range: { start: BigInt(a), end: BigInt(b) } });
      expect(Buffer.from(got).equals(Buffer.from(BIG.subarray(a, b + 1)))).toBe(true);
    }
    // Only the touched slice is fetched for a range inside one slice.
    const gets = fake.nodes.reduce((n, x) => n + x.gets, 0);
    await mesh.downloadToBuffer(cid, { range: { start: BigInt(SLICE_SIZE + 1), end: BigInt(SLICE_SIZE + 2) } });
    expect(fake.nodes.reduce((n, x) => n + x.gets, 0) - gets).toBe(1);
    await expect(mesh.downloadToBuffer(cid, { range: { start: 0n, end: BigInt(BIG.length) } })).rejects.toThrow(/not within the file/);
  });

  it.each(["corrupt", "short", "fail500", "slow"] as const)("fails over when the first holder is %s, and sends receipts only to the one that served", async (mode) => {
    const { cid } = await mesh.upload(SMALL, { replicas: 2 });
    fake.holderOrder = [0, 1, 2];
    fake.nodes[0]!.mode = mode;
    const failures: HolderFailure[] = [];
    const got = await mesh.downloadToBuffer(cid, { slowNodeMs: 300, onHolderFailure: (f) => failures.push(f) });
    expect(Buffer.from(got).equals(Buffer.from(SMALL))).toBe(true);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.node).toBe(fake.nodes[0]!.key.address);
    expect(failures[0]!.kind).toBe(mode === "slow" ? "slow" : mode === "fail500" ? "bad_bytes" : "bad_bytes");
    expect(fake.nodes[0]!.receipts).toHaveLength(0);
    expect(fake.nodes[1]!.receipts).toHaveLength(1);
  });

  it("fails over when the first holder is down", async () => {
    const { cid } = await mesh.upload(SMALL, { replicas: 2 });
    fake.holderOrder = [0, 1, 2];
    await new Promise<void>((r) => { fake.nodes[0]!.server.closeAllConnections(); fake.nodes[0]!.server.close(() => r()); });
    const failures: HolderFailure[] = [];
    const got = await mesh.downloadToBuffer(cid, { onHolderFailure: (f) => failures.push(f) });
    expect(got.length).toBe(SMALL.length);
    expect(failures.map((f) => f.kind)).toEqual(["network"]);
  });

  it("throws IntegrityError when every holder serves bad bytes", async () => {
    const { cid } = await mesh.upload(SMALL, { replicas: 2 });
    for (const n of fake.nodes) n.mode = "corrupt";
    const err = await mesh.downloadToBuffer(cid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).sliceIndex).toBe(0);
    expect((err as IntegrityError).details).toMatch(/bad_bytes/);
  });

  it("names the bad chunk when the leaves are known", async () => {
    const { cid } = await mesh.upload(SMALL, { replicas: 1 });
    setFakeLeaves(fake, cid, hashBytes(SMALL).leaves);
    fake.sendLeaves = true;
    for (const n of fake.nodes) n.mode = "corrupt";
    const failures: HolderFailure[] = [];
    await expect(mesh.downloadToBuffer(cid, { onHolderFailure: (f) => failures.push(f) })).rejects.toBeInstanceOf(IntegrityError);
    expect(failures[0]!.reason).toBe("chunk 3 does not match the CID");
  });

  it("throws MeshRequestError when every holder is unreachable", async () => {
    const { cid } = await mesh.upload(SMALL, { replicas: 1 });
    await Promise.all(fake.nodes.map((n) => new Promise<void>((r) => { n.server.closeAllConnections(); n.server.close(() => r()); })));
    const err = await mesh.downloadToBuffer(cid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeshRequestError);
    expect((err as MeshRequestError).code).toBe("holders_unreachable");
  });

  it("refuses a meta node whose merkle root is not the CID's", async () => {
    const { cid } = await mesh.upload(SMALL);
    fake.lieAboutRoot = true;
    await expect(mesh.downloadToBuffer(cid)).rejects.toBeInstanceOf(IntegrityError);
  });

  it("refuses slice roots that do not rebuild the CID's root", async () => {
    const { cid } = await mesh.upload(BIG);
    fake.files.get(cid)!.sliceRoots[1] = "11".repeat(32);
    await expect(mesh.downloadToBuffer(cid)).rejects.toThrow(/do not rebuild its root/);
  });

  it("refuses chunk leaves that are too few or do not rebuild the CID's root", async () => {
    const { cid } = await mesh.upload(SMALL);
    const leaves = hashBytes(SMALL).leaves;
    fake.sendLeaves = true;
    setFakeLeaves(fake, cid, leaves.slice(1));
    await expect(mesh.downloadToBuffer(cid)).rejects.toThrow(/chunk leaves .* do not rebuild its root/);
    setFakeLeaves(fake, cid, [new Uint8Array(32).fill(0x11), ...leaves.slice(1)]);
    const err = await mesh.downloadToBuffer(cid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).message).toMatch(/chunk leaves .* do not rebuild its root/);
  });

  it("signs receipts the resource node can verify, for the ticket it served", async () => {
    const { cid } = await mesh.upload(SMALL, { replicas: 1 });
    await mesh.downloadToBuffer(cid);
    const node = fake.nodes.find((n) => n.receipts.length > 0)!;
    const r = verifyEnvelope<Receipt>(node.receipts[0], { chainId: fake.chainId, nowSeconds: unixNow(), kind: "wallet", type: "receipt", expectedSigner: wallet.address });
    expect(r).toMatchObject({ node: node.key.address, cid, slice_index: "0", bytes: String(SMALL.length), epoch_hint: "3" });
    expect(r.ticket_nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(r.ticket_nonce).not.toBe("0".repeat(32));
  });

  it("receiptFor takes the ticket nonce from an envelope or its header form", () => {
    const ticket = { payload: { nonce: "ab".repeat(16) }, signer: { pubkey: "00", address: "x" }, signature: "00" };
    expect(ticketNonce(ticket)).toBe("ab".repeat(16));
    expect(ticketNonce(Buffer.from(JSON.stringify(ticket)).toString("base64"))).toBe("ab".repeat(16));
    const env = mesh.receiptFor({ node: fake.nodes[0]!.key.address, cid: hashBytes(SMALL).cid, sliceIndex: 2, bytes: 5n, ticket });
    const p = verifyEnvelope<Receipt>(env, { chainId: fake.chainId, nowSeconds: unixNow(), kind: "wallet", type: "receipt" });
    expect(p).toMatchObject({ slice_index: "2", bytes: "5", ticket_nonce: "ab".repeat(16) });
  });

  it("maps 402 ozone_insufficient to OzoneInsufficientError", async () => {
    fake.balances.set(wallet.address, 10n);
    const err = await mesh.upload(SMALL, { replicas: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OzoneInsufficientError);
    expect((err as OzoneInsufficientError).need).toBe(BigInt(SMALL.length * 2));
    expect((err as OzoneInsufficientError).balance).toBe(10n);
    expect((await mesh.ozone()).balance_noz).toBe(10n);
  });

  it("retries a slice a holder refuses with 5xx", async () => {
    for (const n of fake.nodes) n.failPuts = 2;
    const { cid } = await mesh.upload(SMALL, { retries: 3 });
    expect(fake.files.has(cid)).toBe(true);
    await expect(new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet }).upload(pattern(100), { retries: 0 }).then(() => "ok")).resolves.toBe("ok");
  });

  it("stops with UploadIncompleteError and resumes only the missing slices", async () => {
    fake.nodes[1]!.refusePuts = true;
    const err = await mesh.upload(BIG, { replicas: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadIncompleteError);
    const id = (err as UploadIncompleteError).uploadId;
    expect(((err as UploadIncompleteError).cause as MeshRequestError).code).toBe("bad_ticket");
    fake.nodes[1]!.refusePuts = false;
    const putsBefore = fake.nodes.map((n) => n.puts);
    // Slice i goes to node i. Slice 0 was stored; slice 2 only if it started before slice 1 failed.
    const slice2Stored = fake.nodes[2]!.slices.size === 1;
    const up = await mesh.upload(BIG, { replicas: 1, resumeUploadId: id });
    expect(up.uploadId).toBe(id);
    // Only what was not acked is sent again.
    expect(fake.nodes.map((n, i) => n.puts - putsBefore[i]!)).toEqual([0, 1, slice2Stored ? 0 : 1]);
    expect(Buffer.from(await mesh.downloadToBuffer(up.cid)).equals(Buffer.from(BIG))).toBe(true);
  });

  it("uploads from a path and from a stream (spooled) with the same CID", async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "mesh-test-"));
    try {
      const file = path.join(dir, "f.bin");
      await fsp.writeFile(file, SMALL);
      const a = await mesh.upload(file);
      const b = await mesh.upload(Readable.from([SMALL.subarray(0, 1000), SMALL.subarray(1000)]), { tmpDir: dir });
      async function* gen() {
        yield SMALL.subarray(0, 5);
        yield SMALL.subarray(5);
      }
      const c = await mesh.upload(gen());
      expect(a.cid).toBe(hashBytes(SMALL).cid);
      expect(b.cid).toBe(a.cid);
      expect(c.cid).toBe(a.cid);
      expect(await fsp.readdir(dir)).toEqual(["f.bin"]); // the spool is gone
      const out = path.join(dir, "out.bin");
      const res = await mesh.downloadToFile(a.cid, out);
      expect(res.bytes).toBe(SMALL.length);
      expect((await fsp.readFile(out)).equals(Buffer.from(SMALL))).toBe(true);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses empty sources", async () => {
    await expect(mesh.upload(new Uint8Array(0))).rejects.toThrow(/empty/);
    await expect(mesh.upload(Readable.from([]))).rejects.toThrow(/empty/);
  });

  it("honours an AbortSignal", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(mesh.upload(SMALL, { signal: ac.signal })).rejects.toBeInstanceOf(MeshAbortError);
    const { cid } = await mesh.upload(SMALL);
    fake.nodes.forEach((n) => (n.mode = "slow"));
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 100);
    await expect(mesh.downloadToBuffer(cid, { signal: ac2.signal, slowNodeMs: 10_000 })).rejects.toBeInstanceOf(MeshAbortError);
  });

  it("verifies a whole file and single chunks with Merkle proofs", async () => {
    const { cid } = await mesh.upload(BIG, { replicas: 2 });
    expect(await mesh.verify(cid)).toMatchObject({ ok: true, size: BigInt(BIG.length), chunks: 66, failures: [] });
    for (const chunk of [0, 31, 32, 64, 65]) expect(await mesh.verify(cid, { chunk })).toMatchObject({ ok: true, chunks: 1 });
    setFakeLeaves(fake, cid, hashBytes(BIG).leaves);
    fake.sendLeaves = true;
    expect(await mesh.verify(cid, { chunk: 65 })).toMatchObject({ ok: true });
    fake.sendLeaves = false;
    // One bad replica: still ok, the failure is reported.
    fake.holderOrder = [0, 1, 2];
    fake.nodes[0]!.mode = "corrupt";
    const one = await mesh.verify(cid, { chunk: 31 });
    expect(one.ok).toBe(true);
    expect(one.failures).toHaveLength(1);
    for (const n of fake.nodes) n.mode = "corrupt";
    const bad = await mesh.verify(cid, { chunk: 31 });
    expect(bad.ok).toBe(false);
    expect(bad.problem).toMatch(/no holder served good bytes/);
    await expect(mesh.verify(cid, { chunk: 66 })).rejects.toThrow(/out of range/);
  });

  it("lists files and shows info, with the on-chain record when a chain client is given", async () => {
    const { cid } = await mesh.upload(SMALL, { name: "s.bin" });
    const files = await mesh.ls();
    expect(files.map((f) => f.cid)).toEqual([cid]);
    expect(files[0]).toMatchObject({ owner: wallet.address, size: BigInt(SMALL.length), name: "s.bin" });
    const record = { cid, owner: wallet.address, size: BigInt(SMALL.length), merkleRoot: Buffer.from(hashBytes(SMALL).root) };
    const chain = { sds: { fileUpload: jest.fn(async () => record) } } as unknown as StratosClient;
    const withChain = new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet, chain });
    const info = await withChain.info(cid);
    expect(info.mesh.cid).toBe(cid);
    expect(info.chain).toBe(record);
    await expect(mesh.info(hashBytes(pattern(5)).cid)).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("checks the on-chain record after an upload", async () => {
    const good = { owner: wallet.address, size: BigInt(SMALL.length), merkleRoot: hashBytes(SMALL).root };
    const chainOf = (rec: unknown) => ({ sds: { fileUpload: jest.fn(async () => rec) } }) as unknown as StratosClient;
    const ok = new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet, chain: chainOf(good) });
    await expect(ok.upload(SMALL)).resolves.toMatchObject({ cid: hashBytes(SMALL).cid });
    const bad = new MeshClient({ metaUrl: fake.metaUrl, chainId: fake.chainId, wallet, chain: chainOf({ ...good, size: 1n }) });
    const err = await bad.upload(SMALL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).details).toMatch(/size 1 !=/);
  });

  it("reports a meta node that is down as a network MeshRequestError", async () => {
    const dead = new MeshClient({ metaUrl: "http://127.0.0.1:1", chainId: "x", wallet });
    const err = await dead.ozone().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeshRequestError);
    expect((err as MeshRequestError).isNetwork).toBe(true);
  });
});
