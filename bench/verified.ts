/**
 * Verified reads beside unverified ones, in the same run against the same node.
 *
 * Starts a single-validator chain (CometBFT + our app) and reads the balance of the dev accounts:
 *   - unverified: the bank `Balance` query over ABCI (what cosmjs' `getBalance` sends);
 *   - verified, warm: `client.verified.getBalance` with a light client that already trusts a recent
 *     header (each read: status, the next header's commit and validators unless already trusted,
 *     the state proof, and the checks);
 *   - verified, cold: a new light client per read, trusting the first block's validators and
 *     skipping to the head (what a fresh browser tab pays).
 * Reads run BENCH_VERIFIED_CONCURRENCY at a time (default 4) for BENCH_VERIFIED_SECONDS each (default 5).
 */
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { createVerifiedQueries, parseValidators, type VerifiedQueries } from "@stratos/sdk";
import { startTestnet } from "../chain/test/helpers/testnet";
import { rpc } from "../chain/test/helpers/rpc";
import { num, table } from "./report";

interface Rate {
  readonly reads: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50ms: number;
}

async function measure(seconds: number, concurrency: number, read: (i: number) => Promise<void>): Promise<Rate> {
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (performance.now() < end) {
      const a = performance.now();
      await read(i++);
      lat.push(performance.now() - a);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const took = (performance.now() - t0) / 1000;
  lat.sort((x, y) => x - y);
  return { reads: lat.length, seconds: took, perSecond: lat.length / took, p50ms: lat[Math.floor(lat.length / 2)] ?? 0 };
}

export async function runVerifiedBench(): Promise<void> {
  const seconds = num("BENCH_VERIFIED_SECONDS", 5);
  const concurrency = num("BENCH_VERIFIED_CONCURRENCY", 4);
  const net = await startTestnet({ chainId: "stratos-verified-bench", timeoutCommit: "1s" });
  try {
    await net.node.waitForHeight(3n, 60_000); // a proven read needs the next block's header
    const addresses = net.accounts.map((a) => a.address);
    const genesisValidators = parseValidators(await rpc(net.rpcUrl, "validators", { height: "1" })).validators;
    const fresh = (): VerifiedQueries => createVerifiedQueries({ rpcUrl: net.rpcUrl, chainId: net.chainId, trust: { genesisValidators } });
    const warm = fresh();
    await warm.getBalance(addresses[0]!);

    const plain = await measure(seconds, concurrency, async (i) => {
      const data = QueryBalanceRequest.encode({ address: addresses[i % addresses.length]!, denom: "wei" }).finish();
      const r = await rpc<{ response: { code: number; value: string } }>(net.rpcUrl, "abci_query", { path: "/cosmos.bank.v1beta1.Query/Balance", data: Buffer.from(data).toString("hex") });
      if (r.response.code !== 0) throw new Error("balance query failed");
      QueryBalanceResponse.decode(Buffer.from(r.response.value, "base64"));
    });
    const warmRate = await measure(seconds, concurrency, async (i) => {
      await warm.getBalance(addresses[i % addresses.length]!);
    });
    const coldRate = await measure(seconds, concurrency, async (i) => {
      await fresh().getBalance(addresses[i % addresses.length]!);
    });
    console.log(`\n## Verified reads (balance of ${addresses.length} accounts, ${concurrency} at a time, ${seconds} s each, 1 validator)\n`);
    const row = (label: string, r: Rate) => [label, String(r.reads), r.perSecond.toFixed(0), r.p50ms.toFixed(1), (r.perSecond / plain.perSecond).toFixed(2)];
    console.log(
      table([
        ["read", "reads", "reads/s", "p50 ms", "ratio"],
        row("unverified ABCI bank Balance query (reference)", plain),
        row("verified, light client already trusting the head", warmRate),
        row("verified, new light client per read (from block 1)", coldRate),
      ]),
    );
  } finally {
    await net.stop();
  }
}
