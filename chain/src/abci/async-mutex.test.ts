import { AsyncMutex } from "./async-mutex";

describe("AsyncMutex", () => {
  it("grants tryAcquire only when free", () => {
    const m = new AsyncMutex();
    expect(m.tryAcquire()).toBe(true);
    expect(m.tryAcquire()).toBe(false);
    m.release();
    expect(m.isLocked).toBe(false);
  });

  it("hands the lock to waiters in FIFO order", async () => {
    const m = new AsyncMutex();
    const order: number[] = [];
    m.tryAcquire();
    const a = m.acquire().then(() => {
      order.push(1);
      m.release();
    });
    const b = m.acquire().then(() => {
      order.push(2);
      m.release();
    });
    expect(m.waiting).toBe(2);
    expect(m.tryAcquire()).toBe(false);
    m.release();
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
    expect(m.isLocked).toBe(false);
  });

  it("throws on release while unlocked", () => {
    expect(() => new AsyncMutex().release()).toThrow();
  });
});
