import net from "node:net";
import {
  Request,
  RequestCheckTx,
  RequestQuery,
  type Response,
  ResponseCheckTx,
  ResponseInfo,
  ResponseQuery,
} from "cosmjs-types/tendermint/abci/types";
import type { AbciMethod, MaybePromise } from "./application";
import { BaseApplication } from "./base-application";
import { encodeFrames } from "./frame-encoder";
import type { AbciLogger } from "./logger";
import { AbciServer, type AbciServerOptions } from "./server";
import { RawAbciClient } from "./test-client";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface LogLine {
  level: string;
  message: string;
}

function recordingLogger(lines: LogLine[]): AbciLogger {
  const rec = (level: string) => (message: string) => void lines.push({ level, message });
  return { debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
}

const servers: AbciServer[] = [];
const clients: RawAbciClient[] = [];

async function start(
  app: BaseApplication,
  options: Partial<AbciServerOptions> = {},
): Promise<{ server: AbciServer; port: number; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const server = new AbciServer(app, { port: 0, logger: recordingLogger(logs), ...options });
  servers.push(server);
  const { port } = await server.listen();
  return { server, port, logs };
}

async function connect(port: number): Promise<RawAbciClient> {
  const client = await RawAbciClient.connect(port);
  clients.push(client);
  return client;
}

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

/** Echoes the tx back in `data` so tests can check response order. */
class EchoTxApp extends BaseApplication {
  protected echoTx(req: RequestCheckTx): ResponseCheckTx {
    return ResponseCheckTx.fromPartial({ code: 0, data: req.tx });
  }

  override checkTx(req: RequestCheckTx): MaybePromise<ResponseCheckTx> {
    return this.echoTx(req);
  }
}

const checkTx = (bytes: number[]): Request => ({ checkTx: { tx: Uint8Array.from(bytes), type: 0 } });
const kindOf = (r: Response): string => Object.entries(r).find(([, v]) => v !== undefined)?.[0] ?? "none";

describe("AbciServer: byte-level vectors over TCP", () => {
  const INFO_REQUEST = "16 1a 14 0a 07 30 2e 33 38 2e 32 35 10 0b 18 08 22 05 32 2e 30 2e 30";

  it("the documented request vectors match cosmjs-types encoding", () => {
    const frame = (r: Request): string => encodeFrames([Request.encode(r).finish()]).toString("hex");
    expect(frame({ flush: {} })).toBe("021200");
    expect(frame({ echo: { message: "hi" } })).toBe("060a040a026869");
    expect(
      frame({ info: { version: "0.38.25", blockVersion: 11n, p2pVersion: 8n, abciVersion: "2.0.0" } }),
    ).toBe(INFO_REQUEST.replace(/ /g, ""));
  });

  it("Flush 02 12 00 -> 02 1a 00", async () => {
    const { port } = await start(new BaseApplication());
    const c = await connect(port);
    await c.writeRaw(hex("02 12 00"));
    expect((await c.waitForBytes(3)).toString("hex")).toBe("021a00");
  });

  it("Echo 'hi' -> Response{echo:'hi'}", async () => {
    const { port } = await start(new BaseApplication());
    const c = await connect(port);
    await c.writeRaw(hex("06 0a 04 0a 02 68 69"));
    expect((await c.waitForBytes(7)).toString("hex")).toBe("0612040a026869");
  });

  it("ProcessProposal -> 05 92 01 02 08 01 (ACCEPT on the wire)", async () => {
    const { port } = await start(new BaseApplication());
    const c = await connect(port);
    await c.writeRaw(hex("03 8a 01 00")); // Request{process_proposal:{}} (field 17)
    expect((await c.waitForBytes(6)).toString("hex")).toBe("059201020801");
  });

  it("CometBFT's Info handshake bytes -> the app's ResponseInfo bytes", async () => {
    class InfoApp extends BaseApplication {
      override info(): ResponseInfo {
        return ResponseInfo.fromPartial({ data: "x", lastBlockHeight: 5n, lastBlockAppHash: Uint8Array.of(0xab) });
      }
    }
    const { port } = await start(new InfoApp());
    const c = await connect(port);
    await c.writeRaw(hex(INFO_REQUEST + " 02 12 00"));
    // Response{info:{data:"x", last_block_height:5, last_block_app_hash:ab}} then flush.
    const expected = "0a 22 08 0a 01 78 20 05 2a 01 ab 02 1a 00".replace(/ /g, "");
    expect((await c.waitForBytes(expected.length / 2)).toString("hex")).toBe(expected);
  });
});

describe("AbciServer: framing and pipelining", () => {
  const stream = (): Buffer =>
    encodeFrames([
      Request.encode({ info: { version: "0.38.25", blockVersion: 11n, p2pVersion: 8n, abciVersion: "2.0.0" } }).finish(),
      Request.encode({ echo: { message: "hello" } }).finish(),
      ...Array.from({ length: 20 }, (_, i) => Request.encode(checkTx([i, 200 - i])).finish()),
      Request.encode({ query: RequestQuery.fromPartial({ path: "/a" }) }).finish(),
      Request.encode({ flush: {} }).finish(),
    ]);
  const RESPONSES = 24;

  it("answers several requests from one write, in order", async () => {
    const { port, server } = await start(new EchoTxApp());
    const c = await connect(port);
    await c.writeRaw(stream());
    const res = await c.waitForResponses(RESPONSES);
    expect(res.map(kindOf)).toEqual(["info", "echo", ...Array(20).fill("checkTx"), "query", "flush"]);
    expect(res.slice(2, 22).map((r) => Array.from(r.checkTx?.data ?? []))).toEqual(
      Array.from({ length: 20 }, (_, i) => [i, 200 - i]),
    );
    expect(server.requestsServed).toBe(RESPONSES);
  });

  it("gives byte-identical answers when the same stream arrives one byte per write", async () => {
    const { port } = await start(new EchoTxApp());
    const whole = await connect(port);
    await whole.writeRaw(stream());
    await whole.waitForResponses(RESPONSES);

    const bytewise = await connect(port);
    for (const byte of stream()) {
      await bytewise.writeRaw(Uint8Array.of(byte));
      await new Promise((r) => setImmediate(r));
    }
    await bytewise.waitForResponses(RESPONSES);
    expect(bytewise.received.equals(whole.received)).toBe(true);
  });

  it("answers 100 pipelined CheckTx + Flush in order with one write", async () => {
    const { port, server } = await start(new EchoTxApp());
    const c = await connect(port);
    await waitFor(() => server.openConnections === 1);
    const writes = jest.spyOn(net.Socket.prototype, "write");
    try {
      await c.send(...Array.from({ length: 100 }, (_, i) => checkTx([i])), { flush: {} });
      const res = await c.waitForResponses(101);
      expect(res.slice(0, 100).map((r) => r.checkTx?.data[0])).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(kindOf(res[100] as Response)).toBe("flush");
      await sleep(20);
      expect(c.responses).toHaveLength(101);
      const serverWrites = writes.mock.contexts.filter((s) => (s as net.Socket).localPort === port);
      expect(serverWrites).toHaveLength(1);
    } finally {
      writes.mockRestore();
    }
  });

  it("answers every Flush after all earlier responses", async () => {
    const { port } = await start(new EchoTxApp());
    const c = await connect(port);
    const reqs: Request[] = [];
    for (let i = 0; i < 30; i++) reqs.push(i % 3 === 2 ? { flush: {} } : checkTx([i]));
    await c.send(...reqs);
    const res = await c.waitForResponses(30);
    expect(res.map(kindOf)).toEqual(reqs.map((r) => (r.flush ? "flush" : "checkTx")));
  });
});

describe("AbciServer: async handlers and the global lock", () => {
  it("keeps order when an async handler resolves late", async () => {
    class SlowFirst extends EchoTxApp {
      override checkTx(req: RequestCheckTx): MaybePromise<ResponseCheckTx> {
        if (req.tx[0] === 0) return sleep(80).then(() => this.echoTx(req));
        return this.echoTx(req);
      }
    }
    const { port } = await start(new SlowFirst());
    const c = await connect(port);
    await c.send(checkTx([0]), checkTx([1]), { echo: { message: "e" } }, checkTx([2]), { flush: {} });
    const res = await c.waitForResponses(5);
    expect(res.map(kindOf)).toEqual(["checkTx", "checkTx", "echo", "checkTx", "flush"]);
    expect(res.map((r) => r.checkTx?.data[0])).toEqual([0, 1, undefined, 2, undefined]);
  });

  it("answers a Flush queued before a slow handler without waiting for it", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    class Gated extends EchoTxApp {
      override checkTx(req: RequestCheckTx): MaybePromise<ResponseCheckTx> {
        if (req.tx[0] === 1) return gate.then(() => this.echoTx(req));
        return this.echoTx(req);
      }
    }
    const { port } = await start(new Gated());
    const c = await connect(port);
    await c.send(checkTx([0]), { flush: {} }, checkTx([1]), { flush: {} });
    // Both answers arrive while the second handler is still blocked on the gate.
    expect((await c.waitForResponses(2)).map(kindOf)).toEqual(["checkTx", "flush"]);
    await sleep(20);
    expect(c.responses).toHaveLength(2);
    release();
    const res = await c.waitForResponses(4);
    expect(res.map(kindOf)).toEqual(["checkTx", "flush", "checkTx", "flush"]);
  });

  it("serves four concurrent connections without ever overlapping handler calls", async () => {
    const violations: string[] = [];
    let active = 0;
    let maxActive = 0;
    const calls: string[] = [];
    class Guarded extends BaseApplication {
      private enter(what: string): void {
        if (active !== 0) violations.push(`${what} entered while ${active} call(s) active`);
        active++;
        maxActive = Math.max(maxActive, active);
        calls.push(what);
      }
      override checkTx(req: RequestCheckTx): ResponseCheckTx | Promise<ResponseCheckTx> {
        this.enter(`checkTx ${req.tx[0]}/${req.tx[1]}`);
        const respond = (): ResponseCheckTx => {
          active--;
          return ResponseCheckTx.fromPartial({ data: req.tx });
        };
        // Mix sync and async (with varying delays) handlers.
        if ((req.tx[1] as number) % 3 === 0) return respond();
        return sleep((req.tx[1] as number) % 4).then(respond);
      }
      override query(req: RequestQuery): Promise<ResponseQuery> {
        this.enter(`query ${req.path}`);
        return new Promise((resolve) =>
          setImmediate(() => {
            active--;
            resolve(ResponseQuery.fromPartial({ code: 0, log: req.path }));
          }),
        );
      }
    }
    const { port, server } = await start(new Guarded());
    const conns = await Promise.all([0, 1, 2, 3].map(() => connect(port)));
    await waitFor(() => server.openConnections === 4);
    expect(server.totalConnections).toBe(4);

    const PER_CONN = 40;
    await Promise.all(
      conns.map(async (c, ci) => {
        for (let burst = 0; burst < 4; burst++) {
          const reqs: Request[] = [];
          for (let i = 0; i < PER_CONN / 4; i++) {
            const seq = burst * (PER_CONN / 4) + i;
            reqs.push(seq % 7 === 0 ? { query: RequestQuery.fromPartial({ path: `/${ci}/${seq}` }) } : checkTx([ci, seq]));
          }
          reqs.push({ flush: {} });
          await c.send(...reqs);
          await c.waitForResponses((burst + 1) * (PER_CONN / 4 + 1));
        }
      }),
    );

    expect(violations).toEqual([]);
    expect(maxActive).toBe(1);
    conns.forEach((c, ci) => {
      const seqs = c.responses.filter((r) => r.flush === undefined).map((r) => (r.checkTx ? `${r.checkTx.data[0]}/${r.checkTx.data[1]}` : r.query?.log));
      const expected = Array.from({ length: PER_CONN }, (_, seq) => (seq % 7 === 0 ? `/${ci}/${seq}` : `${ci}/${seq}`));
      expect(seqs).toEqual(expected);
    });
    // Calls from different connections really interleaved.
    const owners = calls.map((c) => c.replace(/^query \//, "").replace(/^checkTx /, "").split("/")[0]);
    expect(new Set(owners.slice(0, 20)).size).toBeGreaterThan(1);
  });
});

describe("AbciServer: errors", () => {
  class Throwing extends EchoTxApp {
    override query(req: RequestQuery): ResponseQuery | Promise<ResponseQuery> {
      if (req.path === "/async") return Promise.reject(new Error("async boom"));
      throw new Error("boom");
    }
  }

  it.each([
    ["sync", "/sync", "query: boom"],
    ["async", "/async", "query: async boom"],
  ])("a %s handler failure gives an exception response, then the connection closes", async (_k, path, message) => {
    const hook: Array<[string, AbciMethod]> = [];
    const { port, server, logs } = await start(new Throwing(), {
      onHandlerError: (err, method) => hook.push([(err as Error).message, method]),
    });
    const c = await connect(port);
    await c.send({ echo: { message: "before" } }, { query: RequestQuery.fromPartial({ path }) }, { echo: { message: "after" } }, { flush: {} });
    await c.closed;
    expect(c.responses.map(kindOf)).toEqual(["echo", "exception"]);
    expect(c.responses[1]?.exception?.error).toBe(message);
    expect(hook).toEqual([[message.replace("query: ", ""), "query"]]);
    expect(server.handlerErrors).toBe(1);
    expect(logs.some((l) => l.level === "error" && l.message.includes("query"))).toBe(true);

    // The server keeps serving new connections.
    const next = await connect(port);
    await next.send({ echo: { message: "still here" } }, { flush: {} });
    const res = await next.waitForResponses(2);
    expect(res[0]?.echo?.message).toBe("still here");
  });

  it("a hook that throws does not take the server down", async () => {
    const { port } = await start(new Throwing(), {
      onHandlerError: () => {
        throw new Error("hook failed");
      },
    });
    const c = await connect(port);
    await c.send({ query: RequestQuery.fromPartial({ path: "/x" }) }, { flush: {} });
    await c.closed;
    const next = await connect(port);
    await next.send({ echo: { message: "ok" } });
    expect((await next.waitForResponses(1))[0]?.echo?.message).toBe("ok");
  });

  it("an unencodable response is treated like a throw", async () => {
    class Bad extends BaseApplication {
      override info(): ResponseInfo {
        return { lastBlockHeight: "not a bigint" } as unknown as ResponseInfo;
      }
    }
    const { port, server } = await start(new Bad());
    const c = await connect(port);
    await c.send({ info: { version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" } }, { flush: {} });
    await c.closed;
    expect(c.responses.map(kindOf)).toEqual(["exception"]);
    expect(server.handlerErrors).toBe(1);
  });

  it.each([
    ["an empty frame (Request{})", "00"],
    ["an unknown oneof", "02 22 00"],
    ["a frame over maxFrameBytes", "ff ff 03"],
    ["an overlong varint", "80 80 80 80 80 80 80 80 80 80 00"],
    ["undecodable protobuf", "03 0a 05 0a"],
  ])("%s closes only that connection", async (_name, bytes) => {
    const { port, server, logs } = await start(new BaseApplication(), { maxFrameBytes: 1024 });
    const bystander = await connect(port);
    const bad = await connect(port);
    await waitFor(() => server.openConnections === 2);
    await bad.writeRaw(hex(bytes));
    await bad.closed;
    expect(bad.responses).toEqual([]);
    expect(server.protocolErrors).toBe(1);
    expect(logs.some((l) => l.level === "warn" && l.message.startsWith("malformed ABCI input"))).toBe(true);
    await waitFor(() => server.openConnections === 1);

    await bystander.send({ echo: { message: "fine" } }, { flush: {} });
    expect((await bystander.waitForResponses(2))[0]?.echo?.message).toBe("fine");
  });

  it("answers complete requests sent before a half-close, then closes", async () => {
    const { port } = await start(new BaseApplication());
    const c = await connect(port);
    await c.send({ echo: { message: "a" } }, { flush: {} });
    c.end();
    await c.closed;
    expect(c.responses.map(kindOf)).toEqual(["echo", "flush"]);
  });
});

describe("AbciServer: lifecycle", () => {
  it("listen on port 0 returns the bound port; close() drops all connections", async () => {
    const server = new AbciServer(new BaseApplication(), { port: 0, logger: recordingLogger([]) });
    const addr = await server.listen();
    expect(addr.host).toBe("127.0.0.1");
    expect(addr.port).toBeGreaterThan(0);
    await expect(server.listen()).rejects.toThrow(/already listening/);
    const a = await RawAbciClient.connect(addr.port);
    const b = await RawAbciClient.connect(addr.port);
    await waitFor(() => server.openConnections === 2);
    await server.close();
    await Promise.all([a.closed, b.closed]);
    expect(server.openConnections).toBe(0);
    await expect(RawAbciClient.connect(addr.port)).rejects.toThrow();
    await server.close(); // idempotent
  });

  it("rejects listen() when the port is taken", async () => {
    const { port } = await start(new BaseApplication());
    const other = new AbciServer(new BaseApplication(), { port, logger: recordingLogger([]) });
    await expect(other.listen()).rejects.toThrow(/EADDRINUSE/);
  });
});
