import { InsufficientNodesError, placeSlices } from "./placement";
import { errorAnswer } from "../shared/http-errors";

const nodes = (frees: number[]) => frees.map((f, i) => ({ address: `stsds1node${String.fromCharCode(97 + i)}`, freeBytes: BigInt(f) }));

describe("placeSlices", () => {
  it("picks replicas distinct nodes per slice, most free first", () => {
    const p = placeSlices([10, 10], 2, nodes([100, 300, 200]));
    expect(p).toHaveLength(2);
    expect(p[0]!.holders).toEqual(["stsds1nodeb", "stsds1nodec"]);
    for (const s of p) expect(new Set(s.holders).size).toBe(2);
  });

  it("spreads equal nodes round-robin and is deterministic regardless of input order", () => {
    const a = placeSlices([1, 1, 1, 1], 1, nodes([1000, 1000, 1000, 1000]));
    expect(a.map((s) => s.holders[0])).toEqual(["stsds1nodea", "stsds1nodeb", "stsds1nodec", "stsds1noded"]);
    const b = placeSlices([1, 1, 1, 1], 1, [...nodes([1000, 1000, 1000, 1000])].reverse());
    expect(b).toEqual(a);
  });

  it("accounts for the space slices take (projected free capacity)", () => {
    // node a has 25 free, b 20: a takes the first slice (25 -> 15), then b (20 -> 10), then a again.
    const p = placeSlices([10, 10, 10], 1, nodes([25, 20]));
    expect(p.map((s) => s.holders[0])).toEqual(["stsds1nodea", "stsds1nodeb", "stsds1nodea"]);
  });

  it("skips nodes without room and excluded nodes", () => {
    const p = placeSlices([50], 1, nodes([10, 60]), () => new Set());
    expect(p[0]!.holders).toEqual(["stsds1nodeb"]);
    const q = placeSlices([5], 1, nodes([10, 60]), () => new Set(["stsds1nodeb"]));
    expect(q[0]!.holders).toEqual(["stsds1nodea"]);
  });

  it("refuses with 503 insufficient_nodes when fewer healthy nodes than replicas", () => {
    let err: unknown;
    try {
      placeSlices([1], 3, nodes([10, 10]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InsufficientNodesError);
    expect((err as InsufficientNodesError).status).toBe(503);
    expect(errorAnswer(err)).toMatchObject({ status: 503, body: { code: "insufficient_nodes", replicas: "3", available: "2" } });
    expect((err as Error).message).toMatch(/needs 3 distinct healthy resource nodes/);
  });
});
