/**
 * Send STOS on the localnet with stock cosmjs only (no code of ours on the client side).
 * Run with the localnet up: `node --require tsx/cjs examples/cosmjs-transfer/main.ts`
 */
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { assertIsDeliverTxSuccess, GasPrice, SigningStargateClient } from "@cosmjs/stargate";

// alice and bob from localnet/dev-accounts.json (public test keys)
const ALICE_MNEMONIC =
  "combine much unfair ancient pink hand song broccoli relax ensure patient blur shrug mention east relief couch easily traffic undo job flame staff clip";
const BOB = "st17785ttdxs2djatswfu9p20elugmqh3taa4cpe7";

async function main(): Promise<void> {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(ALICE_MNEMONIC, {
    prefix: "st",
    hdPaths: [stringToPath("m/44'/606'/0'/0/0")],
  });
  const [alice] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner("http://127.0.0.1:26657", wallet, {
    gasPrice: GasPrice.fromString("1000000000wei"),
  });
  console.log("chain:", await client.getChainId(), "height:", await client.getHeight());
  const before = await client.getBalance(BOB, "wei");
  const res = await client.sendTokens(alice!.address, BOB, [{ denom: "wei", amount: "1000" }], "auto", "hello from cosmjs");
  assertIsDeliverTxSuccess(res);
  const after = await client.getBalance(BOB, "wei");
  console.log(`tx ${res.transactionHash} in block ${res.height}, gas used ${res.gasUsed}`);
  console.log(`bob: ${before.amount} -> ${after.amount} wei`);
  client.disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
