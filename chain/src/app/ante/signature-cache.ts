/**
 * Remembers signatures already verified (in CheckTx) so FinalizeBlock need not verify them
 * again. Only successful verifications are stored, keyed by (sha256(signBytes), sig, pubkey),
 * so a hit can only skip work whose answer was "valid": the result is the same on every node
 * whether or not it has the entry, which keeps block execution deterministic.
 */
export class SignatureCache {
  private readonly entries = new Set<string>();

  constructor(private readonly capacity = 200_000) {}

  private key(digest: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): string {
    return Buffer.from(digest).toString("latin1") + Buffer.from(signature).toString("latin1") + Buffer.from(pubkey).toString("latin1");
  }

  /** `digest` is sha256 of the sign bytes. */
  has(digest: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
    return this.entries.has(this.key(digest, signature, pubkey));
  }

  add(digest: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): void {
    if (this.entries.size >= this.capacity) {
      // Drop the oldest entry (Set keeps insertion order).
      const oldest = this.entries.values().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.add(this.key(digest, signature, pubkey));
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
