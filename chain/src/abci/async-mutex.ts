/**
 * A minimal FIFO mutex for serialising ABCI handler calls across connections, like the
 * global lock of CometBFT's Go socket server. `tryAcquire` lets synchronous handlers take
 * the lock without allocating a promise; `acquire` queues behind an async handler.
 */
export class AsyncMutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  /** Whether some caller holds the lock. */
  get isLocked(): boolean {
    return this.locked;
  }

  /** Number of callers queued in {@link acquire}. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Takes the lock if it is free, without waiting. */
  tryAcquire(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  /** Resolves once the caller holds the lock; waiters are served in arrival order. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Releases the lock, handing it straight to the oldest waiter if there is one. */
  release(): void {
    if (!this.locked) throw new Error("AsyncMutex.release() called while unlocked");
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}
