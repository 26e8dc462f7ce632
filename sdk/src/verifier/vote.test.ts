import { toHex } from "@cosmjs/encoding";
import { voteSignBytes } from "./vote";

const hash = new Uint8Array(32).fill(0xaa);
const parts = new Uint8Array(32).fill(0xbb);
const blockId = { hash, partSetHeader: { total: 1, hash: parts } };
const timestamp = { seconds: 1n, nanos: 2 };

describe("voteSignBytes (length-delimited CanonicalVote)", () => {
  test("a precommit for a block, round 0, byte for byte", () => {
    const body =
      "0802" + // type PRECOMMIT
      "110100000000000000" + // height 1, sfixed64 little-endian; round 0 left out
      "2248" + "0a20" + "aa".repeat(32) + "1224" + "0801" + "1220" + "bb".repeat(32) + // CanonicalBlockID
      "2a04" + "0801" + "1002" + // timestamp {1 s, 2 ns}
      "3201" + "63"; // chain id "c"
    const bytes = voteSignBytes("c", { height: 1n, round: 0, blockId, timestamp });
    expect(toHex(bytes)).toBe((body.length / 2).toString(16).padStart(2, "0") + body);
  });

  test("a nil vote leaves the block id out; a non-zero round is an sfixed64", () => {
    const nil = { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };
    const bytes = toHex(voteSignBytes("c", { height: 300n, round: 3, blockId: nil, timestamp }));
    expect(bytes).toBe("1d" + "0802" + "112c01000000000000" + "190300000000000000" + "2a0408011002" + "320163");
  });

  test("the timestamp is always written, even at the epoch", () => {
    const bytes = toHex(voteSignBytes("", { height: 1n, round: 0, blockId, timestamp: { seconds: 0n, nanos: 0 } }));
    expect(bytes.endsWith("2a00")).toBe(true);
  });
});
