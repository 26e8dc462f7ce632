import { createHash } from "node:crypto";

/**
 * Remembers signatures already verified (in CheckTx) so FinalizeBlock need not verify them
 * again. Only successful verifications are stored, keyed by sha256(signBytes | sig | pubkey),
 * so a hit can only skip work whose answer was "valid": the result is the same on every node
 * whether or not it has the entry, which keeps block execution deterministic.
 */
export class SignatureCache {
  private readonly entries = new Set<string>();

  constructor(private readonly capacity = 200_000) {}

  private key(signBytes: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): string {
    return createHash("sha256").update(signBytes).update(signature).update(pubkey).digest("base64");
  }

  has(signBytes: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
    return this.entries.has(this.key(signBytes, signature, pubkey));
  }

  add(signBytes: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): void {
    if (this.entries.size >= this.capacity) {
      // Drop the oldest entry (Set keeps insertion order).
      const oldest = this.entries.values().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.add(this.key(signBytes, signature, pubkey));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A cache that never hits: used by benchmarks and tests that must pay for every verification. */
export class NoSignatureCache extends SignatureCache {
  constructor() {
    super(0);
  }
  override has(): boolean {
    return false;
  }
  override add(): void {}
}
