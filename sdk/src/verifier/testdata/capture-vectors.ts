/**
 * Captures the verifier's test vectors from a real single-validator test net (CometBFT + our
 * app, temporary home, free ports): the raw JSON-RPC results of `commit` and `validators` at
 * heights 1-4, the genesis validators, and `abci_query` "/store/key" with `prove=true` for a
 * present key (a dev account's wei balance) and an absent one at height 3 (proven by header 4).
 * Sends no tx. Writes `localnet-vectors.json` beside this file.
 *
 * Run: `npx tsx sdk/src/verifier/testdata/capture-vectors.ts` (about 10 s). Node-only dev tool,
 * not part of the SDK.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fromBech32, toHex } from "@cosmjs/encoding";
import { balanceKey, STORE_PREFIX } from "../../../../chain/src/modules/bank/keys";
import { startTestnet } from "../../../../chain/test/helpers/testnet";
import { httpLightClientRpc } from "../rpc-client";

const HEIGHTS = [1n, 2n, 3n, 4n];
const QUERY_HEIGHT = 3n;
const OUT = path.join(__dirname, "localnet-vectors.json");

function stateBalanceKey(address: Uint8Array): Uint8Array {
  const k = balanceKey(address, "wei");
  const out = new Uint8Array(STORE_PREFIX.length + k.length);
  out.set(STORE_PREFIX, 0);
  out.set(k, STORE_PREFIX.length);
  return out;
}

async function main(): Promise<void> {
  const net = await startTestnet();
  try {
    const rpc = httpLightClientRpc(net.rpcUrl);
    const latest = async (): Promise<bigint> => BigInt(((await rpc.status()) as { sync_info: { latest_block_height: string } }).sync_info.latest_block_height);
    const deadline = Date.now() + 60_000;
    while ((await latest()) < 6n) {
      if (Date.now() > deadline) throw new Error("the test net did not reach height 6 in 60 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    const status = (await rpc.status()) as { node_info: { version: string } };
    const genesis = ((await rpc.genesis()) as { genesis: { chain_id: string; initial_height: string; validators: unknown } }).genesis;
    const commits: Record<string, unknown> = {};
    const validators: Record<string, unknown> = {};
    for (const h of HEIGHTS) {
      commits[h.toString()] = await rpc.commit(h);
      validators[h.toString()] = await rpc.validators(h, 1, 100);
    }
    const present = stateBalanceKey(fromBech32(net.accounts[0]!.address).data);
    const absent = stateBalanceKey(new Uint8Array(20).fill(0x42));
    const queries: unknown[] = [];
    let queryError: string | undefined;
    for (const [what, key] of [
      ["present", present],
      ["absent", absent],
    ] as const) {
      try {
        const result = await rpc.abciQuery("/store/key", key, QUERY_HEIGHT, true);
        queries.push({ what, path: "/store/key", key: toHex(key), height: QUERY_HEIGHT.toString(), result });
      } catch (e) {
        queryError = (e as Error).message;
      }
    }
    const vectors = {
      description: "Raw CometBFT JSON-RPC results from a single-validator test net (sdk/src/verifier/testdata/capture-vectors.ts)",
      cometbftVersion: status.node_info.version,
      chainId: genesis.chain_id,
      initialHeight: genesis.initial_height,
      genesisValidators: genesis.validators,
      commits,
      validators,
      queries,
      ...(queryError !== undefined ? { queryError } : {}),
    };
    writeFileSync(OUT, JSON.stringify(vectors, null, 1) + "\n");
    console.log(`wrote ${OUT} (${queries.length} queries${queryError ? `; query failed: ${queryError}` : ""})`);
  } finally {
    await net.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
