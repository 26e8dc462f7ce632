/**
 * CometBFT dies between FinalizeBlock and Commit while our app keeps running; a new CometBFT
 * executes the same height again on the same app process (the chaos fault test found the
 * first version applying the block twice: every tx then failed on its sequence).
 */
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { initUnitChain, openUnitApp, type UnitApp } from "../../test/helpers/unit-app";
import type { StratosApp } from "./app";

const CHAIN_ID = "stratos-unit";
const opened: UnitApp[] = [];

function openApp(): UnitApp {
  const u = openUnitApp({ prefix: "stratos-app-restart-", minGasPriceWei: 1_000_000_000n });
  opened.push(u);
  return u;
}

const initChain = (app: StratosApp, keys: readonly TestKey[]): Uint8Array => initUnitChain(app, { chainId: CHAIN_ID, accounts: keys });

afterAll(async () => {
  for (const u of opened) await u.close();
});

describe("a height executed again after CometBFT restarted before Commit", () => {
  it("gives the same results and app hash as the first execution, not the block applied twice", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    initChain(app, [a, b]);
    await app.finalizeBlock(finalizeRequest(1n, []));
    app.commit();
    const txs = [0n, 1n].map((sequence) => buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence, msgs: [msgSend(a.address, b.address, 5n)] }));
    const first = await app.finalizeBlock(finalizeRequest(2n, txs));
    expect(first.txResults.map((r) => r.code)).toEqual([0, 0]);
    // CometBFT is killed here; the new one replays height 2 on the same app.
    const again = await app.finalizeBlock(finalizeRequest(2n, txs));
    expect(again.txResults.map((r) => r.code)).toEqual([0, 0]);
    expect(again.appHash).toEqual(first.appHash);
    app.commit();
    expect(app.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" }).lastBlockAppHash).toEqual(first.appHash);
    store.close();
  });

  it("InitChain again after a crash in block 1 starts from genesis, and block 1 runs on it", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    const genesisHash = initChain(app, [a, b]);
    const tx = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 5n)] });
    const first = await app.finalizeBlock(finalizeRequest(1n, [tx]));
    expect(initChain(app, [a, b])).toEqual(genesisHash);
    const again = await app.finalizeBlock(finalizeRequest(1n, [tx]));
    expect(again.txResults.map((r) => r.code)).toEqual([0]);
    expect(again.appHash).toEqual(first.appHash);
    store.close();
  });
});
