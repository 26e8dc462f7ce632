/**
 * Read Proof-of-Traffic state on the localnet with @stratos/sdk only: the epoch, the mining
 * schedule, the total mined, and each resource node owner's immature and mature rewards.
 * No signer needed. Run with the localnet up:
 *   node --require tsx/cjs examples/read-rewards/main.ts
 * (STRATOS_RPC overrides the RPC address, default http://127.0.0.1:26657.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { StratosClient } from "@stratos/sdk";

const RPC = process.env["STRATOS_RPC"] ?? "http://127.0.0.1:26657";
const NODES = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "localnet", "node-keys.json"), "utf8")) as { name: string; role: string; owner: { address: string } }[];

async function main(): Promise<void> {
  const client = await StratosClient.connect({ rpcUrl: RPC });
  const params = await client.pot.params();
  const height = BigInt(await client.height());
  const epoch = (height - 1n) / params.epochLength + 1n;
  console.log(`height ${height}: epoch ${epoch} (${params.epochLength} blocks each); rewards mature after ${params.matureEpoch} epochs`);
  const tier = params.miningRewardParams[0]!;
  console.log(`first tier: ${tier.miningReward?.amount} wei per epoch, shares validators/resource/meta ${tier.blockChainPercentageInBp}/${tier.resourceNodePercentageInBp}/${tier.metaNodePercentageInBp} bp`);
  console.log(`mined so far: ${(await client.pot.totalMinedToken()).amount} wei`);
  const last = await client.pot.volumeReport(0n);
  console.log(last ? `last volume report: epoch ${last.epoch} (${last.reference})` : "no volume report yet");
  for (const n of NODES) {
    const r = await client.pot.rewardsByWallet(n.owner.address);
    const amount = (coins: readonly { denom: string; amount: string }[]) => coins.find((c) => c.denom === "wei")?.amount ?? "0";
    console.log(`${n.name.padEnd(11)} ${n.owner.address}: immature ${amount(r.immatureTotalReward)} wei, mature ${amount(r.matureTotalReward)} wei`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
