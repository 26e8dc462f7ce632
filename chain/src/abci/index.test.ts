import * as abci from "./index";

describe("abci index", () => {
  it("exposes the public API", () => {
    expect(typeof abci.AbciServer).toBe("function");
    expect(typeof abci.BaseApplication).toBe("function");
    expect(typeof abci.FrameDecoder).toBe("function");
    expect(typeof abci.trimTxsToMaxBytes).toBe("function");
    expect(typeof abci.encodeUvarint).toBe("function");
    expect(abci.ABCI_METHODS).toHaveLength(14);
    // Every listed method exists on the base application.
    const app = new abci.BaseApplication();
    for (const m of abci.ABCI_METHODS) expect(typeof app[m]).toBe("function");
  });
});
