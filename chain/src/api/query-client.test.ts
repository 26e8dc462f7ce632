import { openUnitApp } from "../../test/helpers/unit-app";
import { groupByService } from "./grpc-server";
import { appQuerier, Code, COSMOS_QUERY_PATHS, httpStatusFromCode, QUERY_PATHS, queryStatus, STRATOS_QUERY_PATHS } from "./query-client";

describe("ABCI query errors as gRPC status", () => {
  it("reads the code from the app's `rpc error:` log and drops the sdk suffix", () => {
    const st = queryStatus({ code: 22, codespace: "sdk", log: "rpc error: code = NotFound desc = account st1x not found: key not found: key not found" });
    expect(st).toEqual({ code: Code.NotFound, message: "rpc error: code = NotFound desc = account st1x not found: key not found", details: "account st1x not found: key not found" });
    expect(queryStatus({ code: 18, codespace: "sdk", log: "rpc error: code = InvalidArgument desc = empty address string is not allowed: invalid request" }).code).toBe(Code.InvalidArgument);
    expect(queryStatus({ code: 18, codespace: "sdk", log: "rpc error: code = FailedPrecondition desc = x: invalid request" }).code).toBe(Code.FailedPrecondition);
  });

  it("falls back to the ABCI code: 22 NotFound, 18 InvalidArgument, 6 Unknown or Unimplemented", () => {
    expect(queryStatus({ code: 22, codespace: "sdk", log: "key not found" }).code).toBe(Code.NotFound);
    expect(queryStatus({ code: 18, codespace: "sdk", log: "cannot query with height in the future; please provide a valid height: invalid request" }).code).toBe(Code.InvalidArgument);
    expect(queryStatus({ code: 6, codespace: "sdk", log: "unknown query path /x.Y/Z: unknown request" }).code).toBe(Code.Unimplemented);
    expect(queryStatus({ code: 6, codespace: "sdk", log: "insufficient funds With gas wanted: '1' and gas used: '2' : unknown request" }).code).toBe(Code.Unknown);
    expect(queryStatus({ code: 7, codespace: "bank", log: "x" }).code).toBe(Code.Unknown);
  });

  it("maps gRPC codes to HTTP statuses as grpc-gateway does", () => {
    expect(httpStatusFromCode(Code.NotFound)).toBe(404);
    expect(httpStatusFromCode(Code.InvalidArgument)).toBe(400);
    expect(httpStatusFromCode(Code.FailedPrecondition)).toBe(400);
    expect(httpStatusFromCode(Code.Unimplemented)).toBe(501);
    expect(httpStatusFromCode(Code.Unknown)).toBe(500);
    expect(httpStatusFromCode(Code.Internal)).toBe(500);
    expect(httpStatusFromCode(Code.Unauthenticated)).toBe(401);
    expect(httpStatusFromCode(Code.Unavailable)).toBe(503);
  });
});

describe("QUERY_PATHS", () => {
  async function withApp(fn: (unrouted: (path: string) => boolean) => void): Promise<void> {
    const { app, close } = openUnitApp({ prefix: "stratos-api-" });
    try {
      const q = appQuerier(app);
      fn((p) => /unknown query path/.test((q.query(p, new Uint8Array()) as { log: string }).log));
    } finally {
      await close();
    }
  }

  it("is the Cosmos paths then the Stratos paths", () => {
    expect(QUERY_PATHS).toEqual([...COSMOS_QUERY_PATHS, ...STRATOS_QUERY_PATHS]);
    expect(new Set(QUERY_PATHS).size).toBe(QUERY_PATHS.length);
  });

  it("lists only Cosmos paths the app routes", async () => {
    await withApp((unrouted) => {
      for (const p of COSMOS_QUERY_PATHS) expect({ path: p, unrouted: unrouted(p) }).toEqual({ path: p, unrouted: false });
    });
  });

  // The Stratos modules land one by one: a service the app does not route yet answers
  // Unimplemented, but once a module routes any of its queries it must route all of them.
  it("has each Stratos query service routed completely or not yet at all", async () => {
    await withApp((unrouted) => {
      for (const [service, methods] of groupByService(STRATOS_QUERY_PATHS)) {
        const missing = methods.filter((m) => unrouted(`/${service}/${m}`));
        if (missing.length !== methods.length) expect({ service, missing }).toEqual({ service, missing: [] });
      }
    });
  });
});
