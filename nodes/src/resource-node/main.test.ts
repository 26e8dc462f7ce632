import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { metaKey, startFakeMeta, tempDir, waitFor } from "./test-helpers";

const TSX = resolve(__dirname, "../../../node_modules/.bin/tsx");
const MAIN = resolve(__dirname, "main.ts");

describe("stratos-resource-node CLI", () => {
  it("starts from a config file with a flag override, logs requests and stops cleanly on SIGTERM", async () => {
    const meta = await startFakeMeta();
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, "key.hex"), "ab".repeat(32));
      await writeFile(
        join(dir.path, "rn.json"),
        JSON.stringify({ dataDir: "data", chainId: "stratos-test", keyFile: "key.hex", metaUrl: meta.url, metaAddress: metaKey.address, capacityBytes: 1000, port: 1 }),
      );
      const child = spawn(TSX, [MAIN, "start", "--config", join(dir.path, "rn.json"), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      await waitFor(() => out.includes("resource node started"), 20_000);
      const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      expect(url).toBeDefined();
      const status = (await (await fetch(`${url}/v1/status`)).json()) as Record<string, unknown>;
      expect(status.capacity_bytes).toBe("1000");
      await waitFor(() => out.includes('"url":"/v1/status","status":200'));
      await waitFor(() => meta.heartbeats.length > 0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(out).toMatch(/resource node stopped/);
    } finally {
      await meta.close();
      await dir.remove();
    }
  }, 30_000);

  it("exits 1 with a clear message on a bad config", async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, "rn.json"), JSON.stringify({ dataDir: "d", chainId: "x" }));
      const child = spawn(TSX, [MAIN, "start", "--config", join(dir.path, "rn.json")], { stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
      expect(code).toBe(1);
      expect(err).toMatch(/invalid resource node config: .*metaUrl/);
    } finally {
      await dir.remove();
    }
  }, 30_000);
});
