import type { RequestFinalizeBlock } from "cosmjs-types/tendermint/abci/types";

/** A FinalizeBlock request with what the app reads (txs, height, time) and zeroed rest. */
export function finalizeRequest(height: bigint, txs: Uint8Array[], time: { seconds: bigint; nanos: number } = { seconds: 1_700_000_000n + height, nanos: 0 }): RequestFinalizeBlock {
  return {
    txs,
    decidedLastCommit: { round: 0, votes: [] },
    misbehavior: [],
    hash: new Uint8Array(32),
    height,
    time,
    nextValidatorsHash: new Uint8Array(32),
    proposerAddress: new Uint8Array(20),
  };
}
