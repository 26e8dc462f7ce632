import { Request, RequestInfo, Response } from "cosmjs-types/tendermint/abci/types";
import { BaseApplication } from "./base-application";
import { FrameDecoder } from "./frame-decoder";
import { encodeFrames } from "./frame-encoder";
import { silentLogger } from "./logger";
import { AbciServer } from "./server";
import { RawAbciClient } from "./test-client";
import { encodeUvarint } from "./varint";

/** mulberry32: tiny seeded PRNG so failures are reproducible. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

function randomBytes(rnd: (n: number) => number, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = Math.floor(rnd(256));
  return out;
}

/** A mix of pure noise, well-framed noise, plausible-looking requests and huge prefixes. */
function makeCase(rnd: (n: number) => number): Buffer {
  const kind = Math.floor(rnd(5));
  const len = Math.floor(rnd(64));
  switch (kind) {
    case 0:
      return randomBytes(rnd, 1 + len);
    case 1:
      return Buffer.concat([encodeUvarint(len), randomBytes(rnd, len)]);
    case 2: {
      // Valid tag of a random Request field number (1..21) with wire type 2, then noise.
      const field = 1 + Math.floor(rnd(21));
      const body = Buffer.concat([encodeUvarint((field << 3) | 2), encodeUvarint(len), randomBytes(rnd, len)]);
      return Buffer.concat([encodeUvarint(body.length), body]);
    }
    case 3: {
      const valid = encodeFrames([Request.encode({ echo: { message: "ok" } }).finish()]);
      return Buffer.concat([valid, randomBytes(rnd, 1 + len)]);
    }
    default:
      return Buffer.concat([encodeUvarint(Math.floor(rnd(2 ** 40))), randomBytes(rnd, len)]);
  }
}

async function runCase(port: number, bytes: Buffer): Promise<Response[]> {
  const c = await RawAbciClient.connect(port);
  try {
    await c.writeRaw(bytes);
  } catch {
    // The server may already have dropped us mid-write.
  }
  c.end();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`connection not closed for input ${bytes.toString("hex")}`)), 5000).unref(),
  );
  await Promise.race([c.closed, timeout]);
  // Whatever came back must be whole, valid responses.
  const frames = new FrameDecoder().feed(c.received);
  return frames.map((f) => Response.decode(f));
}

describe("AbciServer under random input", () => {
  it("survives 500 random buffers, closing each connection, and still serves correctly", async () => {
    const server = new AbciServer(new BaseApplication(), { port: 0, logger: silentLogger, maxFrameBytes: 1 << 20 });
    const { port } = await server.listen();
    try {
      const rnd = prng(0xabc1);
      const cases = Array.from({ length: 500 }, () => makeCase(rnd));
      for (let i = 0; i < cases.length; i += 25) {
        const batch = cases.slice(i, i + 25);
        const results = await Promise.all(batch.map((bytes) => runCase(port, bytes)));
        for (const responses of results) {
          for (const r of responses) {
            const set = Object.values(r).filter((v) => v !== undefined);
            expect(set).toHaveLength(1);
          }
        }
      }
      // Most garbage must have been recognised as such (not merely waited out).
      expect(server.protocolErrors).toBeGreaterThan(250);
      for (let i = 0; i < 100 && server.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(server.openConnections).toBe(0);

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
    } finally {
      await server.close();
    }
  }, 60_000);
});
