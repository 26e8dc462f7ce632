/**
 * A message whose signer is not an account address (here a register MsgUpdateParams with a garbage
 * authority, correctly signed) once threw out of CheckTx, and out of FinalizeBlock through the
 * signature pre-verification, which stops the node. Both now answer with sdk code 7.
 */
import { CheckTxType } from "cosmjs-types/tendermint/abci/types";
import { finalizeRequest } from "../../../test/helpers/abci-requests";
import { randomKey } from "../../../test/helpers/keys";
import { seededRng } from "../../../test/helpers/prng";
import { msgSend } from "../../../test/helpers/tx-builder";
import { structuralCase } from "../../../test/helpers/tx-fuzz-cases";
import { initUnitChain, openUnitApp } from "../../../test/helpers/unit-app";

const CHAIN_ID = "stratos-signer";

it("a signer that is not an address is refused with code 7 by CheckTx and FinalizeBlock, never thrown", async () => {
  const { app, close } = openUnitApp({ prefix: "stratos-signer-", verifyWorkers: 1 });
  try {
    const [a, b] = [randomKey(), randomKey()];
    initUnitChain(app, { chainId: CHAIN_ID, accounts: [a, b] });
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
    await close();
  }
});
