/**
 * The ABCI server under random and mutated input, seeded so a failure can be replayed
 * (ABCI_FUZZ_SEED; ABCI_FUZZ_CASES for a longer run): every case on its own connection is either
 * answered with whole, well-formed responses or dropped, every connection is closed, and a fresh
 * connection is still served. The same against the real Stratos app: chain/src/app/abci.fuzz.test.ts.
 */
import { CheckTxType, Request, RequestInfo } from "cosmjs-types/tendermint/abci/types";
import { FRAME_MUTATIONS, mutateFrame, runFrameCase, type FrameCase } from "../../test/helpers/abci-fuzz";
import { fuzzCount, fuzzSeed, seededRng, type Rng } from "../../test/helpers/prng";
import { BaseApplication } from "./base-application";
import { encodeFrames } from "./frame-encoder";
import { silentLogger } from "./logger";
import { AbciServer } from "./server";
import { RawAbciClient } from "./test-client";
import { encodeUvarint } from "./varint";

const SEED = fuzzSeed("ABCI_FUZZ_SEED", 0xabc1);
const CASES = fuzzCount("ABCI_FUZZ_CASES", 6000);
const BATCH = 40;

/** Pure noise, well-framed noise, plausible-looking requests and huge prefixes. */
function noiseCase(rng: Rng): FrameCase {
  const kind = rng.int(5);
  const len = rng.int(64);
  switch (kind) {
    case 0:
      return { kind: "noise", bytes: rng.bytes(1 + len) };
    case 1:
      return { kind: "framed-noise", bytes: Buffer.concat([encodeUvarint(len), rng.bytes(len)]) };
    case 2: {
      // Valid tag of a random Request field number (1..21) with wire type 2, then noise.
      const field = 1 + rng.int(21);
      const body = Buffer.concat([encodeUvarint((field << 3) | 2), encodeUvarint(len), rng.bytes(len)]);
      return { kind: "tagged-noise", bytes: Buffer.concat([encodeUvarint(body.length), body]) };
    }
    case 3: {
      const valid = encodeFrames([Request.encode({ echo: { message: "ok" } }).finish()]);
      return { kind: "valid-then-noise", bytes: Buffer.concat([valid, rng.bytes(1 + len)]) };
    }
    default:
      return { kind: "random-prefix", bytes: Buffer.concat([encodeUvarint(rng.int(2 ** 40)), rng.bytes(len)]) };
  }
}

/** Encoded requests of several kinds (the server's own Echo/Flush and app calls). */
function baseRequests(rng: Rng): Uint8Array[] {
  const requests: Request[] = [
    { echo: { message: "hello" } },
    { flush: {} },
    { info: RequestInfo.fromPartial({ version: "0.38.25", blockVersion: 11n, p2pVersion: 8n, abciVersion: "2.0.0" }) },
    { checkTx: { tx: rng.bytes(120), type: CheckTxType.NEW } },
    { query: { path: "/store/bank/key", data: rng.bytes(20), height: 0n, prove: false } },
    { listSnapshots: {} },
  ];
  return requests.map((r) => Request.encode(r).finish());
}

describe(`AbciServer under random and mutated input (seed ${SEED}, ${CASES} cases; ABCI_FUZZ_SEED replays)`, () => {
  it("answers or drops every case, closes each connection, and still serves correctly", async () => {
    const server = new AbciServer(new BaseApplication(), { port: 0, logger: silentLogger, maxFrameBytes: 1 << 20 });
    const { port } = await server.listen();
    const t0 = Date.now();
    try {
      const rng = seededRng(SEED);
      const bases = baseRequests(rng);
      const kinds = new Map<string, number>();
      for (let i = 0; i < CASES; i += BATCH) {
        const batch: FrameCase[] = [];
        for (let j = i; j < Math.min(CASES, i + BATCH); j++) {
          batch.push(rng.chance(0.5) ? noiseCase(rng) : mutateFrame(rng, rng.pick(bases), rng.pick(bases)));
        }
        await Promise.all(
          batch.map((c, j) => {
            kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
            return runFrameCase(port, c.bytes, `case ${i + j} (${c.kind}, seed ${SEED}): ${c.bytes.toString("hex").slice(0, 400)}`);
          }),
        );
      }
      // Most garbage must have been recognised as such (not merely waited out).
      expect(server.protocolErrors).toBeGreaterThan(CASES / 3);
      expect(server.handlerErrors).toBe(0);
      for (let i = 0; i < 200 && server.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(server.openConnections).toBe(0);
      for (const k of FRAME_MUTATIONS) expect(kinds.get(k) ?? 0).toBeGreaterThan(0);

      const fresh = await RawAbciClient.connect(port);
      await fresh.send(
        { echo: { message: "still alive" } },
        { info: RequestInfo.fromPartial({ version: "0.38.25", abciVersion: "2.0.0" }) },
        { flush: {} },
      );
      const res = await fresh.waitForResponses(3);
      expect(res[0]?.echo?.message).toBe("still alive");
      expect(res[1]?.info?.lastBlockHeight).toBe(0n);
      expect(res[2]?.flush).toBeDefined();
      fresh.destroy();
      console.log(
        `ABCI frame fuzz (seed ${SEED}): ${CASES} cases in ${Date.now() - t0} ms; ${server.protocolErrors} connections dropped as malformed, ` +
          `${server.requestsServed} responses; kinds ${JSON.stringify(Object.fromEntries(kinds))}; a fresh connection is served`,
      );
    } finally {
      await server.close();
    }
  }, 120_000);
});
