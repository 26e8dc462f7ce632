import { SLICE_SIZE } from "../mesh";
import { parseByteRange, resolveRange, sliceWindow } from "./ranges";

const S = SLICE_SIZE;

describe("range math", () => {
  it("resolves the whole file and checks bounds", () => {
    expect(resolveRange(100n)).toEqual({ start: 0n, end: 99n });
    expect(resolveRange(100n, { start: 5n, end: 99n })).toEqual({ start: 5n, end: 99n });
    expect(() => resolveRange(100n, { start: 5n, end: 100n })).toThrow(/not within the file/);
    expect(() => resolveRange(100n, { start: 6n, end: 5n })).toThrow();
    expect(() => resolveRange(100n, { start: -1n, end: 5n })).toThrow();
  });

  it("maps a range onto slice windows", () => {
    const r = { start: BigInt(S - 10), end: BigInt(2 * S + 4) };
    expect(sliceWindow(0, r, S)).toEqual({ from: S - 10, to: S });
    expect(sliceWindow(1, r, S)).toEqual({ from: 0, to: S });
    expect(sliceWindow(2, r, 100)).toEqual({ from: 0, to: 5 });
    expect(sliceWindow(3, r, 100)).toBeNull();
    expect(sliceWindow(1, { start: BigInt(S + 10), end: BigInt(S + 19) }, S)).toEqual({ from: 10, to: 20 });
    expect(sliceWindow(0, { start: BigInt(S), end: BigInt(S) }, S)).toBeNull();
    expect(sliceWindow(0, { start: 0n, end: 0n }, S)).toEqual({ from: 0, to: 1 });
    // A short last slice clips the window.
    expect(sliceWindow(2, { start: 0n, end: BigInt(3 * S) }, 7)).toEqual({ from: 0, to: 7 });
  });

  it("parses CLI ranges", () => {
    expect(parseByteRange("0-1023")).toEqual({ start: 0n, end: 1023n });
    expect(parseByteRange(" 5 - 5 ")).toEqual({ start: 5n, end: 5n });
    for (const bad of ["", "5", "-5", "5-", "a-b", "9-3", "1-2-3", "1.5-2"]) expect(() => parseByteRange(bad)).toThrow(/range/);
  });
});
