import Fastify, { type FastifyInstance } from "fastify";
import { clientErrorHandler, installErrorHandlers, refuseConnect } from "../shared/http-errors";
import { cosign } from "./reporter";
import type { MetaService } from "./service";

/**
 * The meta node's HTTP API (PROTOCOL.md section 4) over a {@link MetaService}. Errors answer
 * `{ code, message, ... }` with the error's status (the shared handlers of both daemons); `log`
 * gets a line for every unexpected (500 `internal`) error.
 */
export function buildServer(service: MetaService, opts: { logger?: boolean; bodyLimit?: number; log?: (msg: string) => void } = {}): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 32 * 1024 * 1024, clientErrorHandler });
  refuseConnect(app.server);

  installErrorHandlers(app, {
    onError: (req, _reply, { body }, err) => {
      if (body.code === "internal") opts.log?.(`${req.method} ${req.url}: ${(err as Error | undefined)?.stack ?? String(err)}`);
    },
  });

  app.get("/v1/status", async () => service.status());
  app.get<{ Params: { wallet: string } }>("/v1/ozone/:wallet", async (req) => service.ozone(req.params.wallet));

  app.post("/v1/uploads", async (req) => service.upload(req.body));
  app.get<{ Params: { id: string } }>("/v1/uploads/:id", async (req) => service.uploadStatus(req.params.id));
  app.post<{ Params: { id: string } }>("/v1/uploads/:id/complete", async (req) => service.complete(req.params.id, req.body));

  app.post("/v1/downloads", async (req) => service.download(req.body));
  app.get<{ Params: { cid: string } }>("/v1/files/:cid", async (req) => service.file(req.params.cid));
  app.get<{ Querystring: { owner?: string } }>("/v1/files", async (req) => service.files(req.query.owner));

  app.post("/v1/acks", async (req) => service.ack(req.body));
  app.post("/v1/receipts", async (req) => service.receipts(req.body));
  app.get<{ Querystring: { wallet?: string; ticket_nonce?: string } }>("/v1/receipts/proof", async (req) => service.receiptProof(req.query.wallet, req.query.ticket_nonce));
  app.post("/v1/heartbeats", async (req) => service.heartbeat(req.body));

  app.post("/v1/cosign", async (req) =>
    cosign(req.body, {
      db: service.db,
      gateway: service.gateway,
      follower: service.follower,
      key: service.key,
      chainId: service.cfg.chainId,
      nowSeconds: service.nowSeconds(),
      replayGuard: service.replayGuard,
    }),
  );
  app.get("/v1/reports", async () => ({
    reports: service.db.allReports().map((r) => ({ ...r, epoch: String(r.epoch), ...(r.height !== undefined ? { height: String(r.height) } : {}) })),
  }));

  return app;
}
