/**
 * Block-time helpers: RFC 3339 text <-> whole seconds since the epoch, UTC. Pure functions of
 * their input (no clock), for genesis files and event attributes.
 */
import { timestampToRfc3339 } from "@stratos/proto/src/amino";

/** A protobuf Timestamp (`{seconds, nanos}`) of whole seconds, as block times are here. */
export function timestampOf(seconds: bigint): { seconds: bigint; nanos: number } {
  return { seconds, nanos: 0 };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** `2024-01-02T03:04:05Z` for 1704164645n (UTC, whole seconds, as Go's RFC3339 layout prints it). */
export function formatRfc3339(seconds: bigint): string {
  return timestampToRfc3339(timestampOf(seconds));
}

/**
 * Parses an RFC 3339 time to whole seconds. A fraction is accepted only when it is zero
 * (block times here are whole seconds); throws a RangeError otherwise.
 */
export function parseRfc3339(text: string): bigint {
  const m = RFC3339.exec(text);
  if (!m) throw new RangeError(`invalid RFC 3339 time ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (frac && /[1-9]/.test(frac)) throw new RangeError(`time ${text} has a fraction of a second; whole seconds only`);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new RangeError(`invalid RFC 3339 time ${JSON.stringify(text)}`);
  }
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  let offset = 0;
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return BigInt(ms / 1000 - offset);
}

/** `"1814400s"` -> 1814400n; whole seconds only (a zero fraction is accepted). */
export function parseDurationSeconds(text: string): bigint {
  const m = /^([0-9]{1,19})(?:\.0{1,9})?s$/.exec(text);
  if (!m) throw new RangeError(`invalid duration ${JSON.stringify(text)} (expected whole seconds, e.g. "1814400s")`);
  return BigInt(m[1]!);
}
