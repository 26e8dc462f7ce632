/**
 * A message whose signer is not an account address (here a register MsgUpdateParams with a garbage
 * authority, correctly signed) once threw out of CheckTx, and out of FinalizeBlock through the
 * signature pre-verification, which stops the node. Both now answer with sdk code 7.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import { devAppState } from "../../../../localnet/lib/genesis";
import { finalizeRequest } from "../../../test/helpers/abci-requests";
import { randomKey } from "../../../test/helpers/keys";
import { seededRng } from "../../../test/helpers/prng";
import { msgSend } from "../../../test/helpers/tx-builder";
import { structuralCase } from "../../../test/helpers/tx-fuzz-cases";
import { CommitStore } from "../../store/commit-store";
import { StratosApp } from "../app";

const CHAIN_ID = "stratos-signer";

it("a signer that is not an address is refused with code 7 by CheckTx and FinalizeBlock, never thrown", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-signer-"));
  const store = CommitStore.open(dir);
  const app = new StratosApp(store, { verifyWorkers: 1 });
  try {
    const [a, b] = [randomKey(), randomKey()];
    app.initChain({ time: { seconds: 1_700_000_000n, nanos: 0 }, chainId: CHAIN_ID, validators: [], appStateBytes: new TextEncoder().encode(JSON.stringify(devAppState([a, b], 1000n))), initialHeight: 1n });
    const rng = seededRng(7);
    const txs = Array.from({ length: 20 }, () => structuralCase(rng, { key: a, chainId: CHAIN_ID, accountNumber: 0n, sequence: 0n }, [], msgSend(a.address, b.address, 1n), "bad-signer-address").tx);
    // 20 txs: more than the 16 from which FinalizeBlock pre-verifies signatures on the worker.
    const res = await app.finalizeBlock(finalizeRequest(1n, txs));
    expect(res.txResults.map((r) => `${r.codespace}/${r.code}`)).toEqual(txs.map(() => "sdk/7"));
    app.commit();
    for (const tx of txs) {
      const r = app.checkTx({ tx, type: CheckTxType.NEW });
      expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 7, codespace: "sdk" });
      expect(r.log).toMatch(/invalid (signer|authority) address/);
    }
  } finally {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
