/**
 * Store a file on the localnet's storage mesh and check it three ways, with @stratos/sdk only:
 * buy ozone if the wallet is short (1 STOS), upload a generated 3 MiB buffer to 2 resource nodes
 * per slice, compare the on-chain record (MsgFileUpload, `sds.fileUpload`) with the CID's Merkle
 * root and the size, and check one chunk's Merkle proof against the CID (`MeshClient.verify`).
 * Run with the localnet up (`make localnet-start`):
 *   node --require tsx/cjs examples/upload-and-verify/main.ts
 * Overrides: STRATOS_RPC (default http://127.0.0.1:26657), STRATOS_META (default
 * http://127.0.0.1:18100), STRATOS_CHAIN_ID (default stratos-localnet). The wallet is carol from
 * localnet/dev-accounts.json (a public test key).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CHUNK_SIZE, MeshClient, StratosClient, chunkCount, hashBytes, rootFromCid, walletFromMnemonic, walletKeyFromMnemonic } from "@stratos/sdk";

const RPC = process.env["STRATOS_RPC"] ?? "http://127.0.0.1:26657";
const META = process.env["STRATOS_META"] ?? "http://127.0.0.1:18100";
const CHAIN_ID = process.env["STRATOS_CHAIN_ID"] ?? "stratos-localnet";
const ACCOUNTS = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "dev-accounts.json"), "utf8")) as { name: string; mnemonic: string }[];
const CAROL_MNEMONIC = ACCOUNTS.find((a) => a.name === "carol")!.mnemonic;

const STOS = 10n ** 18n;
const SIZE = 3 * 1024 * 1024;
const REPLICAS = 2;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Prepays 1 STOS when the ozone balance is below `need` noz, and waits for the meta node to credit it. */
async function ensureOzone(chain: StratosClient, mesh: MeshClient, need: bigint): Promise<void> {
  const before = (await mesh.ozone()).balance_noz;
  console.log(`ozone balance: ${before} noz (this run needs about ${need})`);
  if (before >= need) return;
  const res = await chain.prepay(1n * STOS);
  console.log(`prepaid 1 STOS in block ${res.height}; waiting for the meta node to credit it`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = (await mesh.ozone()).balance_noz;
    if (now > before) {
      console.log(`ozone balance: ${now} noz`);
      if (now < need) throw new Error(`1 STOS bought too little ozone: ${now} < ${need} noz`);
      return;
    }
    if (Date.now() > deadline) throw new Error("the meta node did not credit the prepay within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const chain = await StratosClient.connect({ rpcUrl: RPC, signer: await walletFromMnemonic(CAROL_MNEMONIC) });
  const mesh = new MeshClient({ metaUrl: META, chainId: CHAIN_ID, wallet: await walletKeyFromMnemonic(CAROL_MNEMONIC), chain });
  console.log(`wallet ${mesh.address}`);
  // An upload costs size x replicas noz; the verification below downloads one slice (<= 8 MiB).
  await ensureOzone(chain, mesh, BigInt(SIZE * REPLICAS + 8 * 1024 * 1024));

  const data = new Uint8Array(randomBytes(SIZE));
  const local = hashBytes(data); // what the CID must be, computed here
  const { cid, size, txHash, height } = await mesh.upload(data, {
    replicas: REPLICAS,
    name: "upload-and-verify.bin",
    onProgress: (e) => process.stdout.write(`\r  sent ${e.bytesSent}/${e.totalBytes} bytes, ${e.slicesDone}/${e.sliceCount} slices stored`),
  });
  process.stdout.write("\n");
  console.log(`CID ${cid}`);
  console.log(`recorded on chain by tx ${txHash} in block ${height}`);
  if (cid !== local.cid) throw new Error(`the mesh named the file ${cid}, we computed ${local.cid}`);

  // The on-chain record: its root must be the one the CID names, its size ours.
  const record = await chain.sds.fileUpload(cid);
  if (!record) throw new Error(`no on-chain record of ${cid}`);
  const cidRoot = hex(rootFromCid(cid));
  const rootOk = hex(record.merkleRoot) === cidRoot;
  const sizeOk = record.size === size && size === BigInt(SIZE);
  console.log(`on-chain record: owner ${record.owner}, ${record.sliceCount} slice(s) x ${record.replicas} replicas`);
  console.log(`  merkle root ${hex(record.merkleRoot)} ${rootOk ? "==" : "!="} CID root ${cidRoot}`);
  console.log(`  size ${record.size} ${sizeOk ? "==" : "!="} ${SIZE}`);
  for (const h of record.holders) console.log(`  slice ${h.sliceIndex}: ${h.sdsAddresses.join(", ")}`);
  if (!rootOk || !sizeOk) throw new Error("the on-chain record does not match the upload");

  // One chunk, fetched from a holder and checked with its Merkle proof against the CID's root.
  const chunks = chunkCount(BigInt(SIZE));
  const chunk = Math.floor(chunks / 2);
  const v = await mesh.verify(cid, { chunk });
  console.log(`chunk ${chunk} of ${chunks} (${CHUNK_SIZE} bytes each): Merkle proof ${v.ok ? "verified against the CID" : `FAILED: ${v.problem}`}`);
  for (const f of v.failures) console.log(`  skipped holder ${f.node}: ${f.kind}: ${f.reason}`);
  if (!v.ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
