import { Response, ResponseFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder } from "./frame-decoder";
import { encodeFrame, encodeFrames } from "./frame-encoder";

describe("encodeFrames", () => {
  it("prefixes each body with its uvarint length", () => {
    expect(encodeFrames([Uint8Array.of(0x1a, 0x00), new Uint8Array(0)]).toString("hex")).toBe("021a0000");
    expect(encodeFrame(new Uint8Array(300)).subarray(0, 2).toString("hex")).toBe("ac02");
  });

  it("writes unfinished BinaryWriters byte-identically to finish()", () => {
    const responses: Response[] = [
      { flush: {} },
      { echo: { message: "héllo ✓" } },
      {
        finalizeBlock: ResponseFinalizeBlock.fromPartial({
          events: [{ type: "t", attributes: [{ key: "k", value: "v".repeat(200), index: true }] }],
          txResults: [{ code: 3, data: new Uint8Array(1000).fill(9), log: "x", gasUsed: 12345678901234n }],
          appHash: new Uint8Array(32).fill(1),
        }),
      },
    ];
    const viaWriters = encodeFrames(responses.map((r) => Response.encode(r)));
    const viaBytes = encodeFrames(responses.map((r) => Response.encode(r).finish()));
    expect(viaWriters.equals(viaBytes)).toBe(true);
    const decoded = new FrameDecoder().feed(viaWriters).map((b) => Response.decode(b));
    expect(decoded[1]?.echo?.message).toBe("héllo ✓");
    expect(decoded[2]?.finalizeBlock?.txResults[0]?.gasUsed).toBe(12345678901234n);
  });
});
