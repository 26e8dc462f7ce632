/**
 * Chain epochs (pot param `epoch_length` = L): epoch n covers heights [(n-1)L+1, nL]. A volume
 * report for epoch n is accepted once the chain is past nL.
 */

/** The epoch of block `height` (height >= 1); 0 for height 0 (no block yet). */
export function epochOf(height: number, epochLength: number): number {
  if (!Number.isSafeInteger(epochLength) || epochLength <= 0) throw new Error(`epoch length must be a positive integer, got ${epochLength}`);
  if (height <= 0) return 0;
  return Math.floor((height - 1) / epochLength) + 1;
}

/** The last height of epoch `epoch`. */
export function epochEnd(epoch: number, epochLength: number): number {
  return epoch * epochLength;
}

/**
 * The epoch receipts accepted now are counted in: the epoch of the next block (`tip + 1`), so a
 * receipt accepted while the chain sits on the last block of epoch n already goes to n+1 and an
 * epoch's totals are final as soon as the chain has passed its last block.
 */
export function acceptingEpoch(tipHeight: number, epochLength: number): number {
  return epochOf(tipHeight + 1, epochLength);
}

/**
 * Whether epoch `epoch` may be reported at chain height `tipHeight`: its last block is at least
 * `delayBlocks` (>= 1) blocks behind the tip.
 */
export function epochReportable(epoch: number, tipHeight: number, epochLength: number, delayBlocks: number): boolean {
  return tipHeight >= epochEnd(epoch, epochLength) + Math.max(1, delayBlocks);
}
