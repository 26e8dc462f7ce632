import type { AppQuerier, QueryResult } from "../../src/api/query-client";
import { startRestServer, type RunningServer } from "../../src/api/rest-server";

/** One ABCI query the REST server made. */
export interface RecordedQuery {
  readonly path: string;
  readonly data: Uint8Array;
  readonly height: bigint | undefined;
}

/**
 * The REST server over an in-memory querier that records every query and answers with `answer`
 * (settable per test). Nothing listens on its CometBFT RPC URL: only app-backed routes and checks
 * made before any RPC call can be exercised.
 */
export interface RecordingRestServer {
  readonly calls: RecordedQuery[];
  answer: (path: string) => QueryResult;
  get(url: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Forgets the calls and restores the default answer. */
  reset(): void;
  close(): Promise<void>;
}

/** A successful ABCI answer. */
export function okAnswer(value: Uint8Array, height: bigint): QueryResult {
  return { code: 0, codespace: "", log: "", value, height };
}

export async function startRecordingRestServer(defaultAnswer: (path: string) => QueryResult): Promise<RecordingRestServer> {
  const calls: RecordedQuery[] = [];
  const rec = { calls, answer: defaultAnswer } as RecordingRestServer;
  const app: AppQuerier = {
    query(path, data, height) {
      calls.push({ path, data, height });
      return rec.answer(path);
    },
  };
  const server: RunningServer = await startRestServer({ app, rpcUrl: "http://127.0.0.1:9", host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.port}`;
  return Object.assign(rec, {
    async get(url: string, headers: Record<string, string> = {}) {
      const res = await fetch(base + url, { headers });
      return { status: res.status, body: await res.json(), headers: res.headers };
    },
    reset() {
      calls.length = 0;
      rec.answer = defaultAnswer;
    },
    close: () => server.close(),
  });
}
