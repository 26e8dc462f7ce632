/**
 * Mutated transactions at volume, seeded so a failure can be replayed (TX_FUZZ_SEED; TX_FUZZ_CASES
 * for a longer run): every mutation of a valid signed tx (bit flips, byte sets, truncation,
 * insertion, deletion, duplication, splices between txs) and every correctly signed but malformed
 * tx (garbage under every message type URL, garbage in nested Anys, wrong wire types, huge and
 * non-minimal varints, duplicate signer infos and signatures, high-S and other-chain signatures)
 * is refused by CheckTx with a non-zero code and a log, the app never throws, and a block full of
 * them leaves the state exactly as an empty block does.
 */
import { stratos } from "@stratos/proto";
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey } from "../../test/helpers/keys";
import { fuzzCount, fuzzSeed, seededRng } from "../../test/helpers/prng";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { STRUCTURAL_KINDS, structuralCase, type SignerSpec } from "../../test/helpers/tx-fuzz-cases";
import { initUnitChain, openUnitApp, type UnitApp } from "../../test/helpers/unit-app";

const SEED = fuzzSeed("TX_FUZZ_SEED", 20261122);
const CASES = fuzzCount("TX_FUZZ_CASES", 10_000);
const STRUCTURAL_CASES = Math.ceil(CASES / 4);
const CHAIN_ID = "stratos-fuzz";

const opened: UnitApp[] = [];

function openApp(keys: readonly { address: string }[], verifyWorkers = 0): UnitApp {
  const u = openUnitApp({ prefix: "stratos-fuzz-", minGasPriceWei: 1_000_000_000n, verifyWorkers });
  opened.push(u);
  initUnitChain(u.app, { chainId: CHAIN_ID, accounts: keys });
  return u;
}

afterAll(async () => {
  for (const u of opened) await u.close();
});

function mutate(rand: () => number, tx: Uint8Array, other: Uint8Array): Uint8Array {
  const at = (n: number) => Math.floor(rand() * n);
  const b = Uint8Array.from(tx);
  switch (at(7)) {
    case 0: {
      const i = at(b.length);
      b[i] = b[i]! ^ (1 << at(8));
      return b;
    }
    case 1: {
      b[at(b.length)] = at(256);
      return b;
    }
    case 2:
      return b.subarray(0, at(b.length));
    case 3: {
      const i = at(b.length + 1);
      const extra = Uint8Array.from({ length: 1 + at(16) }, () => at(256));
      return Uint8Array.from([...b.subarray(0, i), ...extra, ...b.subarray(i)]);
    }
    case 4: {
      const i = at(b.length);
      const n = 1 + at(Math.min(32, b.length - i));
      return Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + n)]);
    }
    case 5: {
      const i = at(b.length);
      const n = 1 + at(Math.min(32, b.length - i));
      return Uint8Array.from([...b.subarray(0, i + n), ...b.subarray(i, i + n), ...b.subarray(i + n)]);
    }
    default: {
      const i = at(b.length);
      const j = at(other.length);
      return Uint8Array.from([...b.subarray(0, i), ...other.subarray(j)]);
    }
  }
}

describe(`mutated transactions (seed ${SEED}, ${CASES} cases)`, () => {
  const [a, b] = [randomKey(), randomKey()];
  const send = buildTx({ key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n, msgs: [msgSend(a.address, b.address, 5n)] });
  const prepayMsg = stratos.sds.v1.MsgPrepay.fromPartial({ sender: a.address, beneficiary: a.address, amount: [{ denom: "wei", amount: "1000" }] });
  const prepay = buildTx({
    key: a,
    chainId: CHAIN_ID,
    accountNumber: 0n,
    sequence: 0n,
    msgs: [{ typeUrl: "/stratos.sds.v1.MsgPrepay", value: stratos.sds.v1.MsgPrepay.encode(prepayMsg).finish(), json: {} }],
  });
  const originals = [send, prepay].map((t) => Buffer.from(t).toString("hex"));

  it("CheckTx refuses every mutation with a code and a log, and never throws", async () => {
    // Commit block 1 so the accounts are in the committed state CheckTx reads.
    const committed = async () => {
      const opened = openApp([a, b]);
      await opened.app.finalizeBlock(finalizeRequest(1n, []));
      opened.app.commit();
      return opened;
    };
    // On a twin app, the originals pass: the mutations, not the setup, are what is refused.
    const twin = await committed();
    expect(twin.app.checkTx({ tx: send, type: CheckTxType.NEW }).code).toBe(0);
    const twin2 = await committed();
    expect(twin2.app.checkTx({ tx: prepay, type: CheckTxType.NEW }).code).toBe(0);
    twin.store.close();
    twin2.store.close();
    const { app, store } = await committed();
    const rand = seededRng(SEED).next;
    const codes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const [base, other] = rand() < 0.5 ? [send, prepay] : [prepay, send];
      const tx = mutate(rand, base, other);
      if (originals.includes(Buffer.from(tx).toString("hex"))) continue;
      const res = app.checkTx({ tx, type: CheckTxType.NEW });
      if (res.code === 0) throw new Error(`case ${i} (seed ${SEED}) was accepted: ${Buffer.from(tx).toString("hex")}`);
      expect(res.log.length).toBeGreaterThan(0);
      const k = `${res.codespace}/${res.code}`;
      codes.set(k, (codes.get(k) ?? 0) + 1);
    }
    // Several different checks did the refusing (decode, signature, sequence, ...).
    expect(codes.size).toBeGreaterThanOrEqual(3);
    console.log(`tx fuzz (seed ${SEED}): ${CASES} byte-level mutations refused by CheckTx; codespace/code counts ${JSON.stringify(Object.fromEntries(codes))}`);
    store.close();
  });

  it("CheckTx refuses every correctly signed but malformed tx, of every kind and message type", async () => {
    const { app, store } = openApp([a, b]);
    await app.finalizeBlock(finalizeRequest(1n, []));
    app.commit();
    const typeUrls = [...app.msgRoutes().keys()];
    expect(typeUrls.filter((u) => u.startsWith("/stratos.")).length).toBeGreaterThan(10);
    const signer: SignerSpec = { key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n };
    const rng = seededRng(SEED + 2);
    const kinds = new Map<string, number>();
    const codes = new Map<string, number>();
    const valid = msgSend(a.address, b.address, 5n);
    // Every routed type URL with garbage values, then random kinds.
    const cases = typeUrls.flatMap((typeUrl) => [0, 1, 2].map(() => structuralCase(rng, signer, [typeUrl], valid, "garbage-msg-value")));
    for (let i = 0; i < STRUCTURAL_CASES; i++) cases.push(structuralCase(rng, signer, typeUrls, valid));
    for (const [i, c] of cases.entries()) {
      const res = app.checkTx({ tx: c.tx, type: CheckTxType.NEW });
      if (res.code === 0) throw new Error(`structural case ${i} (${c.kind}, seed ${SEED}) was accepted: ${Buffer.from(c.tx).toString("hex")}`);
      expect(res.log.length).toBeGreaterThan(0);
      kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      const k = `${c.kind} -> ${res.codespace}/${res.code}`;
      codes.set(k, (codes.get(k) ?? 0) + 1);
    }
    for (const k of STRUCTURAL_KINDS) expect(kinds.get(k) ?? 0).toBeGreaterThan(0);
    // Malleated and other-chain signatures are refused as unauthorized (sdk code 4).
    for (const [k, n] of codes) if (/^(high-s-signature|other-chain-id) /.test(k)) expect([k, n]).toEqual([k.replace(/-> .*/, "-> sdk/4"), n]);
    // The valid tx still passes afterwards: nothing above touched the account's state.
    expect(app.checkTx({ tx: send, type: CheckTxType.NEW }).code).toBe(0);
    console.log(`tx fuzz (seed ${SEED + 2}): ${cases.length} signed malformed txs over ${typeUrls.length} message types refused; kind -> codespace/code ${JSON.stringify(Object.fromEntries(codes))}`);
    store.close();
  });

  it("a block of 800 mutated and 220 malformed signed txs leaves the state as an empty block does", async () => {
    const rand = seededRng(SEED + 1).next;
    const junk: Uint8Array[] = [];
    while (junk.length < 800) {
      const tx = mutate(rand, send, prepay);
      if (!originals.includes(Buffer.from(tx).toString("hex"))) junk.push(tx);
    }
    // With a verifier worker, so the block's signatures are pre-verified as on a node.
    const fuzzed = openApp([a, b], 1);
    const structural = seededRng(SEED + 3);
    const typeUrls = [...fuzzed.app.msgRoutes().keys()];
    const signer = { key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n };
    for (let i = 0; i < 200; i++) junk.push(structuralCase(structural, signer, typeUrls, msgSend(a.address, b.address, 5n)).tx);
    // What once stopped the signature pre-verification (and so the node): signers that are not
    // addresses, public keys that do not decode.
    for (const kind of ["bad-signer-address", "garbage-pubkey-any"] as const) {
      for (let i = 0; i < 10; i++) junk.push(structuralCase(structural, signer, typeUrls, msgSend(a.address, b.address, 5n), kind).tx);
    }
    const empty = openApp([a, b]);
    try {
      const res = await fuzzed.app.finalizeBlock(finalizeRequest(1n, junk));
      expect(res.txResults).toHaveLength(junk.length);
      expect(res.txResults.every((r) => r.code !== 0)).toBe(true);
      const ref = await empty.app.finalizeBlock(finalizeRequest(1n, []));
      expect(Buffer.from(res.appHash).toString("hex")).toBe(Buffer.from(ref.appHash).toString("hex"));
      fuzzed.app.commit();
      empty.app.commit();
    } finally {
      await fuzzed.app.close();
    }
    fuzzed.store.close();
    empty.store.close();
  });
});
