import { StratosError } from "./base";
import { TxFailedError, TxRejectedError, TxTimeoutError } from "./tx";

describe("SDK errors", () => {
  it("carry codes, details and hints, and stay StratosErrors", () => {
    const rejected = new TxRejectedError(32, "sdk", "account sequence mismatch, expected 3, got 2: incorrect account sequence");
    expect(rejected).toBeInstanceOf(StratosError);
    expect(rejected.name).toBe("TxRejectedError");
    expect(rejected.details).toMatch(/expected 3, got 2/);
    expect(rejected.hints[0]).toMatch(/sequence/);
    expect(rejected.message).toMatch(/^transaction rejected by the node \(sdk 32\)\nDetails: /);
    const failed = new TxFailedError(5, "sdk", "spendable balance 0wei is smaller than 1wei: insufficient funds", 7, "AB");
    expect(failed.shortMessage).toBe("transaction AB failed in block 7 (sdk 5)");
    expect(new TxRejectedError(2, "bank", "x").hints).toEqual([]);
    expect(new TxTimeoutError("CD", 5000).hints[0]).toMatch(/look it up/);
  });
});
