/**
 * The meta node's HTTP API under bad input at volume, on a real listening node with its LMDB index
 * (over an in-memory chain): seeded random requests over every route (HTTP_FUZZ_SEED replays,
 * HTTP_FUZZ_CASES for a longer run) and malformed framing over raw sockets, including a body past
 * the 32 MiB limit. Every answer is below 500 and a 4xx says why; afterwards every database of the
 * index and the chain's records are exactly as before, and good requests are still served.
 */
import { SLICE_SIZE } from "@stratos/sdk";
import { fuzzRequests, framingCases, runFramingCases, type RouteTemplate } from "../../../chain/test/helpers/http-fuzz";
import { fuzzCount, fuzzSeed, seededRng } from "../../../chain/test/helpers/prng";
import type { MetaDb } from "./db";
import { asWallet, get, heartbeatAll, post, startHarness, uploadFile, walletKey, type Harness } from "./testing";

const SEED = fuzzSeed("HTTP_FUZZ_SEED", 0x5eed02);
const CASES = fuzzCount("HTTP_FUZZ_CASES", 3000);
const BODY_LIMIT = 32 * 1024 * 1024;

const ROUTES: readonly RouteTemplate[] = [
  { method: "GET", path: "/v1/status" },
  { method: "GET", path: "/v1/ozone/:wallet" },
  { method: "POST", path: "/v1/uploads" },
  { method: "GET", path: "/v1/uploads/:id" },
  { method: "POST", path: "/v1/uploads/:id/complete" },
  { method: "POST", path: "/v1/downloads" },
  { method: "GET", path: "/v1/files/:cid" },
  { method: "GET", path: "/v1/files" },
  { method: "POST", path: "/v1/acks" },
  { method: "POST", path: "/v1/receipts" },
  { method: "GET", path: "/v1/receipts/proof" },
  { method: "POST", path: "/v1/heartbeats" },
  { method: "POST", path: "/v1/cosign" },
  { method: "GET", path: "/v1/reports" },
];

const alice = walletKey(50);
let h: Harness;
let cid: string;
let uploadId: string;

/** Every named database of the index, every entry, as JSON: equal snapshots mean nothing was written. */
function dbSnapshot(db: MetaDb): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of Array.from(db.root.getKeys(), String).sort()) {
    const sub = db.root.openDB({ name, encoding: "json" });
    out[name] = Array.from(sub.getRange(), ({ key, value }) => JSON.stringify([key, value]));
  }
  return out;
}

beforeAll(async () => {
  h = await startHarness({ rnCount: 4 });
  await heartbeatAll(h);
  h.chain.prepay(alice.address, 10n ** 12n);
  await h.node.follower.pollOnce();
  // One completed upload and one download, so files, uploads, tickets and ozone hold something.
  const up = await uploadFile(h, alice, BigInt(SLICE_SIZE) + 100n, 2);
  cid = up.cid;
  uploadId = up.upload.upload_id;
  expect((await post(h, "/v1/downloads", asWallet(h.clock, alice, "download.request", { cid }))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

describe(`meta node HTTP API under bad input (seed ${SEED}, ${CASES} random requests; HTTP_FUZZ_SEED replays)`, () => {
  it("answers every bad request with a 4xx and a reason, changes nothing, and still serves", async () => {
    const port = Number(new URL(h.node.url).port);
    const before = { db: dbSnapshot(h.node.db), uploads: h.chain.fileUploads.length, reports: h.chain.volumeReports.length, status: (await get(h, "/v1/status")).body };
    const t0 = Date.now();
    const good = [cid, uploadId, alice.address, h.rnKeys[0]!.address, "1"];
    const counts = await fuzzRequests(port, seededRng(SEED), CASES, ROUTES, good);
    const framing = await runFramingCases(port, [...framingCases("/v1/receipts", BODY_LIMIT), ...framingCases("/v1/uploads", BODY_LIMIT)]);

    const after = { db: dbSnapshot(h.node.db), uploads: h.chain.fileUploads.length, reports: h.chain.volumeReports.length, status: (await get(h, "/v1/status")).body };
    expect(after).toEqual(before);
    const file = await fetch(`${h.node.url}/v1/files/${cid}`);
    expect(file.status).toBe(200);
    expect(((await file.json()) as { cid: string }).cid).toBe(cid);
    expect((await post(h, "/v1/downloads", asWallet(h.clock, alice, "download.request", { cid }))).status).toBe(200);
    const entries = Object.values(after.db).reduce((n, l) => n + l.length, 0);
    console.log(
      `meta node HTTP fuzz (seed ${SEED}): ${CASES} random requests in ${Date.now() - t0} ms -> statuses ${JSON.stringify(Object.fromEntries(counts))}; ` +
        `framing ${JSON.stringify(Object.fromEntries(framing))}; all ${Object.keys(after.db).length} index databases (${entries} entries) and the chain's records unchanged; the file and a download are still served`,
    );
  }, 240_000);
});
