import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { StratosApp } from "../app/app";
import { CommitStore } from "../store/commit-store";
import { appQuerier, Code, httpStatusFromCode, QUERY_PATHS, queryStatus } from "./query-client";

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
  it("lists only paths the app routes", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-api-"));
    const store = CommitStore.open(dir);
    try {
      const q = appQuerier(new StratosApp(store, { verifyWorkers: 0 }));
      for (const p of QUERY_PATHS) {
        const res = q.query(p, new Uint8Array()) as { log: string };
        expect(`${p}: ${res.log}`).not.toMatch(/unknown query path/);
      }
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
