import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { initUnitChain, openUnitApp, type UnitApp, type UnitAppOptions } from "../../test/helpers/unit-app";
import { StratosApp } from "./app";
import { NoSignatureCache } from "./ante/signature-cache";

const CHAIN_ID = "stratos-unit";

const opened: UnitApp[] = [];

function openApp(options: UnitAppOptions = { minGasPriceWei: 1_000_000_000n }): UnitApp {
  const u = openUnitApp({ prefix: "stratos-app-", ...options });
  opened.push(u);
  return u;
}

function genesis(app: StratosApp, keys: readonly TestKey[]): Uint8Array {
  return initUnitChain(app, { chainId: CHAIN_ID, accounts: keys });
}

const block = finalizeRequest;

function balance(app: StratosApp, address: string, height = 0n): bigint {
  const r = app.query({ path: "/cosmos.bank.v1beta1.Query/Balance", data: QueryBalanceRequest.encode({ address, denom: "wei" }).finish(), height, prove: false });
  expect(r.code).toBe(0);
  return BigInt(QueryBalanceResponse.decode(r.value).balance!.amount);
}

afterAll(async () => {
  for (const u of opened.reverse()) await u.close();
});

describe("StratosApp over ABCI calls", () => {
  it("Info reports height 0 and an empty hash before genesis, then the committed height and hash", async () => {
    const { app, store, dir } = openApp();
    expect(app.info({ version: "0.38.25", blockVersion: 11n, p2pVersion: 8n, abciVersion: "2.0.0" })).toMatchObject({ lastBlockHeight: 0n, lastBlockAppHash: new Uint8Array() });
    const keys = [randomKey(), randomKey()];
    const initHash = genesis(app, keys);
    expect(initHash.length).toBe(32);
    const res = await app.finalizeBlock(block(1n, []));
    expect(res.appHash).toEqual(initHash); // an empty block changes nothing
    app.commit();
    store.close();
    const again = openApp({ dir, minGasPriceWei: 1_000_000_000n });
    const info = again.app.info({ version: "", blockVersion: 0n, p2pVersion: 0n, abciVersion: "" });
    expect(info.lastBlockHeight).toBe(1n);
    expect(info.lastBlockAppHash).toEqual(res.appHash);
    expect(again.app.chainId()).toBe(CHAIN_ID);
    again.store.close();
  });

  it("refuses malformed genesis with a message naming the module", async () => {
    const { app, store } = openApp();
    const bad = (state: unknown) => () =>
      app.initChain({ time: { seconds: 0n, nanos: 0 }, chainId: CHAIN_ID, validators: [], appStateBytes: new TextEncoder().encode(JSON.stringify(state)), initialHeight: 1n });
    expect(bad({ bnak: {} })).toThrow(/unknown module section "bnak"/);
    expect(bad({ bank: { balances: [{ address: "st1bad", coins: [] }] } })).toThrow(/invalid bank genesis/);
    store.close();
  });

  it("CheckTx tracks sequences in the check state, so N and N+1 from one sender pass in the same block", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    await app.finalizeBlock(block(1n, []));
    app.commit();
    const tx = (seq: bigint) => buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: seq, msgs: [msgSend(a.address, b.address, 5n)] });
    expect(app.checkTx({ tx: tx(0n), type: CheckTxType.NEW }).code).toBe(0);
    expect(app.checkTx({ tx: tx(1n), type: CheckTxType.NEW }).code).toBe(0);
    const dup = app.checkTx({ tx: tx(1n), type: CheckTxType.NEW });
    expect(dup).toMatchObject({ code: 32, codespace: "sdk", log: "account sequence mismatch, expected 2, got 1: incorrect account sequence" });
    // After a commit the check state is reset to committed state; recheck skips signatures but not sequences.
    const res = await app.finalizeBlock(block(2n, [tx(0n)]));
    expect(res.txResults.map((r) => r.code)).toEqual([0]);
    app.commit();
    expect(app.checkTx({ tx: tx(1n), type: CheckTxType.RECHECK }).code).toBe(0);
    expect(app.checkTx({ tx: tx(0n), type: CheckTxType.RECHECK }).code).toBe(32);
    store.close();
  });

  it("FinalizeBlock returns one result per tx, garbage included, with TxMsgData on success", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    const good = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 7n)] });
    const res = await app.finalizeBlock(block(1n, [good, new Uint8Array([1, 2, 3]), good]));
    expect(res.txResults.map((r) => [r.code, r.codespace])).toEqual([
      [0, ""],
      [2, "sdk"],
      [32, "sdk"],
    ]);
    expect(TxMsgData.decode(res.txResults[0]!.data).msgResponses.map((m) => m.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse"]);
    app.commit();
    expect(balance(app, b.address)).toBe(1000n * 10n ** 18n + 7n);
    store.close();
  });

  it("a signature of another chain, an account number of another account, or a high-S signature: code 4", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    await app.finalizeBlock(block(1n, []));
    app.commit();
    const base = { key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)] };
    expect(app.checkTx({ tx: buildTx({ ...base, signChainId: "other-chain" }), type: CheckTxType.NEW }).code).toBe(4);
    expect(app.checkTx({ tx: buildTx({ ...base, accountNumber: 1n }), type: CheckTxType.NEW }).code).toBe(4);
    // Make the high-S twin of a valid signature: same tx, s -> n - s.
    const { TxRaw } = require("cosmjs-types/cosmos/tx/v1beta1/tx") as typeof import("cosmjs-types/cosmos/tx/v1beta1/tx");
    const raw = TxRaw.decode(buildTx(base));
    const sig = raw.signatures[0]!;
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt("0x" + Buffer.from(sig.subarray(32)).toString("hex"));
    sig.set(Buffer.from((N - s).toString(16).padStart(64, "0"), "hex"), 32);
    const high = app.checkTx({ tx: TxRaw.encode(raw).finish(), type: CheckTxType.NEW });
    expect(high).toMatchObject({ code: 4, codespace: "sdk" });
    // The original low-S form is fine.
    expect(app.checkTx({ tx: buildTx(base), type: CheckTxType.NEW }).code).toBe(0);
    store.close();
  });

  it("out of gas in the message keeps the fee and the sequence bump (SDK semantics)", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    const before = 1000n * 10n ** 18n;
    const gasLimit = 30_000n;
    const tx = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)], gasLimit });
    const res = await app.finalizeBlock(block(1n, [tx]));
    expect(res.txResults[0]).toMatchObject({ code: 11, codespace: "sdk", gasWanted: gasLimit });
    app.commit();
    expect(balance(app, a.address)).toBe(before - gasLimit * 1_000_000_000n);
    expect(balance(app, b.address)).toBe(before);
    const acc = app.query({ path: "/cosmos.auth.v1beta1.Query/Account", data: QueryAccountRequest.encode({ address: a.address }).finish(), height: 0n, prove: false });
    expect(BaseAccount.decode(QueryAccountResponse.decode(acc.value).account!.value).sequence).toBe(1n);
    store.close();
  });

  it("queries: height never 0, past heights by key, future heights refused, unknown paths and bad bytes fail cleanly", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    await app.finalizeBlock(block(1n, []));
    app.commit();
    await app.finalizeBlock(block(2n, [buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 9n)] })]));
    app.commit();
    const q = (p: string, data: Uint8Array, height = 0n) => app.query({ path: p, data, height, prove: false });
    const bal = QueryBalanceRequest.encode({ address: b.address, denom: "wei" }).finish();
    expect(q("/cosmos.bank.v1beta1.Query/Balance", bal).height).toBe(2n);
    expect(balance(app, b.address, 1n)).toBe(1000n * 10n ** 18n);
    expect(balance(app, b.address, 2n)).toBe(1000n * 10n ** 18n + 9n);
    expect(q("/cosmos.bank.v1beta1.Query/Balance", bal, 5n)).toMatchObject({ code: 18, codespace: "sdk" });
    expect(q("/nope.Query/X", new Uint8Array())).toMatchObject({ code: 6, codespace: "sdk" });
    expect(q("/cosmos.bank.v1beta1.Query/Balance", new Uint8Array([0xff, 0xff, 0xff]))).toMatchObject({ code: 18 });
    expect(q("/cosmos.bank.v1beta1.Query/AllBalances", QueryBalanceRequest.encode({ address: b.address, denom: "" }).finish(), 1n).log).toMatch(/range queries at a past height/);
    const unknown = q("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address: randomKey().address }).finish());
    expect(unknown).toMatchObject({ code: 22, codespace: "sdk" });
    expect(unknown.log).toMatch(/^rpc error: code = NotFound desc = account st1\w+ not found: key not found/);
    store.close();
  });

  it("simulate: unsigned tx with an empty fee gets a gas figure that covers the real tx", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    await app.finalizeBlock(block(1n, []));
    app.commit();
    const { TxRaw } = require("cosmjs-types/cosmos/tx/v1beta1/tx") as typeof import("cosmjs-types/cosmos/tx/v1beta1/tx");
    const signed = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)], feeAmount: 0n, gasLimit: 0n });
    const raw = TxRaw.decode(signed);
    const unsigned = TxRaw.encode({ ...raw, signatures: [new Uint8Array()] }).finish();
    const r = app.query({ path: "/cosmos.tx.v1beta1.Service/Simulate", data: SimulateRequest.encode({ txBytes: unsigned }).finish(), height: 0n, prove: false });
    expect(r.code).toBe(0);
    const gas = SimulateResponse.decode(r.value).gasInfo!.gasUsed;
    // The real tx with that gas limit succeeds and uses no more.
    const real = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)], gasLimit: gas });
    const res = await app.finalizeBlock(block(2n, [real]));
    expect(res.txResults[0]!.log).toBe("");
    expect(res.txResults[0]!.gasUsed).toBeLessThanOrEqual(gas);
    store.close();
  });

  it("signature checks are not skipped in FinalizeBlock when nothing was cached (fresh node replaying)", async () => {
    const { app, store } = openApp({ signatureCache: new NoSignatureCache() });
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    const forged = buildTx({ key: b, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)] });
    const res = await app.finalizeBlock(block(1n, [forged]));
    expect(res.txResults[0]!.code).toBe(8); // b's key does not hash to a's address
    store.close();
  });

  it("parallel signature pre-verification gives the same results and app hash as inline verification", async () => {
    const keys = Array.from({ length: 8 }, () => randomKey());
    const txs: Uint8Array[] = [];
    for (let seq = 0n; seq < 5n; seq++) {
      keys.forEach((k, i) => {
        const bad = seq === 2n && i === 3; // one forged signature in the middle
        txs.push(buildTx({ key: bad ? keys[0]! : k, chainId: CHAIN_ID, accountNumber: BigInt(i), sequence: seq, msgs: [msgSend(k.address, keys[(i + 1) % 8]!.address, 3n)] }));
      });
    }
    const run = async (workers: number) => {
      const { app, store } = openApp({ signatureCache: new NoSignatureCache(), verifyWorkers: workers });
      genesis(app, keys);
      const res = await app.finalizeBlock(block(1n, txs));
      await app.close();
      store.close();
      return { codes: res.txResults.map((r) => r.code), appHash: Buffer.from(res.appHash).toString("hex") };
    };
    const inline = await run(0);
    const pooled = await run(1);
    expect(pooled).toEqual(inline);
    expect(inline.codes.filter((c) => c !== 0).length).toBeGreaterThan(0);
  });

  it("PrepareProposal drops undecodable txs and trims to max bytes; ProcessProposal rejects proposals carrying junk", async () => {
    const { app, store } = openApp();
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    const good = [0n, 1n, 2n].map((seq) => buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: seq, msgs: [msgSend(a.address, b.address, 1n)] }));
    const junk = new Uint8Array([0x0a, 0x01, 0xff]);
    const base = { localLastCommit: { round: 0, votes: [] }, misbehavior: [], height: 1n, time: { seconds: 0n, nanos: 0 }, nextValidatorsHash: new Uint8Array(), proposerAddress: new Uint8Array() };
    const prepared = app.prepareProposal({ ...base, maxTxBytes: 1_000_000n, txs: [good[0]!, junk, good[1]!] });
    expect(prepared.txs).toEqual([good[0], good[1]]);
    const tight = app.prepareProposal({ ...base, maxTxBytes: BigInt(good[0]!.length + 10), txs: good });
    expect(tight.txs).toEqual([good[0]]);
    const pp = { ...base, proposedLastCommit: { round: 0, votes: [] }, hash: new Uint8Array(32) };
    expect(app.processProposal({ ...pp, txs: good }).status).toBe(1); // ACCEPT
    expect(app.processProposal({ ...pp, txs: [good[0]!, junk] }).status).toBe(2); // REJECT
    store.close();
  });

  it("ante: memo over 256 characters (12), an expired timeout height (30) and an oversized tx (21) are refused", async () => {
    const { app, store } = openApp({ maxTxBytes: 2_000 });
    const [a, b] = [randomKey(), randomKey()];
    genesis(app, [a, b]);
    await app.finalizeBlock(block(1n, []));
    app.commit();
    const base = { key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 1n)] };
    const check = (tx: Uint8Array) => app.checkTx({ tx, type: CheckTxType.NEW });
    expect(check(buildTx({ ...base, memo: "m".repeat(257) }))).toMatchObject({ code: 12, codespace: "sdk", log: "maximum number of characters is 256 but received 257 characters: memo too large" });
    expect(check(buildTx({ ...base, memo: "m".repeat(256) })).code).toBe(0);
    // CheckTx runs at height 2 (last committed + 1): a timeout of 1 has passed.
    expect(check(buildTx({ ...base, sequence: 1n, timeoutHeight: 1n }))).toMatchObject({ code: 30, codespace: "sdk" });
    expect(check(buildTx({ ...base, sequence: 1n, memo: "x".repeat(256), msgs: Array.from({ length: 12 }, () => msgSend(a.address, b.address, 1n)) }))).toMatchObject({ code: 21, codespace: "sdk" });
    // Nothing of the refused txs changed the check state: sequence 1 is still next.
    expect(check(buildTx({ ...base, sequence: 1n, timeoutHeight: 5n })).code).toBe(0);
    store.close();
  });
});
