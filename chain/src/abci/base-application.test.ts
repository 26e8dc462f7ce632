import {
  RequestExtendVote,
  RequestFinalizeBlock,
  RequestInfo,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  Response,
  ResponseApplySnapshotChunk_Result,
  ResponseOfferSnapshot_Result,
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus,
} from "cosmjs-types/tendermint/abci/types";
import { BaseApplication, trimTxsToMaxBytes, txProtoSize } from "./base-application";

const tx = (n: number, fill = n % 256): Uint8Array => new Uint8Array(n).fill(fill);

describe("txProtoSize", () => {
  it("counts tag + length prefix + payload, as CometBFT's ComputeProtoSizeForTxs does", () => {
    expect(txProtoSize(tx(0))).toBe(2);
    expect(txProtoSize(tx(10))).toBe(12);
    expect(txProtoSize(tx(127))).toBe(129);
    expect(txProtoSize(tx(128))).toBe(131);
  });
});

describe("trimTxsToMaxBytes", () => {
  it("keeps everything that fits, in order", () => {
    const txs = [tx(10, 1), tx(20, 2), tx(30, 3)];
    expect(trimTxsToMaxBytes(txs, 1000n)).toEqual(txs);
  });

  it("drops txs that would overflow but keeps later ones that still fit", () => {
    const a = tx(10, 1); // 12 bytes framed
    const big = tx(100, 2); // 102
    const b = tx(20, 3); // 22
    const kept = trimTxsToMaxBytes([a, big, b], 40n);
    expect(kept).toEqual([a, b]);
  });

  it("never exceeds the budget, by framed or raw size", () => {
    let seed = 7;
    const rnd = (m: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let round = 0; round < 200; round++) {
      const txs = Array.from({ length: rnd(30) }, () => tx(rnd(300)));
      const max = rnd(3000);
      const kept = trimTxsToMaxBytes(txs, BigInt(max));
      const framed = kept.reduce((s, t) => s + txProtoSize(t), 0);
      const raw = kept.reduce((s, t) => s + t.length, 0);
      expect(framed).toBeLessThanOrEqual(max);
      expect(raw).toBeLessThanOrEqual(max);
      // order preserved: kept is a subsequence of txs
      let i = 0;
      for (const t of txs) if (i < kept.length && kept[i] === t) i++;
      expect(i).toBe(kept.length);
    }
  });

  it("returns nothing for a zero or negative budget and accepts numbers", () => {
    expect(trimTxsToMaxBytes([tx(1)], 0n)).toEqual([]);
    expect(trimTxsToMaxBytes([tx(1)], -5n)).toEqual([]);
    expect(trimTxsToMaxBytes([tx(1)], 3)).toHaveLength(1);
  });
});

describe("BaseApplication defaults", () => {
  const app = new BaseApplication();

  it("info reports height 0", async () => {
    const res = await app.info(RequestInfo.fromPartial({}));
    expect(res.lastBlockHeight).toBe(0n);
    expect(res.lastBlockAppHash).toHaveLength(0);
  });

  it("query answers code 6 in codespace sdk", async () => {
    const res = await app.query(RequestQuery.fromPartial({ path: "/x" }));
    expect(res.code).toBe(6);
    expect(res.codespace).toBe("sdk");
  });

  it("checkTx accepts", async () => {
    expect((await app.checkTx({ tx: tx(3), type: 0 })).code).toBe(0);
  });

  it("processProposal explicitly ACCEPTs, and it is on the wire", async () => {
    const res = await app.processProposal(RequestProcessProposal.fromPartial({}));
    expect(res.status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
    expect(Buffer.from(Response.encode({ processProposal: res }).finish()).toString("hex")).toBe("92010208" + "01");
  });

  it("prepareProposal trims to maxTxBytes", async () => {
    const txs = [tx(50), tx(50), tx(50)];
    const res = await app.prepareProposal(RequestPrepareProposal.fromPartial({ txs, maxTxBytes: 110n }));
    expect(res.txs).toHaveLength(2);
    const all = await app.prepareProposal(RequestPrepareProposal.fromPartial({ txs, maxTxBytes: 1_000_000n }));
    expect(all.txs).toEqual(txs);
  });

  it("finalizeBlock returns one result per tx and a 32-byte app hash", async () => {
    const res = await app.finalizeBlock(RequestFinalizeBlock.fromPartial({ txs: [tx(1), tx(2)] }));
    expect(res.txResults.map((r) => r.code)).toEqual([0, 0]);
    expect(res.appHash).toEqual(new Uint8Array(32));
  });

  it("commit, vote extensions and snapshot calls set explicit non-zero enums", async () => {
    expect((await app.commit({})).retainHeight).toBe(0n);
    expect((await app.extendVote(RequestExtendVote.fromPartial({}))).voteExtension).toHaveLength(0);
    expect((await app.verifyVoteExtension({ hash: tx(0), validatorAddress: tx(0), height: 1n, voteExtension: tx(0) })).status).toBe(
      ResponseVerifyVoteExtension_VerifyStatus.ACCEPT,
    );
    expect((await app.listSnapshots({})).snapshots).toEqual([]);
    expect((await app.offerSnapshot({ appHash: tx(0) })).result).toBe(ResponseOfferSnapshot_Result.REJECT);
    expect((await app.loadSnapshotChunk({ height: 1n, format: 0, chunk: 0 })).chunk).toHaveLength(0);
    expect((await app.applySnapshotChunk({ index: 0, chunk: tx(0), sender: "" })).result).toBe(
      ResponseApplySnapshotChunk_Result.ABORT,
    );
  });
});
