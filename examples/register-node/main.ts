/**
 * Register a resource node on the localnet and have the localnet's meta node activate it,
 * with @stratos/sdk only. Run with the localnet up:
 *   node --require tsx/cjs examples/register-node/main.ts
 * (STRATOS_RPC overrides the RPC address, default http://127.0.0.1:26657.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomNodeKey, StratosClient, walletFromMnemonic } from "@stratos/sdk";

const RPC = process.env["STRATOS_RPC"] ?? "http://127.0.0.1:26657";
// bob from localnet/dev-accounts.json (a public test key) owns the new node.
const BOB_MNEMONIC = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "dev-accounts.json"), "utf8"))[1].mnemonic as string;
// The localnet's meta node and its owner's wallet (public test keys).
const META = (JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "node-keys.json"), "utf8")) as { role: string; network_address: string; owner: { mnemonic: string } }[]).find((n) => n.role === "meta")!;

async function main(): Promise<void> {
  const owner = await StratosClient.connect({ rpcUrl: RPC, signer: await walletFromMnemonic(BOB_MNEMONIC) });
  const node = randomNodeKey(); // keep node.privateKey: it is the node's P2P identity
  const deposit = 2n * 10n ** 18n; // 2 STOS in wei
  const reg = await owner.createResourceNode({ pubkey: node.publicKey, value: deposit, description: { moniker: "example-node" }, nodeType: 4 });
  console.log(`registered ${node.address} in block ${reg.height} (tx ${reg.txHash})`);
  let info = await owner.register.resourceNode(node.address);
  console.log(`status ${info?.status} (3 = bonded), suspended ${info?.suspend}, deposit ${info?.tokens} wei`);

  // Meta nodes decide how much of a deposit backs ozone; here the localnet's meta node says "all of it".
  const metaOwner = await StratosClient.connect({ rpcUrl: RPC, signer: await walletFromMnemonic(META.owner.mnemonic) });
  const limitBefore = await owner.register.remainingOzoneLimit();
  await metaOwner.updateEffectiveDeposit({ reporters: [META.network_address], networkAddress: node.address, effectiveTokens: deposit });
  info = await owner.register.resourceNode(node.address);
  console.log(`activated: suspended ${info?.suspend}, effective deposit ${info?.effectiveTokens} wei`);
  console.log(`ozone limit ${limitBefore} -> ${await owner.register.remainingOzoneLimit()} noz`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
