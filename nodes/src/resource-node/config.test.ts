import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, loadResourceNodeConfig, parseResourceNodeConfig, readPrivateKey } from "./config";
import { metaKey, tempDir } from "./test-helpers";

const base = {
  dataDir: "/tmp/rn",
  chainId: "stratos-localnet",
  privateKeyHex: "ab".repeat(32),
  metaUrl: "http://127.0.0.1:18000",
  metaAddress: metaKey.address,
  capacityBytes: "1000000",
};

describe("resource node config", () => {
  it("fills defaults and accepts capacity as a number or decimal string", () => {
    const c = parseResourceNodeConfig(base);
    expect(c).toMatchObject({ host: "127.0.0.1", port: 0, capacityBytes: 1_000_000, heartbeatIntervalMs: 30_000, logLevel: "info" });
    expect(parseResourceNodeConfig({ ...base, capacityBytes: 5 }).capacityBytes).toBe(5);
  });

  it("names every bad field", () => {
    expect(() => parseResourceNodeConfig({ ...base, port: 70000, metaAddress: "st1abc", metaUrl: "ftp://x", capacityBytes: "-1", extra: 1 })).toThrow(ConfigError);
    try {
      parseResourceNodeConfig({ ...base, port: 70000, metaAddress: "st1abc", capacityBytes: "-1" });
    } catch (e) {
      expect((e as Error).message).toMatch(/port/);
      expect((e as Error).message).toMatch(/metaAddress/);
      expect((e as Error).message).toMatch(/capacityBytes/);
    }
    expect(() => parseResourceNodeConfig({ ...base, keyFile: "/k" })).toThrow(/exactly one of privateKeyHex and keyFile/);
    const { privateKeyHex: _drop, ...noKey } = base;
    expect(() => parseResourceNodeConfig(noKey)).toThrow(/exactly one/);
  });

  it("loads a file, resolves its relative paths and applies flag overrides", async () => {
    const dir = await tempDir();
    try {
      const { privateKeyHex: _drop, ...rest } = base;
      await writeFile(join(dir.path, "key.hex"), `${"cd".repeat(32)}\n`);
      await writeFile(join(dir.path, "rn.json"), JSON.stringify({ ...rest, dataDir: "data", keyFile: "key.hex", port: 7001 }));
      const c = loadResourceNodeConfig(join(dir.path, "rn.json"), { port: 7002, heartbeatIntervalMs: undefined });
      expect(c.dataDir).toBe(join(dir.path, "data"));
      expect(c.keyFile).toBe(join(dir.path, "key.hex"));
      expect(c.port).toBe(7002);
      expect(Buffer.from(readPrivateKey(c)).toString("hex")).toBe("cd".repeat(32));
      await writeFile(join(dir.path, "bad.json"), "{");
      expect(() => loadResourceNodeConfig(join(dir.path, "bad.json"))).toThrow(/not JSON/);
      expect(() => loadResourceNodeConfig(join(dir.path, "missing.json"))).toThrow(/cannot read config file/);
      await writeFile(join(dir.path, "key.hex"), "nope");
      expect(() => readPrivateKey(c)).toThrow(/must hold/);
    } finally {
      await dir.remove();
    }
  });
});
