import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMetaNodeConfig, parseMetaNodeConfig } from "./config";

const valid = { dataDir: "/tmp/x", chainId: "c", rpcUrl: "http://127.0.0.1:26657", p2pKey: "ab".repeat(32), ownerMnemonic: "m" };

describe("meta node config", () => {
  it("applies defaults", () => {
    const c = parseMetaNodeConfig(valid);
    expect(c).toMatchObject({ host: "127.0.0.1", port: 0, replicasDefault: 3, ticketLifetimeSeconds: 300, missedHeartbeats: 3, epochReportDelayBlocks: 2, cosigners: [] });
  });

  it("lists every problem", () => {
    expect(() => parseMetaNodeConfig({ ...valid, p2pKey: "xyz", rpcUrl: "nope", ticketLifetimeSeconds: 3600 })).toThrow(/p2pKey[\s\S]*rpcUrl|rpcUrl[\s\S]*p2pKey/);
    expect(() => parseMetaNodeConfig({})).toThrow(/dataDir/);
  });

  it("reads a file, resolves dataDir against it, and lets flags and env override", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meta-cfg-"));
    try {
      const file = path.join(dir, "meta.json");
      const { ownerMnemonic: _m, ...rest } = valid;
      writeFileSync(file, JSON.stringify({ ...rest, dataDir: "data", port: 18000 }));
      const c = loadMetaNodeConfig(file, { port: "18001", replicas: "2", healthTimeout: "5" }, { STRATOS_META_MNEMONIC: "words" });
      expect(c).toMatchObject({ dataDir: path.join(dir, "data"), port: 18001, replicasDefault: 2, missedHeartbeats: 5, ownerMnemonic: "words" });
      writeFileSync(file, "{nope");
      expect(() => loadMetaNodeConfig(file)).toThrow(/not valid JSON/);
      expect(() => loadMetaNodeConfig(path.join(dir, "missing.json"))).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
