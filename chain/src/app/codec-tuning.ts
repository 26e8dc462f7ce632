import { BinaryWriter } from "cosmjs-types/binary";

/**
 * cosmjs-types' BinaryWriter.alloc builds a fresh 8 KiB pool on every `finish()`, so each
 * small encode allocates 8 KiB; at tens of encodes per tx that garbage dominated block
 * execution (measured: ~35% of FinalizeBlock time in GC and pool set-up). Exact-size
 * allocation produces the same bytes. Applied once, when the app module loads.
 */
export function tuneCosmjsTypesWriter(): void {
  const writer = BinaryWriter as unknown as { alloc(size: number): Uint8Array; __stratosTuned?: boolean };
  if (writer.__stratosTuned) return;
  writer.alloc = (size: number) => new Uint8Array(size);
  writer.__stratosTuned = true;
}
