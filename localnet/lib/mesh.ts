import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { OutputTarget } from "./child-process";
import { DaemonProcess, META_NODE_MAIN, RESOURCE_NODE_MAIN } from "./daemon-process";
import type { LocalnetNodeKey } from "./node-keys";
import { fetchJson, pollUntil } from "./wait";

/** How many resource nodes the meta node at `metaUrl` reports healthy (undefined: it does not answer). */
export async function healthyResourceNodes(metaUrl: string): Promise<number | undefined> {
  const body = (await fetchJson(`${metaUrl}/v1/status`)) as { nodes?: { healthy?: boolean }[] } | null | undefined;
  return body ? (body.nodes ?? []).filter((n) => n.healthy).length : undefined;
}

/** Waits until the meta node at `metaUrl` reports at least `count` healthy resource nodes. */
export function waitHealthyNodes(metaUrl: string, count: number, timeoutMs: number): Promise<void> {
  return pollUntil(
    async () => (((await healthyResourceNodes(metaUrl)) ?? -1) >= count ? true : undefined),
    { timeoutMs, intervalMs: 250, timeoutMessage: () => `the meta node did not see ${count} healthy resource nodes within ${timeoutMs} ms` },
  ).then(() => undefined);
}

/** Where and how the storage daemons of one net run. */
export interface MeshOptions {
  /** Folder for the daemons' configs and data (`meta-1/`, `resource-1/`, ...). */
  readonly dir: string;
  readonly chainId: string;
  readonly rpcUrl: string;
  /** The nodes registered at genesis (`localnet/node-keys.json`): one meta node, resource nodes. */
  readonly nodes: readonly LocalnetNodeKey[];
  /** Meta node port, and one port per resource node (in `nodes` order). */
  readonly ports: { readonly meta: number; readonly resources: readonly number[] };
  /** Disk quota per resource node, bytes. Default 2 GiB. */
  readonly capacityBytes?: bigint;
  /** Heartbeat period; short on dev nets so a dead node is noticed within seconds. Default 2 s. */
  readonly heartbeatSeconds?: number;
  readonly output: OutputTarget;
  /** Other meta nodes' URLs that co-sign this meta node's volume reports. */
  readonly cosigners?: readonly string[];
}

/** The running storage daemons of a net. */
export class LocalMesh {
  readonly meta: DaemonProcess;
  readonly resources: DaemonProcess[];
  readonly metaUrl: string;
  readonly resourceUrls: string[];
  readonly metaKey: LocalnetNodeKey;
  readonly resourceKeys: LocalnetNodeKey[];

  constructor(readonly options: MeshOptions) {
    const metaKey = options.nodes.find((n) => n.role === "meta");
    if (!metaKey) throw new Error("the mesh needs a meta node key");
    this.metaKey = metaKey;
    this.resourceKeys = options.nodes.filter((n) => n.role === "resource");
    if (options.ports.resources.length < this.resourceKeys.length) throw new Error(`need ${this.resourceKeys.length} resource node ports`);
    this.metaUrl = `http://127.0.0.1:${options.ports.meta}`;
    const hb = options.heartbeatSeconds ?? 2;
    const metaDir = path.join(options.dir, metaKey.name);
    const metaConfig = writeConfig(metaDir, {
      dataDir: path.join(metaDir, "data"),
      chainId: options.chainId,
      rpcUrl: options.rpcUrl,
      p2pKey: metaKey.p2pPrivateKey,
      ownerMnemonic: metaKey.owner.mnemonic,
      host: "127.0.0.1",
      port: options.ports.meta,
      publicUrl: this.metaUrl,
      heartbeatIntervalSeconds: hb,
      missedHeartbeats: 3,
      pollIntervalMs: 500,
      reportIntervalMs: 1000,
      repairIntervalMs: 2000,
      epochReportDelayBlocks: 1,
      cosigners: (options.cosigners ?? []).map((url) => ({ url })),
    });
    this.meta = new DaemonProcess({ name: metaKey.name, script: META_NODE_MAIN, args: ["start", "--config", metaConfig], readyUrl: `${this.metaUrl}/v1/status`, output: options.output });
    this.resourceUrls = [];
    this.resources = this.resourceKeys.map((key, i) => {
      const port = options.ports.resources[i]!;
      const url = `http://127.0.0.1:${port}`;
      this.resourceUrls.push(url);
      const dir = path.join(options.dir, key.name);
      const config = writeConfig(dir, {
        dataDir: path.join(dir, "data"),
        host: "127.0.0.1",
        port,
        publicUrl: url,
        chainId: options.chainId,
        privateKeyHex: key.p2pPrivateKey,
        metaUrl: this.metaUrl,
        metaAddress: metaKey.networkAddress,
        capacityBytes: String(options.capacityBytes ?? 2n * 1024n ** 3n),
        heartbeatIntervalMs: hb * 1000,
        logLevel: "warn",
      });
      return new DaemonProcess({ name: key.name, script: RESOURCE_NODE_MAIN, args: ["start", "--config", config], readyUrl: `${url}/v1/status`, output: options.output });
    });
  }

  /** Starts the meta node, then the resource nodes, and waits until the meta node sees them healthy. */
  async start(timeoutMs = 60_000): Promise<void> {
    await this.meta.start(timeoutMs);
    await Promise.all(this.resources.map((r) => r.start(timeoutMs)));
    await this.waitHealthy(this.resources.length, timeoutMs);
  }

  /** Waits until the meta node reports at least `count` healthy resource nodes. */
  waitHealthy(count: number, timeoutMs = 60_000): Promise<void> {
    return waitHealthyNodes(this.metaUrl, count, timeoutMs);
  }

  /** Stops the resource nodes, then the meta node. */
  async stop(): Promise<void> {
    await Promise.all(this.resources.map((r) => r.stop()));
    await this.meta.stop();
  }
}

/** Writes `config` as `<dir>/config.json` (creating `dir`) and returns that path. */
function writeConfig(dir: string, config: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
  return file;
}
