import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { AuthInfo, SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { finalizeRequest } from "../chain/test/helpers/abci-requests";
import { SignatureCache } from "../chain/src/app/ante/signature-cache";
import { verifySecp256k1 } from "../chain/src/app/ante/secp256k1";
import { initUnitChain, openUnitApp } from "../chain/test/helpers/unit-app";
/** Per bench account: 100,000 STOS, so 500 accounts stay under pot's 100M STOS supply cap. */
const BENCH_STOS_EACH = 100_000n;
import { benchKeys } from "./accounts";
import { presignSends } from "./load";
import { Progress } from "./progress";

export interface InProcessResult {
  readonly txs: number;
  readonly blocks: number;
  readonly seconds: number;
  readonly txPerSecond: number;
  readonly finalizeSeconds: number;
  readonly commitSeconds: number;
  readonly failed: number;
  /** Reference in the same process: bare native signature checks of the same txs. */
  readonly verifyPerSecond: number;
}

/**
 * FinalizeBlock + Commit straight into the app (no CometBFT, no sockets), every signature
 * verified during FinalizeBlock (inline, or on `verifyWorkers` threads before execution).
 */
export async function runInProcess(accounts: number, perAccount: number, blockSize: number, verifyWorkers: number): Promise<InProcessResult> {
  const keys = benchKeys(accounts);
  const chainId = "stratos-bench";
  const txs = presignSends(keys, perAccount, chainId);
  // A fresh node replaying blocks: nothing was seen in CheckTx, so the verified-signature
  // cache starts empty and every signature is checked exactly once during FinalizeBlock.
  const { app, close } = openUnitApp({ prefix: "stratos-inproc-", signatureCache: new SignatureCache(), verifyWorkers });
  try {
    initUnitChain(app, { chainId, accounts: keys, stosEach: BENCH_STOS_EACH });
    const progress = new Progress("in-process: executed", txs.length);
    let height = 1n;
    let finalizeMs = 0;
    let commitMs = 0;
    let failed = 0;
    let blocks = 0;
    for (let i = 0; i < txs.length; i += blockSize) {
      const block = txs.slice(i, i + blockSize);
      const t0 = performance.now();
      const res = await app.finalizeBlock(finalizeRequest(height, block, { seconds: 1_700_000_000n + height, nanos: 0 }));
      const t1 = performance.now();
      app.commit();
      const t2 = performance.now();
      finalizeMs += t1 - t0;
      commitMs += t2 - t1;
      failed += res.txResults.filter((r) => r.code !== 0).length;
      blocks++;
      height++;
      progress.update(Math.min(i + blockSize, txs.length));
    }
    progress.done();

    // Reference: native verification alone, same signatures and sign bytes.
    const sample = txs.slice(0, Math.min(txs.length, 5000));
    const prepared = sample.map((raw, idx) => {
      const t = TxRaw.decode(raw);
      const info = AuthInfo.decode(t.authInfoBytes);
      const pk = PubKey.decode(info.signerInfos[0]!.publicKey!.value).key;
      const signBytes = SignDoc.encode({ bodyBytes: t.bodyBytes, authInfoBytes: t.authInfoBytes, chainId, accountNumber: BigInt(idx % accounts) }).finish();
      return { signBytes, sig: t.signatures[0]!, pk };
    });
    const v0 = performance.now();
    let ok = 0;
    for (const p of prepared) if (verifySecp256k1(p.signBytes, p.sig, p.pk)) ok++;
    const v1 = performance.now();
    if (ok !== prepared.length) throw new Error(`reference verification failed for ${prepared.length - ok} txs`);

    const seconds = (finalizeMs + commitMs) / 1000;
    return {
      txs: txs.length,
      blocks,
      seconds,
      txPerSecond: (txs.length - failed) / seconds,
      finalizeSeconds: finalizeMs / 1000,
      commitSeconds: commitMs / 1000,
      failed,
      verifyPerSecond: prepared.length / ((v1 - v0) / 1000),
    };
  } finally {
    await close();
  }
}
