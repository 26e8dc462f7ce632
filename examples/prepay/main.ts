/**
 * Buy ozone (traffic credit) with STOS on the localnet, with @stratos/sdk only: see the price
 * and what a prepay would buy, pay, and read what the chain sold. Run with the localnet up:
 *   node --require tsx/cjs examples/prepay/main.ts
 * (STRATOS_RPC overrides the RPC address, default http://127.0.0.1:26657.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { StratosClient, walletFromMnemonic } from "@stratos/sdk";

const RPC = process.env["STRATOS_RPC"] ?? "http://127.0.0.1:26657";
// alice from localnet/dev-accounts.json (a public test key).
const ALICE_MNEMONIC = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "dev-accounts.json"), "utf8"))[0].mnemonic as string;

async function main(): Promise<void> {
  const client = await StratosClient.connect({ rpcUrl: RPC, signer: await walletFromMnemonic(ALICE_MNEMONIC) });
  const amount = 10n * 10n ** 18n; // 10 STOS in wei
  console.log(`price: ${await client.sds.nozPrice()} wei per noz`);
  const supply = await client.sds.nozSupply();
  console.log(`ozone supply: ${supply.remaining} of ${supply.total} noz left`);
  const quote = await client.sds.simPrepay(amount);
  console.log(`10 STOS would buy ${quote} noz (${Number(quote) / 1e9} ozone)`);
  const res = await client.prepay(amount);
  const ev = res.events.find((e) => e.type === "stratos.sds.v1.EventPrePay")!;
  const purchased = JSON.parse(ev.attributes.find((a) => a.key === "purchased_noz")!.value) as string;
  console.log(`prepaid in block ${res.height}: bought ${purchased} noz for ${client.signerAddress}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
