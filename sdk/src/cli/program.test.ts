
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { StratosClient, StratosClientOptions } from "../client/stratos-client";
import { TxFailedError } from "../errors/tx";
import { CHUNK_SIZE, hashBytes, walletKeyFromMnemonic } from "../mesh";
import { startFakeMesh, type FakeMesh } from "../storage/testing/fake-mesh";
import { formatStos, parseAmount, parsePositiveInt } from "./amounts";
import { EXIT } from "./exit-codes";
import { runCli, type CliIO } from "./program";

jest.setTimeout(30_000);

const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

describe("amounts", () => {
  it("parses STOS decimals and wei", () => {
    expect(parseAmount("1")).toBe(10n ** 18n);
    expect(parseAmount("1.5")).toBe(15n * 10n ** 17n);
    expect(parseAmount("0.000000000000000001")).toBe(1n);
    expect(parseAmount(".5")).toBe(5n * 10n ** 17n);
    expect(parseAmount("2.25stos")).toBe(225n * 10n ** 16n);
    expect(parseAmount("2 STOS")).toBe(2n * 10n ** 18n);
    expect(parseAmount("1000wei")).toBe(1000n);
    expect(parseAmount("7 wei")).toBe(7n);
    expect(parseAmount("123456789012345678901234567890wei")).toBe(123456789012345678901234567890n);
  });

  it("refuses bad amounts", () => {
    for (const bad of ["", "0", "0.0", "0wei", "-1", "1e18", "abc", "1.2.3", "1.5wei", "0.0000000000000000001", "1,5", "wei", "1 btc"]) {
      expect(() => parseAmount(bad)).toThrow(/bad amount/);
    }
  });

  it("formats wei as STOS", () => {
    expect(formatStos(15n * 10n ** 17n)).toBe("1.5 STOS");
    expect(formatStos(10n ** 18n)).toBe("1 STOS");
    expect(formatStos(1n)).toBe("0.000000000000000001 STOS");
    expect(formatStos(0n)).toBe("0 STOS");
  });

  it("parses counts", () => {
    expect(parsePositiveInt("3", "--replicas")).toBe(3);
    expect(parsePositiveInt("0", "--chunk", true)).toBe(0);
    expect(() => parsePositiveInt("0", "--replicas")).toThrow(/1 or more/);
    expect(() => parsePositiveInt("2.5", "--replicas")).toThrow(/whole number/);
    expect(() => parsePositiveInt("-1", "--chunk", true)).toThrow(/whole number/);
  });
});

interface Captured {
  io: CliIO;
  out: () => string;
  outBytes: () => Buffer;
  err: () => string;
}

function capture(env: Record<string, string | undefined> = {}, connectChain?: (o: StratosClientOptions) => Promise<StratosClient>): Captured {
  const out: Buffer[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (c) => (out.push(Buffer.from(c)), true) },
      stderr: { write: (c) => (err.push(c), true), isTTY: false },
      env,
      ...(connectChain ? { connectChain } : {}),
    },
    out: () => Buffer.concat(out).toString("utf8"),
    outBytes: () => Buffer.concat(out),
    err: () => err.join(""),
  };
}

function fakeChain(over: Record<string, unknown> = {}): { chain: StratosClient; calls: { prepay: unknown[][]; withdraw: unknown[][]; connect: StratosClientOptions[] }; connect: (o: StratosClientOptions) => Promise<StratosClient> } {
  const calls = { prepay: [] as unknown[][], withdraw: [] as unknown[][], connect: [] as StratosClientOptions[] };
  const records = new Map<string, unknown>();
  const chain = {
    signerAddress: "st1signer",
    prepay: async (...a: unknown[]) => {
      calls.prepay.push(a);
      return { txHash: "PREPAYTX", height: 11, events: [{ type: "stratos.sds.v1.EventPrePay", attributes: [{ key: "purchased_noz", value: '"123456"' }] }] };
    },
    withdraw: async (...a: unknown[]) => {
      calls.withdraw.push(a);
      return { txHash: "WITHDRAWTX", height: 12, events: [] };
    },
    pot: { rewardsByWallet: async (w: string) => ({ walletAddress: w, matureTotalReward: [{ denom: "wei", amount: "2500000000000000000" }], immatureTotalReward: [] }) },
    sds: { fileUpload: async (cid: string) => records.get(cid) ?? null },
    records,
    disconnect: () => {},
    ...over,
  } as unknown as StratosClient;
  return {
    chain,
    calls,
    connect: async (o) => {
      calls.connect.push(o);
      return chain;
    },
  };
}

describe("stratos CLI", () => {
  let fake: FakeMesh;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeMesh({ nodes: 3 });
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), "stratos-cli-"));
  });
  afterAll(async () => {
    await fake.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });
  const G = () => ["--meta", fake.metaUrl, "--chain-id", fake.chainId];

  it("prints help with exit code 0 and refuses bad usage with 1", async () => {
    const c = capture();
    expect(await runCli(["--help"], c.io)).toBe(EXIT.OK);
    expect(c.out()).toMatch(/Usage: stratos/);
    expect(c.out()).toMatch(/upload \[options\] <file>/);
    expect(await runCli(["nope"], capture().io)).toBe(EXIT.USAGE);
    expect(await runCli(["upload"], capture().io)).toBe(EXIT.USAGE); // missing <file>
    expect(await runCli(["prepay", "1", "--bogus"], capture().io)).toBe(EXIT.USAGE);
    const bad = capture({ STRATOS_MNEMONIC: MNEMONIC });
    expect(await runCli(["prepay", "-3"], bad.io)).toBe(EXIT.USAGE);
    const noKey = capture({});
    expect(await runCli(["--json", ...G(), "ozone"], noKey.io)).toBe(EXIT.USAGE);
    expect(JSON.parse(noKey.err())).toMatchObject({ error: { name: "UsageError", exitCode: 1 } });
  });

  it("prepay signs with the mnemonic (file or env) and reports the purchased ozone", async () => {
    const f = fakeChain();
    const keyFile = path.join(dir, "key.txt");
    await fsp.writeFile(keyFile, MNEMONIC + "\n");
    const c = capture({}, f.connect);
    expect(await runCli(["--json", "--rpc", "http://rpc:1", "--mnemonic-file", keyFile, "prepay", "1.5"], c.io)).toBe(EXIT.OK);
    expect(f.calls.prepay[0]![0]).toBe(15n * 10n ** 17n);
    expect(f.calls.connect[0]!.rpcUrl).toBe("http://rpc:1");
    expect(f.calls.connect[0]!.signer).toBeDefined();
    expect(JSON.parse(c.out())).toEqual({ txHash: "PREPAYTX", height: 11, amountWei: "1500000000000000000", purchasedNoz: "123456" });
    const p = capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect);
    expect(await runCli(["prepay", "42wei"], p.io)).toBe(EXIT.OK);
    expect(f.calls.prepay[1]![0]).toBe(42n);
    expect(p.out()).toMatch(/prepaid 0.000000000000000042 STOS in tx PREPAYTX \(height 11\): 123456 noz/);
  });

  it("maps chain failures to 2 and an unreachable chain to 5", async () => {
    const failing = fakeChain({
      prepay: async () => {
        throw new TxFailedError(5, "sdk", "insufficient funds", 9, "TXH");
      },
    });
    const c = capture({ STRATOS_MNEMONIC: MNEMONIC }, failing.connect);
    expect(await runCli(["prepay", "1"], c.io)).toBe(EXIT.CHAIN);
    expect(c.err()).toMatch(/insufficient funds/);
    const down = capture({ STRATOS_MNEMONIC: MNEMONIC }, async () => {
      throw new Error("ECONNREFUSED");
    });
    expect(await runCli(["prepay", "1"], down.io)).toBe(EXIT.NETWORK);
    expect(down.err()).toMatch(/cannot reach the chain/);
  });

  it("uploads, lists, shows info, downloads (whole, range, stdout) and verifies", async () => {
    const f = fakeChain();
    const wallet = await walletKeyFromMnemonic(MNEMONIC);
    const data = Buffer.alloc(2 * CHUNK_SIZE + 99);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const digest = hashBytes(data);
    (f.chain as unknown as { records: Map<string, unknown> }).records.set(digest.cid, { cid: digest.cid, owner: wallet.address, size: BigInt(data.length), merkleRoot: digest.root, height: "42" });
    const file = path.join(dir, "data.bin");
    await fsp.writeFile(file, data);
    const env = { STRATOS_MNEMONIC: MNEMONIC };

    const up = capture(env, f.connect);
    expect(await runCli([...G(), "upload", file, "--replicas", "2"], up.io)).toBe(EXIT.OK);
    expect(up.out()).toBe(`${digest.cid}\n`);
    expect(up.err()).toMatch(/recorded in tx/);
    const upJson = capture(env, f.connect);
    expect(await runCli([...G(), "--json", "upload", file], upJson.io)).toBe(EXIT.OK);
    expect(JSON.parse(upJson.out())).toMatchObject({ cid: digest.cid, size: String(data.length), height: 42, replicas: 3 });

    const ls = capture(env, f.connect);
    expect(await runCli([...G(), "--json", "ls"], ls.io)).toBe(EXIT.OK);
    expect(JSON.parse(ls.out()).files[0]).toMatchObject({ cid: digest.cid, name: "data.bin" });

    const info = capture({}, f.connect); // info needs no key
    expect(await runCli([...G(), "--json", "info", digest.cid], info.io)).toBe(EXIT.OK);
    expect(JSON.parse(info.out())).toMatchObject({ mesh: { cid: digest.cid, size: String(data.length) }, chain: { owner: wallet.address } });

    const out = path.join(dir, "out.bin");
    const dl = capture(env, f.connect);
    expect(await runCli([...G(), "--json", "download", digest.cid, "-o", out], dl.io)).toBe(EXIT.OK);
    expect(JSON.parse(dl.out())).toEqual({ cid: digest.cid, bytes: data.length, path: out });
    expect((await fsp.readFile(out)).equals(data)).toBe(true);

    const part = capture(env, f.connect);
    expect(await runCli([...G(), "download", digest.cid, "--range", "262140-262150"], part.io)).toBe(EXIT.OK);
    expect(part.outBytes().equals(data.subarray(262140, 262151))).toBe(true);
    expect(await runCli([...G(), "download", digest.cid, "--range", "9-3"], capture(env).io)).toBe(EXIT.USAGE);
    expect(await runCli([...G(), "--json", "download", digest.cid], capture(env).io)).toBe(EXIT.USAGE);

    const v = capture(env, f.connect);
    expect(await runCli([...G(), "--json", "verify", digest.cid], v.io)).toBe(EXIT.OK);
    expect(JSON.parse(v.out())).toMatchObject({ ok: true, chunks: 3 });
    const v1 = capture(env, f.connect);
    expect(await runCli([...G(), "verify", digest.cid, "--chunk", "2"], v1.io)).toBe(EXIT.OK);
    expect(v1.out()).toMatch(/^ok: chunk 2 match/);

    // Every holder corrupt: verify and download exit with 3.
    for (const n of fake.nodes) n.mode = "corrupt";
    try {
      const bad = capture(env, f.connect);
      expect(await runCli([...G(), "verify", digest.cid], bad.io)).toBe(EXIT.INTEGRITY);
      expect(bad.out()).toMatch(/^FAILED: no holder served good bytes/);
      expect(await runCli([...G(), "download", digest.cid, "-o", out + "2"], capture(env).io)).toBe(EXIT.INTEGRITY);
      await expect(fsp.stat(out + "2.part")).rejects.toThrow();
    } finally {
      for (const n of fake.nodes) n.mode = "ok";
    }
  });

  it("exits 3 when the on-chain record disagrees with the upload", async () => {
    const f = fakeChain();
    const file = path.join(dir, "other.bin");
    await fsp.writeFile(file, "something else");
    const { cid } = hashBytes(Buffer.from("something else"));
    (f.chain as unknown as { records: Map<string, unknown> }).records.set(cid, { owner: "st1someoneelse", size: 14n, merkleRoot: hashBytes(Buffer.from("something else")).root });
    const c = capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect);
    expect(await runCli([...G(), "upload", file], c.io)).toBe(EXIT.INTEGRITY);
    expect(c.err()).toMatch(/owner st1someoneelse/);
  });

  it("exits 4 without ozone and 5 when the meta node is down", async () => {
    const wallet = await walletKeyFromMnemonic(MNEMONIC);
    const f = fakeChain();
    const file = path.join(dir, "small.bin");
    await fsp.writeFile(file, "hello mesh");
    fake.balances.set(wallet.address, 3n);
    try {
      const c = capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect);
      expect(await runCli([...G(), "--json", "upload", file], c.io)).toBe(EXIT.OZONE);
      expect(JSON.parse(c.err())).toMatchObject({ error: { name: "OzoneInsufficientError", exitCode: 4 } });
      const oz = capture({ STRATOS_MNEMONIC: MNEMONIC });
      expect(await runCli([...G(), "--json", "ozone"], oz.io)).toBe(EXIT.OK);
      expect(JSON.parse(oz.out())).toMatchObject({ wallet: wallet.address, balance_noz: "3" });
    } finally {
      fake.balances.delete(wallet.address);
    }
    const down = capture({ STRATOS_MNEMONIC: MNEMONIC });
    expect(await runCli(["--meta", "http://127.0.0.1:1", "ozone"], down.io)).toBe(EXIT.NETWORK);
    expect(await runCli([...G(), "info", "bafkqaaa"], capture().io)).toBe(EXIT.USAGE);
  });

  it("shows rewards and withdraws all matured rewards or an amount", async () => {
    const f = fakeChain();
    const r = capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect);
    expect(await runCli(["rewards", "st1other"], r.io)).toBe(EXIT.OK);
    expect(r.out()).toMatch(/mature {4}2\.5 STOS/);
    expect(r.out()).toMatch(/immature {2}0 STOS/);
    const w = capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect);
    expect(await runCli(["--json", "withdraw"], w.io)).toBe(EXIT.OK);
    expect(f.calls.withdraw[0]![0]).toEqual([{ denom: "wei", amount: "2500000000000000000" }]);
    expect(await runCli(["withdraw", "0.5"], capture({ STRATOS_MNEMONIC: MNEMONIC }, f.connect).io)).toBe(EXIT.OK);
    expect(f.calls.withdraw[1]![0]).toEqual([{ denom: "wei", amount: "500000000000000000" }]);
    const none = fakeChain({ pot: { rewardsByWallet: async () => ({ matureTotalReward: [], immatureTotalReward: [] }) } });
    expect(await runCli(["withdraw"], capture({ STRATOS_MNEMONIC: MNEMONIC }, none.connect).io)).toBe(EXIT.USAGE);
    const broken = fakeChain({
      pot: {
        rewardsByWallet: async () => {
          throw new Error("Query failed with (6): rpc error");
        },
      },
    });
    expect(await runCli(["rewards", "st1x"], capture({}, broken.connect).io)).toBe(EXIT.CHAIN);
  });
});
