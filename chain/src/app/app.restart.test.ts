/**
 * CometBFT dies between FinalizeBlock and Commit while our app keeps running; a new CometBFT
 * executes the same height again on the same app process (the chaos fault test found the
 * first version applying the block twice: every tx then failed on its sequence).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devAppState } from "../../../localnet/lib/genesis";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { CommitStore } from "../store/commit-store";
import { StratosApp } from "./app";

const CHAIN_ID = "stratos-unit";
const dirs: string[] = [];

function openApp(): { app: StratosApp; store: CommitStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-app-restart-"));
  dirs.push(dir);
  const store = CommitStore.open(dir);
  return { app: new StratosApp(store, { minGasPrice: { denom: "wei", amount: 1_000_000_000n }, verifyWorkers: 0 }), store };
}

function initChain(app: StratosApp, keys: readonly TestKey[]): Uint8Array {
  return app.initChain({
    time: { seconds: 1_700_000_000n, nanos: 0 },
    chainId: CHAIN_ID,
    validators: [],
    appStateBytes: new TextEncoder().encode(JSON.stringify(devAppState(keys, 1000n))),
    initialHeight: 1n,
  }).appHash;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
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
