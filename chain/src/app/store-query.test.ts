import { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { verifySmtProof } from "../../../sdk/src/verifier";
import { finalizeRequest } from "../../test/helpers/abci-requests";
import { randomKey } from "../../test/helpers/keys";
import { buildTx, msgSend } from "../../test/helpers/tx-builder";
import { initUnitChain, openUnitApp, type UnitApp } from "../../test/helpers/unit-app";
import { balanceKey as bankBalanceKey, STORE_PREFIX } from "../modules/bank/keys";
import { concatBytes } from "../store/bytes";
import { decodeAccAddress } from "../types/address";
import type { StratosApp } from "./app";
import { STORE_KEY_QUERY_PATH, STORE_PROOF_OP_TYPE } from "./store-query";

const CHAIN_ID = "stratos-unit";
let unit: UnitApp;
let app: StratosApp;
const alice = randomKey();
const bob = randomKey();
const nobody = randomKey();
const hashes = new Map<bigint, Uint8Array>();

function balanceKey(address: string): Uint8Array {
  return concatBytes(STORE_PREFIX, bankBalanceKey(decodeAccAddress(address), "wei"));
}

beforeAll(async () => {
  unit = openUnitApp({ prefix: "stratos-store-query-", minGasPriceWei: 1_000_000_000n });
  app = unit.app;
  initUnitChain(app, { chainId: CHAIN_ID, accounts: [alice, bob] });
  hashes.set(1n, (await app.finalizeBlock(finalizeRequest(1n, []))).appHash);
  app.commit();
  const send = buildTx({ chainId: CHAIN_ID, key: alice, accountNumber: 0n, sequence: 0n, msgs: [msgSend(alice.address, bob.address, 5n)] });
  const res = await app.finalizeBlock(finalizeRequest(2n, [send]));
  expect(res.txResults[0]?.code).toBe(0);
  hashes.set(2n, res.appHash);
  app.commit();
});

afterAll(async () => {
  await unit?.close();
});

function ask(key: Uint8Array, height: bigint, prove = true) {
  return app.query({ path: STORE_KEY_QUERY_PATH, data: key, height, prove });
}

describe(`ABCI query ${STORE_KEY_QUERY_PATH}`, () => {
  it("proves a present key's value against the app hash of the height asked, at every kept height", () => {
    for (const h of [1n, 2n]) {
      const r = ask(balanceKey(bob.address), h);
      expect(r.code).toBe(0);
      expect(r.height).toBe(h);
      expect(r.proofOps?.ops).toHaveLength(1);
      const op = r.proofOps!.ops[0]!;
      expect(op.type).toBe(STORE_PROOF_OP_TYPE);
      expect(op.key).toEqual(balanceKey(bob.address));
      const proof = CommitmentProof.decode(op.data);
      expect(() => verifySmtProof(proof, hashes.get(h)!, op.key, r.value)).not.toThrow();
      // the value changed between the two heights, and each proof only fits its own root
      const other = hashes.get(h === 1n ? 2n : 1n)!;
      expect(() => verifySmtProof(proof, other, op.key, r.value)).toThrow();
    }
    const before = BigInt(new TextDecoder().decode(ask(balanceKey(bob.address), 1n).value));
    const after = BigInt(new TextDecoder().decode(ask(balanceKey(bob.address), 2n).value));
    expect(after - before).toBe(5n);
  });

  it("proves an absent key's absence (empty value, non-membership proof)", () => {
    const key = balanceKey(nobody.address);
    const r = ask(key, 2n);
    expect(r.code).toBe(0);
    expect(r.value).toHaveLength(0);
    const proof = CommitmentProof.decode(r.proofOps!.ops[0]!.data);
    expect(proof.nonexist).toBeDefined();
    expect(() => verifySmtProof(proof, hashes.get(2n)!, key)).not.toThrow();
    // an absence proof does not prove a value
    expect(() => verifySmtProof(proof, hashes.get(2n)!, key, new TextEncoder().encode("1"))).toThrow();
  });

  it("answers without a proof when prove is false, and height 0 means the latest", () => {
    const r = ask(balanceKey(bob.address), 0n, false);
    expect(r.code).toBe(0);
    expect(r.height).toBe(2n);
    expect(r.proofOps).toBeUndefined();
    expect(r.value.length).toBeGreaterThan(0);
  });

  it("refuses an empty key, an oversized key and a future height with a clear log, and nothing changes", () => {
    const before = unit.store.lastCommit();
    const empty = ask(new Uint8Array(), 2n);
    expect(empty.code).not.toBe(0);
    expect(empty.log).toMatch(/empty state key/);
    const long = ask(new Uint8Array(5000), 2n);
    expect(long.code).not.toBe(0);
    expect(long.log).toMatch(/longer than/);
    const future = ask(balanceKey(bob.address), 9n);
    expect(future.code).not.toBe(0);
    expect(future.log).toMatch(/height in the future/);
    expect(unit.store.lastCommit()).toEqual(before);
  });
});
