/**
 * An ordered set of latin1 key strings (see `keyString`), stored as a list of sorted chunks.
 * Insert and remove cost a binary search plus a splice inside one chunk of at most
 * `2 * CHUNK` entries, so the set stays cheap at hundreds of thousands of keys, where a
 * single sorted array would shift O(n) per insert.
 */

const CHUNK = 512;

/** Position of an element: chunk index and index within the chunk. */
interface Pos {
  ci: number;
  i: number;
}

/** Ordered string set with range scans that tolerate concurrent inserts and removes. */
export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;
  /** Bumped on every structural change so live scans know to re-seek. */
  private mutations = 0;

  /** Builds the set from keys in any order (duplicates are dropped). */
  static from(keys: Iterable<string>): SortedKeys {
    const arr = Array.from(keys).sort();
    const set = new SortedKeys();
    let last: string | undefined;
    let chunk: string[] = [];
    for (const k of arr) {
      if (k === last) continue;
      last = k;
      chunk.push(k);
      if (chunk.length === CHUNK) {
        set.chunks.push(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) set.chunks.push(chunk);
    set.count = set.chunks.reduce((n, c) => n + c.length, 0);
    return set;
  }

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /** Changes whenever a key is added or removed: a cursor re-seeks when it moved. */
  get version(): number {
    return this.mutations;
  }

  /**
   * The next key after `after` in scan order (ascending, or descending with `reverse`)
   * within `[start, end)`; with `after` undefined, the first key of the range.
   */
  seek(after: string | undefined, start: string | undefined, end: string | undefined, reverse: boolean): string | undefined {
    if (!reverse) {
      const pos = after !== undefined && (start === undefined || after >= start) ? this.upperBoundPos(after) : start === undefined ? { ci: 0, i: 0 } : this.lowerBoundPos(start);
      const k = this.at(pos);
      return k === undefined || (end !== undefined && k >= end) ? undefined : k;
    }
    const bound = after !== undefined && (end === undefined || after < end) ? after : end;
    const pos = this.prev(bound === undefined ? { ci: this.chunks.length, i: 0 } : this.lowerBoundPos(bound));
    const k = this.at(pos);
    return k === undefined || (start !== undefined && k < start) ? undefined : k;
  }

  /** Adds `s`; returns false when it was already present. */
  insert(s: string): boolean {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([s]);
      this.count = 1;
      this.mutations++;
      return true;
    }
    let ci = this.chunkFor(s, false);
    if (ci === chunks.length) ci--;
    const c = chunks[ci] as string[];
    const i = lowerBound(c, s);
    if (i < c.length && c[i] === s) return false;
    c.splice(i, 0, s);
    if (c.length > 2 * CHUNK) chunks.splice(ci + 1, 0, c.splice(CHUNK));
    this.count++;
    this.mutations++;
    return true;
  }

  /** Removes `s`; returns false when it was absent. */
  remove(s: string): boolean {
    const chunks = this.chunks;
    const ci = this.chunkFor(s, false);
    if (ci === chunks.length) return false;
    const c = chunks[ci] as string[];
    const i = lowerBound(c, s);
    if (i >= c.length || c[i] !== s) return false;
    c.splice(i, 1);
    if (c.length === 0) chunks.splice(ci, 1);
    this.count--;
    this.mutations++;
    return true;
  }

  /** Drops every key. */
  clear(): void {
    this.chunks = [];
    this.count = 0;
    this.mutations++;
  }

  /**
   * Keys in `[start, end)` (either bound optional) in ascending order, or descending with
   * `reverse`. The scan is live: after a change to the set it re-seeks from the last key
   * it returned, so it never repeats or skips a key that stayed in the set.
   */
  *scan(start: string | undefined, end: string | undefined, reverse: boolean): Generator<string, void, undefined> {
    let mut = this.mutations;
    let pos: Pos;
    if (!reverse) {
      pos = start === undefined ? { ci: 0, i: 0 } : this.lowerBoundPos(start);
      for (;;) {
        const k = this.at(pos);
        if (k === undefined || (end !== undefined && k >= end)) return;
        yield k;
        if (this.mutations !== mut) {
          mut = this.mutations;
          pos = this.upperBoundPos(k);
        } else {
          pos = this.next(pos);
        }
      }
    } else {
      pos = this.prev(end === undefined ? { ci: this.chunks.length, i: 0 } : this.lowerBoundPos(end));
      for (;;) {
        const k = this.at(pos);
        if (k === undefined || (start !== undefined && k < start)) return;
        yield k;
        if (this.mutations !== mut) {
          mut = this.mutations;
          pos = this.prev(this.lowerBoundPos(k));
        } else {
          pos = this.prev(pos);
        }
      }
    }
  }

  /** First chunk whose last key is >= s (or > s with `strict`); chunks.length if none. */
  private chunkFor(s: string, strict: boolean): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid] as string[];
      const last = c[c.length - 1] as string;
      if (strict ? last <= s : last < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBoundPos(s: string): Pos {
    const ci = this.chunkFor(s, false);
    if (ci === this.chunks.length) return { ci, i: 0 };
    return { ci, i: lowerBound(this.chunks[ci] as string[], s) };
  }

  private upperBoundPos(s: string): Pos {
    const ci = this.chunkFor(s, true);
    if (ci === this.chunks.length) return { ci, i: 0 };
    return { ci, i: upperBound(this.chunks[ci] as string[], s) };
  }

  private at(pos: Pos): string | undefined {
    if (pos.ci < 0) return undefined;
    return this.chunks[pos.ci]?.[pos.i];
  }

  private next(pos: Pos): Pos {
    const c = this.chunks[pos.ci];
    if (c !== undefined && pos.i + 1 < c.length) return { ci: pos.ci, i: pos.i + 1 };
    return { ci: pos.ci + 1, i: 0 };
  }

  private prev(pos: Pos): Pos {
    if (pos.i > 0) return { ci: pos.ci, i: pos.i - 1 };
    const ci = pos.ci - 1;
    if (ci < 0) return { ci: -1, i: 0 };
    return { ci, i: (this.chunks[ci] as string[]).length - 1 };
  }
}

function lowerBound(arr: readonly string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as string) < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(arr: readonly string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as string) <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
