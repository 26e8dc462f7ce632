/**
 * The gRPC server with an in-memory AppQuerier: server reflection (v1 and v1alpha) through a
 * real `ServerReflectionInfo` stream, and the Stratos query methods as byte-level services.
 */
import * as grpc from "@grpc/grpc-js";
import { stratos } from "@stratos/proto";
import { startGrpcServer } from "./grpc-server";
import { parseDescriptorSet, WireReader, WireType } from "./proto-descriptors";
import { QUERY_PATHS, STRATOS_QUERY_PATHS, type AppQuerier, type QueryResult } from "./query-client";
import type { RunningServer } from "./rest-server";

const STRATOS_SERVICES = ["stratos.pot.v1.Query", "stratos.register.v1.Query", "stratos.sds.v1.Query"];

const identity = (b: Buffer): Buffer => b;

// ---------------------------------------------------------------- protobuf by hand

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function lenField(field: number, data: Uint8Array | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
  return Buffer.concat([Buffer.from([...varint((field << 3) | WireType.LEN), ...varint(bytes.length)]), bytes]);
}

/** Length-delimited fields of one message, by field number. */
function lenFields(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const out = new Map<number, Uint8Array[]>();
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WireType.LEN) {
      r.skip(wire, field);
      continue;
    }
    out.set(field, [...(out.get(field) ?? []), r.bytes()]);
  }
  return out;
}

const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? new Uint8Array()).toString("utf8");

// ServerReflectionRequest: host = 1, file_by_filename = 3, file_containing_symbol = 4, list_services = 7.
// ServerReflectionResponse: file_descriptor_response = 4, list_services_response = 6, error_response = 7.
type ReflectionAnswer = { services?: string[]; files?: string[]; error?: { code: number; message: string } };

function decodeReflectionResponse(bytes: Uint8Array): ReflectionAnswer {
  const top = lenFields(bytes);
  const list = top.get(6)?.[0];
  if (list) return { services: (lenFields(list).get(1) ?? []).map((s) => text(lenFields(s).get(1)?.[0])) };
  const fdr = top.get(4)?.[0];
  if (fdr) return { files: (lenFields(fdr).get(1) ?? []).map((f) => text(lenFields(f).get(1)?.[0])) };
  const err = top.get(7)?.[0];
  if (err) {
    const r = new WireReader(err);
    let code = 0;
    let message = "";
    while (!r.done) {
      const { field, wire } = r.tag();
      if (field === 1 && wire === WireType.VARINT) code = r.uint32();
      else if (field === 2 && wire === WireType.LEN) message = r.string();
      else r.skip(wire, field);
    }
    return { error: { code, message } };
  }
  throw new Error("unexpected reflection response");
}

/** Sends reflection requests on one ServerReflectionInfo stream and collects the answers. */
function reflect(port: number, version: "v1" | "v1alpha", requests: Buffer[]): Promise<ReflectionAnswer[]> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise<ReflectionAnswer[]>((resolve, reject) => {
    const answers: ReflectionAnswer[] = [];
    const call = client.makeBidiStreamRequest(`/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`, identity, identity);
    call.on("data", (b: Buffer) => {
      try {
        answers.push(decodeReflectionResponse(b));
      } catch (e) {
        reject(e);
      }
      if (answers.length === requests.length) call.end();
    });
    call.on("error", reject);
    call.on("end", () => resolve(answers));
    for (const req of requests) call.write(req);
  }).finally(() => client.close());
}

const listServices = (): Buffer => Buffer.concat([lenField(1, "localhost"), lenField(7, "*")]);
const fileContainingSymbol = (symbol: string): Buffer => lenField(4, symbol);
const fileByFilename = (name: string): Buffer => lenField(3, name);

// ---------------------------------------------------------------- the server

interface Call {
  path: string;
  data: Uint8Array;
  height: bigint | undefined;
}

const calls: Call[] = [];
let answer: (path: string) => QueryResult;

const app: AppQuerier = {
  query(path, data, height) {
    calls.push({ path, data, height });
    return answer(path);
  },
};

let server: RunningServer;
let warn: jest.SpyInstance;

beforeAll(async () => {
  warn = jest.spyOn(console, "warn");
  server = await startGrpcServer({ app, paths: QUERY_PATHS, host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await server?.close();
  warn.mockRestore();
});

describe("gRPC server reflection", () => {
  it.each(["v1", "v1alpha"] as const)("lists the Stratos query services (%s)", async (version) => {
    const [res] = await reflect(server.port, version, [listServices()]);
    expect(res!.services!.sort()).toEqual(STRATOS_SERVICES);
  });

  it("serves a service's file with its imports, so the types resolve", async () => {
    const [pot, register, byName] = await reflect(server.port, "v1", [
      fileContainingSymbol("stratos.pot.v1.Query"),
      fileContainingSymbol("stratos.register.v1.QueryResourceNodeResponse"),
      fileByFilename("stratos/sds/v1/query.proto"),
    ]);
    expect(pot!.files).toEqual(expect.arrayContaining(["stratos/pot/v1/query.proto", "stratos/pot/v1/pot.proto", "cosmos/base/v1beta1/coin.proto", "cosmos/base/query/v1beta1/pagination.proto"]));
    expect(register!.files).toEqual(expect.arrayContaining(["stratos/register/v1/query.proto", "stratos/register/v1/register.proto", "google/protobuf/any.proto", "google/protobuf/timestamp.proto", "cosmos/staking/v1beta1/staking.proto"]));
    expect(byName!.files![0]).toBe("stratos/sds/v1/query.proto");
    expect(warn).not.toHaveBeenCalled();
  });

  it("describes the served methods with their request and response types", async () => {
    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const raw = await new Promise<Buffer>((resolve, reject) => {
        const call = client.makeBidiStreamRequest("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", identity, identity);
        call.on("data", (b: Buffer) => {
          resolve(b);
          call.end();
        });
        call.on("error", reject);
        call.write(fileContainingSymbol("stratos.sds.v1.Query"));
      });
      const files = lenFields(lenFields(raw).get(4)![0]!).get(1)!;
      // A FileDescriptorSet is `repeated FileDescriptorProto file = 1`: re-wrap and parse.
      const reg = parseDescriptorSet(Buffer.concat(files.map((f) => lenField(1, f))));
      const methods = reg.services.get("stratos.sds.v1.Query")!.methods.map((m) => `/stratos.sds.v1.Query/${m.name}`);
      expect(methods.sort()).toEqual(STRATOS_QUERY_PATHS.filter((p) => p.startsWith("/stratos.sds.v1.")).sort());
      const sim = reg.services.get("stratos.sds.v1.Query")!.methods.find((m) => m.name === "SimPrepay")!;
      expect(sim).toMatchObject({ inputType: "stratos.sds.v1.QuerySimPrepayRequest", outputType: "stratos.sds.v1.QuerySimPrepayResponse" });
      expect(reg.messages.get("stratos.sds.v1.QuerySimPrepayRequest")!.fields.map((f) => f.name)).toEqual(["amount"]);
    } finally {
      client.close();
    }
  });

  it("answers NOT_FOUND for symbols it has no descriptor for", async () => {
    const [res] = await reflect(server.port, "v1alpha", [fileContainingSymbol("cosmos.bank.v1beta1.Query")]);
    expect(res!.error!.code).toBe(grpc.status.NOT_FOUND);
  });

  it("lists only the services that are served", async () => {
    const only = await startGrpcServer({ app, paths: ["/stratos.sds.v1.Query/NozPrice", "/cosmos.bank.v1beta1.Query/Balance"], host: "127.0.0.1", port: 0 });
    try {
      const [res] = await reflect(only.port, "v1", [listServices()]);
      expect(res!.services).toEqual(["stratos.sds.v1.Query"]);
    } finally {
      await only.close();
    }
  });

  it("is off with reflection: false", async () => {
    const off = await startGrpcServer({ app, paths: QUERY_PATHS, host: "127.0.0.1", port: 0, reflection: false });
    try {
      await expect(reflect(off.port, "v1", [listServices()])).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    } finally {
      await off.close();
    }
  });
});

describe("Stratos query methods over gRPC", () => {
  function unary(path: string, req: Uint8Array, md = new grpc.Metadata()): Promise<Buffer> {
    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    return new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest(path, identity, identity, Buffer.from(req), md, (err, res) => (err ? reject(err) : resolve(res!))),
    ).finally(() => client.close());
  }

  it("forwards request bytes to the ABCI path and returns the response bytes", async () => {
    const Req = stratos.sds.v1.QuerySimPrepayRequest;
    const Res = stratos.sds.v1.QuerySimPrepayResponse;
    answer = () => ({ code: 0, codespace: "", log: "", value: Res.encode({ noz: "77" }).finish(), height: 4n });
    const out = await unary("/stratos.sds.v1.Query/SimPrepay", Req.encode({ amount: "10wei" }).finish());
    expect(Res.decode(out)).toEqual({ noz: "77" });
    const last = calls[calls.length - 1]!;
    expect(last.path).toBe("/stratos.sds.v1.Query/SimPrepay");
    expect(Req.decode(last.data)).toEqual({ amount: "10wei" });
  });

  it("answers UNIMPLEMENTED while the app does not route a Stratos path", async () => {
    answer = (path) => ({ code: 6, codespace: "sdk", log: `unknown query path ${path}: unknown request`, value: new Uint8Array(), height: 4n });
    await expect(unary("/stratos.pot.v1.Query/Metrics", new Uint8Array())).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  it("passes the height metadata to the app and refuses a malformed one", async () => {
    answer = () => ({ code: 0, codespace: "", log: "", value: new Uint8Array(), height: 6n });
    const md = new grpc.Metadata();
    md.set("x-cosmos-block-height", "6");
    await unary("/stratos.sds.v1.Query/NozPrice", new Uint8Array(), md);
    expect(calls[calls.length - 1]).toMatchObject({ path: "/stratos.sds.v1.Query/NozPrice", height: 6n });
    const n = calls.length;
    const bad = new grpc.Metadata();
    bad.set("x-cosmos-block-height", "-1");
    await expect(unary("/stratos.sds.v1.Query/NozPrice", new Uint8Array(), bad)).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/invalid height header/) });
    expect(calls).toHaveLength(n);
  });
});
