import { acceptingEpoch, epochEnd, epochOf, epochReportable } from "./epochs";

describe("epochs", () => {
  it("epoch n covers heights (n-1)L+1 .. nL", () => {
    expect(epochOf(0, 10)).toBe(0);
    expect(epochOf(1, 10)).toBe(1);
    expect(epochOf(10, 10)).toBe(1);
    expect(epochOf(11, 10)).toBe(2);
    expect(epochEnd(3, 10)).toBe(30);
  });

  it("receipts accepted on the last block of an epoch count in the next one", () => {
    expect(acceptingEpoch(9, 10)).toBe(1);
    expect(acceptingEpoch(10, 10)).toBe(2);
  });

  it("an epoch is reportable once the tip is delay blocks past its end", () => {
    expect(epochReportable(1, 10, 10, 1)).toBe(false);
    expect(epochReportable(1, 11, 10, 1)).toBe(true);
    expect(epochReportable(1, 11, 10, 2)).toBe(false);
    expect(epochReportable(1, 12, 10, 2)).toBe(true);
    expect(epochReportable(1, 10, 10, 0)).toBe(false); // delay is at least 1
  });
});
