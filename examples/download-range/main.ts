/**
 * Download part of a stored file, with @stratos/sdk only: an inclusive byte range is fetched from
 * the resource nodes holding the slices it touches, every chunk checked against the CID, and the
 * bytes are compared with the source and printed as hex.
 * Run with the localnet up (`make localnet-start`):
 *   node --require tsx/cjs examples/download-range/main.ts                 # uploads a small known file first
 *   node --require tsx/cjs examples/download-range/main.ts <cid> [start] [end]
 * Without a CID it uploads 600 KB of numbered text lines (prepaying 1 STOS of ozone if short) and
 * reads the 64 bytes around the first chunk boundary (262144); with one, it reads bytes start..end
 * (inclusive, default 0..63) and compares them with a whole download of the file (files up to
 * 64 MiB). Overrides: STRATOS_RPC (default http://127.0.0.1:26657), STRATOS_META (default
 * http://127.0.0.1:18100), STRATOS_CHAIN_ID (default stratos-localnet). The wallet is carol from
 * localnet/dev-accounts.json (a public test key).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CHUNK_SIZE, MeshClient, StratosClient, walletFromMnemonic, walletKeyFromMnemonic, type ByteRange } from "@stratos/sdk";

const RPC = process.env["STRATOS_RPC"] ?? "http://127.0.0.1:26657";
const META = process.env["STRATOS_META"] ?? "http://127.0.0.1:18100";
const CHAIN_ID = process.env["STRATOS_CHAIN_ID"] ?? "stratos-localnet";
const ACCOUNTS = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "dev-accounts.json"), "utf8")) as { name: string; mnemonic: string }[];
const CAROL_MNEMONIC = ACCOUNTS.find((a) => a.name === "carol")!.mnemonic;

const STOS = 10n ** 18n;
const MAX_COMPARE = 64 * 1024 * 1024;

/** 600,000 bytes of numbered lines: any offset's content is easy to predict and to read in hex. */
function knownFile(): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 600_000; i++) {
    const line = `line ${String(i).padStart(6, "0")}: stratos mesh range example\n`;
    lines.push(line);
    size += line.length;
  }
  return new Uint8Array(Buffer.from(lines.join("").slice(0, 600_000), "utf8"));
}

/** `xxd`-style lines: offset, 16 bytes of hex, printable ASCII. */
function hexDump(bytes: Uint8Array, offset: bigint): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hexPart = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    out.push(`${(offset + BigInt(i)).toString(16).padStart(8, "0")}  ${hexPart.padEnd(47)}  ${ascii}`);
  }
  return out.join("\n");
}

/** Prepays 1 STOS when the ozone balance is below `need` noz, and waits for the meta node to credit it. */
async function ensureOzone(chain: StratosClient, mesh: MeshClient, need: bigint): Promise<void> {
  const before = (await mesh.ozone()).balance_noz;
  if (before >= need) return;
  const res = await chain.prepay(1n * STOS);
  console.log(`ozone ${before} noz < ${need}: prepaid 1 STOS in block ${res.height}`);
  const deadline = Date.now() + 60_000;
  while ((await mesh.ozone()).balance_noz <= before) {
    if (Date.now() > deadline) throw new Error("the meta node did not credit the prepay within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const [cidArg, startArg, endArg] = process.argv.slice(2);
  const chain = await StratosClient.connect({ rpcUrl: RPC, signer: await walletFromMnemonic(CAROL_MNEMONIC) });
  const mesh = new MeshClient({ metaUrl: META, chainId: CHAIN_ID, wallet: await walletKeyFromMnemonic(CAROL_MNEMONIC), chain });

  let cid: string;
  let source: Uint8Array | undefined;
  let range: ByteRange;
  if (cidArg === undefined) {
    source = knownFile();
    // Upload (1 replica) plus the downloads below (whole slices are served: at most 8 MiB).
    await ensureOzone(chain, mesh, BigInt(source.length) + 8n * 1024n * 1024n);
    ({ cid } = await mesh.upload(source, { replicas: 1, name: "download-range.txt" }));
    console.log(`uploaded ${source.length} bytes of known text as ${cid}`);
    range = { start: BigInt(CHUNK_SIZE - 32), end: BigInt(CHUNK_SIZE + 31) };
  } else {
    cid = cidArg;
    range = { start: BigInt(startArg ?? 0), end: BigInt(endArg ?? 63) };
  }
  const { mesh: record } = await mesh.info(cid);
  console.log(`${cid}: ${record.size} bytes in ${record.slices.length} slice(s); reading bytes ${range.start}..${range.end}`);
  if (range.start < 0n || range.end < range.start || range.end >= record.size) {
    console.error(`bytes ${range.start}..${range.end} are not within the file: use 0 <= start <= end <= ${record.size - 1n}`);
    process.exitCode = 2;
    return;
  }

  const part = await mesh.downloadToBuffer(cid, { range });
  console.log(hexDump(part, range.start));

  // Check against the source: ours, or the whole file downloaded (small files only).
  if (source === undefined && record.size <= BigInt(MAX_COMPARE)) source = await mesh.downloadToBuffer(cid);
  if (source === undefined) {
    console.log(`${part.length} bytes, every chunk verified against the CID by the SDK (file too large to compare whole)`);
    return;
  }
  const expected = source.subarray(Number(range.start), Number(range.end) + 1);
  const same = Buffer.from(part).equals(Buffer.from(expected));
  console.log(`${part.length} bytes ${same ? "match" : "DO NOT match"} bytes ${range.start}..${range.end} of the source`);
  if (!same) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
