import { ProofError } from "./errors";
import type { Timestamp } from "./types";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Days from 1970-01-01 to the given proleptic Gregorian date (valid for any year, including 0001). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses an RFC 3339 time with up to nanosecond precision, as CometBFT's JSON writes it
 * (`2024-05-01T12:00:00.123456789Z`; Go's zero time `0001-01-01T00:00:00Z` for absent votes).
 * Throws ProofError `rpc_shape` for anything else.
 *
 * @example
 * parseRfc3339("1970-01-01T00:00:01.5Z"); // { seconds: 1n, nanos: 500000000 }
 */
export function parseRfc3339(s: string): Timestamp {
  const m = RFC3339.exec(s);
  if (m === null) throw new ProofError("rpc_shape", `not an RFC 3339 time: ${JSON.stringify(s)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw new ProofError("rpc_shape", `not a valid time: ${JSON.stringify(s)}`);
  }
  const frac = m[7] ?? "";
  const nanos = frac === "" ? 0 : Number(frac.padEnd(9, "0"));
  const offset = m[8] !== undefined ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offset);
  return { seconds, nanos };
}

/**
 * Orders two timestamps: negative when `a` is earlier, 0 when equal, positive when later.
 *
 * @example
 * if (compareTimestamps(newHeader.time, trusted.time) <= 0) throw new Error("time did not increase");
 */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return a.nanos - b.nanos;
}

/**
 * The timestamp of a JavaScript Date (millisecond precision).
 *
 * @example
 * const now = timestampFromDate(new Date());
 */
export function timestampFromDate(d: Date): Timestamp {
  const ms = BigInt(d.getTime());
  const seconds = ms >= 0n ? ms / 1000n : -((-ms + 999n) / 1000n);
  return { seconds, nanos: Number(ms - seconds * 1000n) * 1_000_000 };
}

/**
 * `t` plus `seconds` (negative to subtract; fractions kept to the nanosecond).
 *
 * @example
 * const expires = addSeconds(trusted.header.time, 14 * 24 * 3600);
 */
export function addSeconds(t: Timestamp, seconds: number | bigint): Timestamp {
  if (typeof seconds === "bigint") return { seconds: t.seconds + seconds, nanos: t.nanos };
  const whole = Math.floor(seconds);
  let nanos = t.nanos + Math.round((seconds - whole) * 1e9);
  let s = t.seconds + BigInt(whole);
  if (nanos >= 1e9) {
    nanos -= 1e9;
    s += 1n;
  }
  return { seconds: s, nanos };
}

/**
 * RFC 3339 text of a timestamp (UTC, nanoseconds when not zero), for messages.
 *
 * @example
 * formatTimestamp({ seconds: 0n, nanos: 0 }); // "1970-01-01T00:00:00Z"
 */
export function formatTimestamp(t: Timestamp): string {
  const ms = Number(t.seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${t.seconds}s+${t.nanos}ns`;
  const base = new Date(ms).toISOString().slice(0, 19);
  return t.nanos === 0 ? `${base}Z` : `${base}.${String(t.nanos).padStart(9, "0")}Z`;
}

/**
 * Go's zero `time.Time` (0001-01-01T00:00:00Z), the timestamp of an absent vote.
 *
 * @example
 * const absent = { blockIdFlag: BLOCK_ID_FLAG.ABSENT, validatorAddress: new Uint8Array(0), timestamp: GO_ZERO_TIME, signature: new Uint8Array(0) };
 */
export const GO_ZERO_TIME: Readonly<Timestamp> = Object.freeze({ seconds: -62135596800n, nanos: 0 });
