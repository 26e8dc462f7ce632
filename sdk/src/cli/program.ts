import { promises as fsp } from "node:fs";
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { Command, CommanderError } from "commander";
import { toHex } from "@cosmjs/encoding";
import type { Coin } from "@stratos/proto/gen/ts/cosmos/base/v1beta1/coin";
import { StratosClient, type StratosClientOptions } from "../client/stratos-client";
import { walletFromMnemonic } from "../client/wallet";
import { StratosError } from "../errors/base";
import { walletKeyFromMnemonic, walletKeyFromPrivateKey, type Envelope, type Receipt, type WalletKey } from "../mesh";
import { MeshClient } from "../storage/mesh-client";
import { UploadIncompleteError, rootCause } from "../storage/errors";
import { parseByteRange } from "../storage/ranges";
import { proveReceiptCounted } from "../verified/receipt-check";
import { UsageError, formatStos, parseAmount, parsePositiveInt } from "./amounts";
import { fileProofLines, proveFileChunk, readReceipts } from "./proofs";
import { ChainQueryError, ChainUnreachableError, EXIT, exitCodeFor } from "./exit-codes";

/**
 * Where the CLI reads and writes, and how it reaches the chain; tests pass fakes.
 *
 * @example
 * const io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };
 */
export interface CliIO {
  readonly stdout: { write(chunk: string | Uint8Array): boolean };
  readonly stderr: { write(chunk: string): boolean; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Default: StratosClient.connect. */
  readonly connectChain?: (options: StratosClientOptions) => Promise<StratosClient>;
  /** Cancels running uploads/downloads (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * The global options of every command.
 *
 * @example
 * const g: GlobalOptions = { rpc: "http://127.0.0.1:26657", meta: "http://127.0.0.1:18100", chainId: "stratos-localnet", json: false };
 */
export interface GlobalOptions {
  readonly rpc: string;
  readonly meta: string;
  readonly chainId: string;
  readonly mnemonicFile?: string;
  readonly json: boolean;
}

/** JSON with bigints as decimal strings and bytes as hex. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? toHex(v) : v));
}

function coinsText(coins: readonly Coin[]): string {
  if (coins.length === 0) return "0 STOS";
  return coins.map((c) => (c.denom === "wei" ? formatStos(BigInt(c.amount)) : `${c.amount}${c.denom}`)).join(", ");
}

function purchasedNoz(events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[]): string | undefined {
  for (const e of events) {
    if (!/EventPrePay$/.test(e.type)) continue;
    const a = e.attributes.find((x) => x.key === "purchased_noz");
    if (a) return a.value.replace(/^"|"$/g, "");
  }
  return undefined;
}

/** Per-run helpers: keys, clients, output. */
class Context {
  private keys?: Promise<{ mnemonic: string; wallet: WalletKey }>;
  private readonly chains: StratosClient[] = [];

  constructor(
    readonly g: GlobalOptions,
    readonly io: CliIO,
  ) {}

  async mnemonic(): Promise<string> {
    if (this.g.mnemonicFile) {
      try {
        return (await fsp.readFile(this.g.mnemonicFile, "utf8")).trim();
      } catch (e) {
        throw new UsageError(`cannot read the mnemonic file ${this.g.mnemonicFile}`, { cause: e, details: (e as Error).message });
      }
    }
    const m = this.io.env["STRATOS_MNEMONIC"]?.trim();
    if (!m) throw new UsageError("no key: pass --mnemonic-file <path> or set STRATOS_MNEMONIC");
    return m;
  }

  wallet(): Promise<WalletKey> {
    this.keys ??= this.mnemonic().then(async (mnemonic) => {
      try {
        return { mnemonic, wallet: await walletKeyFromMnemonic(mnemonic) };
      } catch (e) {
        throw new UsageError("the mnemonic is not a valid BIP-39 phrase", { cause: e });
      }
    });
    return this.keys.then((k) => k.wallet);
  }

  async chain(withSigner: boolean): Promise<StratosClient> {
    const signer = withSigner ? await walletFromMnemonic(await this.mnemonic()) : undefined;
    const connect = this.io.connectChain ?? ((o: StratosClientOptions) => StratosClient.connect(o));
    let client: StratosClient;
    try {
      client = await connect({ rpcUrl: this.g.rpc, ...(signer ? { signer } : {}) });
    } catch (e) {
      throw new ChainUnreachableError(this.g.rpc, e);
    }
    this.chains.push(client);
    return client;
  }

  async mesh(chain?: StratosClient, wallet?: WalletKey): Promise<MeshClient> {
    return new MeshClient({ metaUrl: this.g.meta, chainId: this.g.chainId, wallet: wallet ?? (await this.wallet()), ...(chain ? { chain } : {}) });
  }

  /** Prints the result: JSON with --json, else the plain lines. */
  print(json: unknown, plain: string | readonly string[]): void {
    if (this.g.json) this.io.stdout.write(toJson(json) + "\n");
    else for (const line of typeof plain === "string" ? [plain] : plain) this.io.stdout.write(line + "\n");
  }

  /** A progress bar on stderr, unless --json or stderr is not a terminal. */
  bar(unit: string): { start(total: number): void; update(value: number, slices: string): void; stop(): void } {
    if (this.g.json || !this.io.stderr.isTTY) return { start() {}, update() {}, stop() {} };
    const b = new SingleBar(
      { stream: this.io.stderr as NodeJS.WritableStream, format: `{bar} {percentage}% | {value}/{total} ${unit} | slices {slices} | {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
      Presets.shades_classic,
    );
    let started = false;
    return {
      start: (total) => {
        if (!started) b.start(total, 0, { slices: "" });
        started = true;
      },
      update: (v, slices) => b.update(v, { slices }),
      stop: () => {
        if (started) b.stop();
      },
    };
  }

  close(): void {
    for (const c of this.chains) {
      try {
        c.disconnect();
      } catch {
        // ignore
      }
    }
  }
}

async function chainQuery<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof StratosError) throw e;
    throw new ChainQueryError(what, e);
  }
}

/**
 * Builds the `stratos` command (commander). Actions throw typed errors; {@link runCli} turns them
 * into messages and exit codes. Call `.exitOverride()` on it to keep commander from exiting.
 *
 * @example
 * const program = buildProgram(io, (ctx) => contexts.push(ctx));
 * await program.parseAsync(["ozone", "--json"], { from: "user" });
 */
export function buildProgram(io: CliIO, onContext?: (close: () => void) => void): Command {
  const program = new Command("stratos")
    .description("Stratos-TS: buy ozone, upload, download and verify files on the storage mesh, and manage rewards")
    .option("--rpc <url>", "CometBFT RPC of the chain", "http://127.0.0.1:26657")
    .option("--meta <url>", "meta node of the storage mesh", "http://127.0.0.1:18100")
    .option("--chain-id <id>", "chain id that requests are signed for", "stratos-localnet")
    .option("--mnemonic-file <path>", "file holding the wallet's BIP-39 mnemonic (else env STRATOS_MNEMONIC)")
    .option("--json", "machine-readable output (no progress bars)", false)
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const ctxOf = (cmd: Command): Context => {
    const o = cmd.optsWithGlobals<{ rpc: string; meta: string; chainId: string; mnemonicFile?: string; json?: boolean }>();
    const ctx = new Context({ rpc: o.rpc, meta: o.meta, chainId: o.chainId, mnemonicFile: o.mnemonicFile, json: o.json === true }, io);
    onContext?.(() => ctx.close());
    return ctx;
  };

  program
    .command("prepay")
    .description("buy ozone (storage and traffic credit) for STOS")
    .argument("<amount>", "STOS (e.g. 1.5) or wei (e.g. 1000wei)")
    .action(async (amountText: string, _o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const amount = parseAmount(amountText);
      const chain = await ctx.chain(true);
      const res = await chain.prepay(amount);
      const noz = purchasedNoz(res.events);
      ctx.print({ txHash: res.txHash, height: res.height, amountWei: amount, purchasedNoz: noz ?? null }, [
        `prepaid ${formatStos(amount)} in tx ${res.txHash} (height ${res.height})${noz !== undefined ? `: ${noz} noz` : ""}`,
      ]);
    });

  program
    .command("ozone")
    .description("show the wallet's ozone balance at the meta node")
    .action(async (_o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const oz = await (await ctx.mesh()).ozone(io.signal);
      ctx.print(oz, [`wallet   ${oz.wallet}`, `balance  ${oz.balance_noz} noz`, `prepaid  ${oz.prepaid_noz} noz`, `spent    ${oz.spent_noz} noz`]);
    });

  program
    .command("upload")
    .description("upload a file; prints its CID once the chain holds the record")
    .argument("<file>", "path of the file")
    .option("--replicas <n>", "distinct resource nodes per slice", "3")
    .option("--name <name>", "name kept with the file (default: the file's base name)")
    .option("--resume <uploadId>", "continue an upload that stopped")
    .option("--retries <n>", "retries per slice and holder", "3")
    .action(async (file: string, o: { replicas: string; name?: string; resume?: string; retries: string }, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const replicas = parsePositiveInt(o.replicas, "--replicas");
      const retries = parsePositiveInt(o.retries, "--retries", true);
      const st = await fsp.stat(file).catch((e: unknown) => {
        throw new UsageError(`cannot read ${file}`, { cause: e, details: (e as Error).message });
      });
      if (!st.isFile()) throw new UsageError(`${file} is not a regular file`);
      const wallet = await ctx.wallet();
      const mesh = await ctx.mesh(await ctx.chain(false), wallet);
      const bar = ctx.bar("bytes");
      try {
        const res = await mesh.upload(file, {
          replicas,
          retries,
          name: o.name ?? path.basename(file),
          ...(o.resume ? { resumeUploadId: o.resume } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (e) => {
            bar.start(e.totalBytes);
            bar.update(e.bytesSent, `${e.slicesDone}/${e.sliceCount}`);
          },
        });
        bar.stop();
        ctx.print({ cid: res.cid, size: res.size, txHash: res.txHash, height: res.height, uploadId: res.uploadId, replicas }, [res.cid]);
        if (!ctx.g.json) io.stderr.write(`stored ${res.size} bytes x${replicas}, recorded in tx ${res.txHash} at height ${res.height}\n`);
      } finally {
        bar.stop();
      }
    });

  program
    .command("download")
    .description("download a file (every chunk verified against its CID)")
    .argument("<cid>", "the file's CID")
    .option("-o, --output <path>", "write to this file (default: stdout)")
    .option("--range <a-b>", "only bytes a..b (inclusive)")
    .option("--slow-node-ms <ms>", "skip a holder that sends nothing for this long", "15000")
    .option("--receipts <path>", "append the traffic receipts this download signs to this file (JSON lines; for verify-receipt)")
    .action(async (cid: string, o: { output?: string; range?: string; slowNodeMs: string; receipts?: string }, cmd: Command) => {
      const ctx = ctxOf(cmd);
      let range;
      try {
        range = o.range === undefined ? undefined : parseByteRange(o.range);
      } catch (e) {
        throw new UsageError((e as StratosError).shortMessage, { hints: (e as StratosError).hints });
      }
      const slowNodeMs = parsePositiveInt(o.slowNodeMs, "--slow-node-ms");
      if (!o.output && ctx.g.json) throw new UsageError("--json needs -o <path> (the file's bytes would go to stdout)");
      const mesh = await ctx.mesh();
      const bar = ctx.bar("bytes");
      const opts = {
        slowNodeMs,
        ...(range ? { range } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: (e: { bytesReceived: number; totalBytes: number; slicesDone: number; sliceCount: number }) => {
          bar.start(e.totalBytes);
          bar.update(e.bytesReceived, `${e.slicesDone}/${e.sliceCount}`);
        },
        onHolderFailure: (f: { node: string; sliceIndex: number; reason: string }) => {
          if (!ctx.g.json) io.stderr.write(`\nwarning: ${f.node} failed on slice ${f.sliceIndex} (${f.reason}); trying the next holder\n`);
        },
        ...(o.receipts ? { onReceipt: (r: Envelope<Receipt>) => receiptLines.push(JSON.stringify(r)) } : {}),
      };
      const receiptLines: string[] = [];
      try {
        if (o.output) {
          const res = await mesh.downloadToFile(cid, o.output, opts);
          bar.stop();
          ctx.print({ cid, bytes: res.bytes, path: res.path }, [`wrote ${res.bytes} verified bytes to ${res.path}`]);
        } else {
          const out = io.stdout as { write(c: Uint8Array): boolean; once?: (ev: "drain", f: () => void) => unknown };
          for await (const part of mesh.download(cid, opts)) {
            if (!out.write(part) && typeof out.once === "function") await new Promise<void>((r) => out.once!("drain", r));
          }
        }
      } finally {
        bar.stop();
        if (o.receipts && receiptLines.length > 0) await fsp.appendFile(o.receipts, receiptLines.map((l) => l + "\n").join(""));
      }
    });

  program
    .command("ls")
    .description("list the wallet's files")
    .action(async (_o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const files = await (await ctx.mesh()).ls(io.signal);
      ctx.print(
        { files },
        files.length === 0 ? ["(no files)"] : files.map((f) => `${f.cid}  ${String(f.size).padStart(12)}  x${f.replicas ?? "?"}  ${f.name ?? ""}`.trimEnd()),
      );
    });

  program
    .command("info")
    .description("show a file's record at the meta node and on chain")
    .argument("<cid>", "the file's CID")
    .action(async (cid: string, _o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      // No key needed: a throwaway wallet signs nothing here.
      const wallet = await ctx.wallet().catch(() => walletKeyFromPrivateKey(new Uint8Array(32).fill(1)));
      let chain: StratosClient | undefined;
      try {
        chain = await ctx.chain(false);
      } catch (e) {
        if (!(e instanceof ChainUnreachableError)) throw e;
        if (!ctx.g.json) io.stderr.write(`warning: ${e.shortMessage}; showing the meta node's record only\n`);
      }
      const info = await (await ctx.mesh(chain, wallet)).info(cid, io.signal);
      const c = info.chain;
      const lines = [
        `cid       ${info.mesh.cid}`,
        `owner     ${info.mesh.owner}`,
        `size      ${info.mesh.size}`,
        `root      ${info.mesh.merkle_root}`,
        `replicas  ${info.mesh.replicas ?? "?"}`,
        ...info.mesh.slices.map((s) => `slice ${s.slice_index}  ${s.slice_root}  ${s.holders.map((h) => `${h.node}${h.healthy === false ? " (unhealthy)" : ""}`).join(", ")}`),
        c === undefined ? "on chain  (chain not reachable)" : c ? `on chain  height ${c.height}, owner ${c.owner}, size ${c.size}, root ${toHex(c.merkleRoot)}` : "on chain  (no record)",
      ];
      ctx.print({ mesh: info.mesh, chain: c ?? null }, lines);
    });

  program
    .command("verify")
    .description("check that a file (or one chunk) can be fetched and matches its CID")
    .argument("<cid>", "the file's CID")
    .option("--chunk <n>", "check only this chunk, with its Merkle proof")
    .option("--proof", "prove the on-chain record (light client) and check a chunk (default 0) against its root", false)
    .action(async (cid: string, o: { chunk?: string; proof: boolean }, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const chunk = o.chunk === undefined ? undefined : parsePositiveInt(o.chunk, "--chunk", true);
      if (o.proof) {
        const chain = await ctx.chain(false);
        const report = await proveFileChunk(cid, chunk ?? 0, chain, await ctx.mesh(), io.signal);
        ctx.print(report, fileProofLines(report));
        return;
      }
      const res = await (await ctx.mesh()).verify(cid, { ...(chunk !== undefined ? { chunk } : {}), ...(io.signal ? { signal: io.signal } : {}) });
      ctx.print(res, [
        res.ok ? `ok: ${chunk === undefined ? `${res.chunks} chunks, ${res.size} bytes` : `chunk ${chunk}`} match ${cid}` : `FAILED: ${res.problem ?? "mismatch"}`,
        ...res.failures.map((f) => `  ${f.node} slice ${f.sliceIndex}: ${f.kind}: ${f.reason}`),
      ]);
      if (!res.ok) throw new VerifyFailed();
    });

  program
    .command("verify-receipt")
    .description("prove that traffic receipts you signed are counted in a volume report on chain")
    .argument("<file>", "receipt envelope(s): JSON, a JSON array or JSON lines (see download --receipts)")
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const receipts = await readReceipts(file);
      const chain = await ctx.chain(false);
      const wallet = walletKeyFromPrivateKey(new Uint8Array(32).fill(1)); // signs nothing: proofs are public
      const mesh = await ctx.mesh(chain, wallet);
      const chainId = await chain.chainId();
      const results = [];
      for (const r of receipts) results.push(await proveReceiptCounted(r, { mesh, verified: chain.verified, chainId }));
      ctx.print(
        { receipts: results },
        results.flatMap((c) => [
          `receipt ${c.wallet} -> ${c.node}, ${c.bytes} bytes: counted in epoch ${c.epoch} (leaf ${c.leafIndex} of ${c.receiptCount})`,
          `  volume report by ${c.reporter} in tx ${c.txHash}, reference ${c.reference}, proven at height ${c.height}`,
        ]),
      );
    });

  program
    .command("rewards")
    .description("show matured and immature rewards of a wallet (default: yours)")
    .argument("[wallet]", "st1... address")
    .action(async (walletArg: string | undefined, _o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const address = walletArg ?? (await ctx.wallet()).address;
      const chain = await ctx.chain(false);
      const r = await chainQuery(`rewards of ${address}`, () => chain.pot.rewardsByWallet(address));
      ctx.print({ wallet: address, mature: r.matureTotalReward, immature: r.immatureTotalReward }, [
        `wallet    ${address}`,
        `mature    ${coinsText(r.matureTotalReward)}`,
        `immature  ${coinsText(r.immatureTotalReward)}`,
      ]);
    });

  program
    .command("withdraw")
    .description("withdraw matured rewards (default: all of them)")
    .argument("[amount]", "STOS (e.g. 1.5) or wei (e.g. 1000wei)")
    .action(async (amountText: string | undefined, _o: unknown, cmd: Command) => {
      const ctx = ctxOf(cmd);
      const amount = amountText === undefined ? undefined : parseAmount(amountText);
      const chain = await ctx.chain(true);
      let coins: Coin[];
      if (amount === undefined) {
        const r = await chainQuery("matured rewards", () => chain.pot.rewardsByWallet(chain.signerAddress));
        coins = r.matureTotalReward.filter((c) => BigInt(c.amount) > 0n);
        if (coins.length === 0) throw new UsageError("there are no matured rewards to withdraw", { hints: ["see `stratos rewards`"] });
      } else {
        coins = [{ denom: "wei", amount: amount.toString() }];
      }
      const res = await chain.withdraw(coins);
      ctx.print({ txHash: res.txHash, height: res.height, amount: coins }, [`withdrew ${coinsText(coins)} in tx ${res.txHash} (height ${res.height})`]);
    });

  return program;
}

/** verify found a mismatch; already reported on stdout. */
class VerifyFailed extends StratosError {
  override readonly name = "VerifyFailed";
  constructor() {
    super("verification failed");
  }
}

/**
 * Runs the CLI on user arguments (without `node` and the script) and returns the exit code; never
 * calls process.exit. Errors are printed on stderr (as `{"error": ...}` JSON with --json).
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function runCli(args: readonly string[], io: CliIO): Promise<number> {
  const closers: (() => void)[] = [];
  const program = buildProgram(io, (c) => closers.push(c)).exitOverride();
  for (const c of program.commands) c.exitOverride();
  const json = args.includes("--json");
  try {
    await program.parseAsync([...args], { from: "user" });
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version" ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof VerifyFailed) return EXIT.INTEGRITY;
    const code = exitCodeFor(e);
    const err = rootCause(e);
    const upload = e instanceof UploadIncompleteError ? e.uploadId : undefined;
    if (json) {
      const se = err instanceof StratosError ? err : undefined;
      io.stderr.write(
        toJson({
          error: {
            name: (err as Error)?.name ?? "Error",
            message: se?.shortMessage ?? (err as Error)?.message ?? String(err),
            details: se?.details,
            hints: se?.hints,
            code: (err as { code?: unknown })?.code,
            uploadId: upload,
            exitCode: code,
          },
        }) + "\n",
      );
    } else {
      const msg = e instanceof Error ? e.message : String(e);
      io.stderr.write(`\nerror: ${msg}\n`);
      if (upload && err !== e && err instanceof Error) io.stderr.write(`cause: ${err.message}\n`);
    }
    return code;
  } finally {
    for (const c of closers) c();
  }
}
