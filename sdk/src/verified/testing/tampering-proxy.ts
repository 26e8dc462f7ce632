import http from "node:http";
import type { AddressInfo } from "node:net";

/** Rewrites the `result` of one JSON-RPC answer; return undefined to pass it through unchanged. */
export type Tamper = (method: string, params: Record<string, unknown>, result: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * A CometBFT RPC in the middle: forwards every JSON-RPC call (POST body or GET /method?params) to
 * the real node and lets the test alter answers in flight. Only for tests.
 */
export interface TamperingProxy {
  readonly url: string;
  /** The current alteration (none by default). */
  tamper: Tamper | undefined;
  /** How many answers the current alteration changed. */
  altered: number;
  /** How many calls went through the proxy. */
  forwarded: number;
  close(): Promise<void>;
}

function callOf(req: http.IncomingMessage, body: string): { method: string; params: Record<string, unknown> } {
  if (req.method === "POST") {
    const j = JSON.parse(body) as { method?: string; params?: Record<string, unknown> };
    return { method: j.method ?? "", params: j.params ?? {} };
  }
  const u = new URL(req.url ?? "/", "http://x");
  return { method: u.pathname.replace(/^\//, ""), params: Object.fromEntries(u.searchParams) };
}

export async function startTamperingProxy(upstream: string): Promise<TamperingProxy> {
  const proxy: TamperingProxy = { url: "", tamper: undefined, altered: 0, forwarded: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void (async () => {
        try {
          const up = await fetch(new URL(req.url ?? "/", upstream), {
            method: req.method ?? "GET",
            headers: { "content-type": "application/json" },
            ...(req.method === "POST" ? { body } : {}),
          });
          let text = await up.text();
          proxy.forwarded++;
          const t = proxy.tamper;
          if (t) {
            const call = callOf(req, body);
            const answer = JSON.parse(text) as { result?: Record<string, unknown> };
            const changed = answer.result ? t(call.method, call.params, answer.result) : undefined;
            if (changed) {
              proxy.altered++;
              text = JSON.stringify({ ...answer, result: changed });
            }
          }
          res.writeHead(up.status, { "content-type": "application/json" });
          res.end(text);
        } catch (e) {
          res.writeHead(502, { "content-type": "application/json" });
          res.end(JSON.stringify({ jsonrpc: "2.0", id: -1, error: { code: -32603, message: String(e) } }));
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
