import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AuditedNode } from "./net-audit";
import { devAppState, devStakingValidators, freeNetPorts, isRunning, loadDevAccounts, loadNodeKeys, pollUntil, ValidatorNet, type DevAccount, type NetMember, type StratosGenesisOptions } from "../../../localnet/lib";

/** A net of several validators in a temporary folder on free ports (never the localnet's). */
export interface ValidatorTestnet {
  readonly net: ValidatorNet;
  readonly dir: string;
  readonly chainId: string;
  readonly accounts: readonly DevAccount[];
  /** RPC URLs of the members whose processes are running (a test takes some down). */
  liveUrls(): string[];
  /** The last `lines` lines of a member's CometBFT and app logs, for failure messages. */
  logTail(member: NetMember, lines?: number): string;
  stop(): Promise<void>;
}

export interface ValidatorTestnetOptions {
  readonly validators?: number;
  readonly chainId?: string;
  readonly timeoutCommit?: string;
  /** More config.toml keys for every member (`"section.key"` to a TOML value). */
  readonly config?: Readonly<Record<string, string>>;
  /** Every member takes a state-sync snapshot every this many heights (default: none). */
  readonly snapshotInterval?: number;
  /** Genesis of the Stratos modules; default the localnet's nodes and settings, validator i operated by dev account i. */
  readonly stratos?: StratosGenesisOptions;
}

/**
 * Starts N validators (default 4) with the dev accounts funded and waits until each has block 1.
 * Like startTestnet, a start that fails is retried once on fresh ports and a fresh folder.
 */
export async function startValidatorTestnet(opts: ValidatorTestnetOptions = {}): Promise<ValidatorTestnet> {
  try {
    return await startOnce(opts);
  } catch (e) {
    console.warn(`validator testnet start failed (${(e as Error).message}); retrying once on fresh ports`);
    return startOnce(opts);
  }
}

async function startOnce(opts: ValidatorTestnetOptions): Promise<ValidatorTestnet> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-vnet-"));
  const n = opts.validators ?? 4;
  const chainId = opts.chainId ?? "stratos-test";
  const accounts = loadDevAccounts();
  const ports = await freeNetPorts(n);
  const net = ValidatorNet.create({
    dir,
    chainId,
    validators: n,
    ports,
    timeoutCommit: opts.timeoutCommit ?? "300ms",
    minGasPrices: "1000000000wei",
    logLevel: "state:info,blocksync:info,*:error",
    // A validator that is down costs each of its turns to propose a timed-out round (by default
    // 3 s to propose, then 1 s waiting for precommits); shorter is plenty on one machine.
    config: { "consensus.timeout_propose": '"1s"', "consensus.timeout_prevote": '"500ms"', "consensus.timeout_precommit": '"500ms"', ...(opts.config ?? {}) },
    // Validator i is the staking validator operated and self-bonded by dev account i.
    appState: (validators) => devAppState(accounts, undefined, { ...(opts.stratos ?? { nodes: loadNodeKeys() }), validators: opts.stratos?.validators ?? devStakingValidators(validators, accounts) }),
    output: (member) => ({ logDir: path.join(dir, "logs", member) }),
    ...(opts.snapshotInterval ? { snapshotInterval: opts.snapshotInterval } : {}),
  });
  const logTail = (m: NetMember, lines = 3) =>
    ["cometbft.log", "app.log"]
      .map((file) => {
        try {
          return `${m.name}/${file}: ${readFileSync(path.join(dir, "logs", m.name, file), "utf8").trimEnd().split("\n").slice(-lines).join("\n  ")}`;
        } catch {
          return `${m.name}/${file}: (no log)`;
        }
      })
      .join("\n");
  try {
    await net.start();
  } catch (e) {
    await net.stop().catch(() => undefined);
    const logs = net.members.map((m) => logTail(m)).join("\n");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${logs}`);
  }
  return {
    net,
    dir,
    chainId,
    accounts,
    logTail,
    liveUrls: () => net.members.filter((m) => isRunning(m.node.comet) && isRunning(m.node.app)).map((m) => m.rpcUrl),
    stop: async () => {
      await net.stop();
      if (!process.env["KEEP_TESTNET"]) rmSync(dir, { recursive: true, force: true });
      else console.log(`kept the net in ${dir}`);
    },
  };
}

/** A member as the net audit reads it. */
export function auditedNode(m: NetMember): AuditedNode {
  return { name: m.name, url: m.rpcUrl, waitForHeight: (h, ms) => m.node.waitForHeight(h, ms) };
}

/**
 * Resolves with the seconds `member` took to reach the highest height of `others` (as it is
 * then) and at least `minHeight` (so a node restarted at the tip must still make a block);
 * throws when it has not within `timeoutMs` (a stuck node) or one of its processes died, with
 * the last lines of its logs.
 */
export async function waitCaughtUp(t: ValidatorTestnet, member: NetMember, others: readonly NetMember[], timeoutMs: number, minHeight = 0n): Promise<number> {
  const t0 = performance.now();
  let last = "";
  await pollUntil(
    async () => {
      const [own, ...rest] = await t.net.heights([member, ...others]);
      const tip = rest.reduce<bigint>((a, b) => (b !== undefined && b > a ? b : a), 0n);
      if (own !== undefined && tip > 0n && own >= tip && own >= minHeight) return true;
      for (const [name, p] of [["app", member.node.app], ["cometbft", member.node.comet]] as const) {
        if (!isRunning(p)) throw new Error(`${member.name}'s ${name} exited (${p?.exitCode ?? p?.signalCode}) while catching up\n${t.logTail(member, 20)}`);
      }
      last = `${own ?? "no RPC"} (others at ${tip})`;
      return undefined;
    },
    { timeoutMs, intervalMs: 100, timeoutMessage: () => `${member.name} stuck at ${last} for ${timeoutMs} ms\n${t.logTail(member, 20)}` },
  );
  return (performance.now() - t0) / 1000;
}
