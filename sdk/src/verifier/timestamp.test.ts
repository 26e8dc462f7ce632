import { ProofError } from "./errors";
import { GO_ZERO_TIME, addSeconds, compareTimestamps, formatTimestamp, parseRfc3339, timestampFromDate } from "./timestamp";

describe("timestamps", () => {
  test("RFC 3339 with nanoseconds, as CometBFT writes it", () => {
    const t = parseRfc3339("2026-11-22T11:38:50.804400331Z");
    expect(t).toEqual({ seconds: BigInt(Date.parse("2026-11-22T11:38:50Z") / 1000), nanos: 804400331 });
    expect(parseRfc3339("1970-01-01T00:00:01.5Z")).toEqual({ seconds: 1n, nanos: 500_000_000 });
    expect(parseRfc3339("1970-01-01T01:00:00+01:00")).toEqual({ seconds: 0n, nanos: 0 });
    expect(parseRfc3339("1969-12-31T23:59:59Z")).toEqual({ seconds: -1n, nanos: 0 });
    expect(parseRfc3339("2000-02-29T00:00:00Z").seconds).toBe(951782400n);
  });

  test("Go's zero time (absent votes)", () => {
    expect(parseRfc3339("0001-01-01T00:00:00Z")).toEqual(GO_ZERO_TIME);
  });

  test("anything else is an rpc_shape error", () => {
    for (const bad of ["", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.1234567890Z", "x2024-01-01T00:00:00Z"]) {
      expect(() => parseRfc3339(bad)).toThrow(ProofError);
    }
  });

  test("compare, add, from Date, format", () => {
    const a = { seconds: 10n, nanos: 5 };
    expect(compareTimestamps(a, { seconds: 10n, nanos: 6 })).toBeLessThan(0);
    expect(compareTimestamps(a, { seconds: 9n, nanos: 999 })).toBeGreaterThan(0);
    expect(compareTimestamps(a, { ...a })).toBe(0);
    expect(addSeconds(a, -3)).toEqual({ seconds: 7n, nanos: 5 });
    expect(addSeconds(a, 1.5)).toEqual({ seconds: 11n, nanos: 500_000_005 });
    expect(addSeconds({ seconds: 0n, nanos: 900_000_000 }, -0.5)).toEqual({ seconds: 0n, nanos: 400_000_000 });
    expect(addSeconds({ seconds: 0n, nanos: 900_000_000 }, 0.25)).toEqual({ seconds: 1n, nanos: 150_000_000 });
    expect(timestampFromDate(new Date(-1))).toEqual({ seconds: -1n, nanos: 999_000_000 });
    expect(timestampFromDate(new Date(1500))).toEqual({ seconds: 1n, nanos: 500_000_000 });
    expect(formatTimestamp({ seconds: 0n, nanos: 0 })).toBe("1970-01-01T00:00:00Z");
    const s = "2026-11-22T11:38:50.000400331Z";
    expect(formatTimestamp(parseRfc3339(s))).toBe(s);
  });
});
