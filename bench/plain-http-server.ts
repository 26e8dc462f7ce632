/**
 * The mesh bench's reference: a bare `node:http` blob server, one process per resource node.
 * `PUT /slices/:name` streams the body to a temp file (written chunk by chunk as it arrives, as the
 * resource node does), fsyncs it, renames it into place and fsyncs the folder; `GET /slices/:name`
 * streams the file back; `GET /status` answers once it listens. No tickets, no hashing, no meta
 * node: what moving the same bytes costs without the mesh.
 *   node --require tsx/cjs bench/plain-http-server.ts --port 19001 --dir /tmp/plain-1
 */
import http from "node:http";
import { createReadStream, mkdirSync } from "node:fs";
import { open, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`usage: plain-http-server.ts --port N --dir DIR (missing --${name})`);
  return v;
}

const port = Number(arg("port"));
const dir = path.resolve(arg("dir"));
mkdirSync(dir, { recursive: true });

async function fsyncDir(d: string): Promise<void> {
  const h = await open(d, "r");
  try {
    await h.sync().catch(() => undefined);
  } finally {
    await h.close();
  }
}

function fail(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ code: "error", message }));
}

async function put(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const target = path.join(dir, name);
  const tmp = path.join(dir, `.tmp-${name}-${randomBytes(6).toString("hex")}`);
  let fh: FileHandle | undefined = await open(tmp, "wx", 0o644);
  try {
    let size = 0;
    for await (const part of req) {
      const bytes = part as Buffer;
      size += bytes.length;
      await fh.write(bytes);
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, target);
    await fsyncDir(dir);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, size }));
  } finally {
    await fh?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
  }
}

async function get(name: string, res: http.ServerResponse): Promise<void> {
  const file = path.join(dir, name);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) return fail(res, 404, `${name} not found`);
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(st.size) });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const m = /^\/slices\/([A-Za-z0-9._-]+)$/.exec(url.pathname);
  const work =
    url.pathname === "/status" && req.method === "GET"
      ? Promise.resolve(void res.end("ok"))
      : m && req.method === "PUT"
        ? put(m[1]!, req, res)
        : m && req.method === "GET"
          ? get(m[1]!, res)
          : Promise.resolve(fail(res, 404, "no such route"));
  work.catch((e: unknown) => fail(res, 500, (e as Error).message));
});
server.keepAliveTimeout = 30_000;
server.listen(port, "127.0.0.1");
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
