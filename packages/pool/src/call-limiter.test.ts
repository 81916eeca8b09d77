import { describe, expect, it } from "vitest";
import { CallLimiter } from "./call-limiter.js";

describe("CallLimiter", () => {
  it("lets at most `max` through and hands freed slots out first come, first served", async () => {
    const limiter = new CallLimiter(2, () => false);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const order: string[] = [];
    const a = limiter.acquire(new AbortController().signal).then(() => order.push("a"));
    const b = limiter.acquire(new AbortController().signal).then(() => order.push("b"));
    limiter.release();
    limiter.release();
    await Promise.all([a, b]);
    expect(order).toEqual(["a", "b"]);
    expect(limiter.inFlight).toBe(2);
    expect(limiter.peak).toBe(2);
  });

  it("gives the refill its turn in the queue, once, and passes the slot on when it declines", async () => {
    let turns = 0;
    let wanted = true;
    const limiter = new CallLimiter(1, () => {
      turns++;
      return wanted;
    });
    limiter.tryAcquire();
    limiter.queueRefill();
    limiter.queueRefill();
    const after = limiter.acquire(new AbortController().signal);
    limiter.release(); // the refill takes the slot
    expect(turns).toBe(1);
    expect(limiter.inFlight).toBe(1);
    wanted = false;
    limiter.queueRefill();
    limiter.release(); // `after` gets it (queued before the second refill turn)
    await after;
    limiter.release(); // the refill declines: the slot stays free
    expect(turns).toBe(2);
    expect(limiter.inFlight).toBe(0);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it("takes an aborted waiter out of the queue and rejects it with the signal's reason", async () => {
    const limiter = new CallLimiter(1, () => false);
    limiter.tryAcquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort("stop");
    await expect(waiting).rejects.toBe("stop");
    limiter.release();
    expect(limiter.inFlight).toBe(0);
    await expect(limiter.acquire(controller.signal)).rejects.toBe("stop");
  });
});

describe("CallLimiter.cancelRefill", () => {
  it("takes the refill's queued turn back", () => {
    let turns = 0;
    const limiter = new CallLimiter(1, () => {
      turns++;
      return true;
    });
    limiter.tryAcquire();
    limiter.queueRefill();
    limiter.cancelRefill();
    limiter.cancelRefill();
    limiter.release();
    expect(turns).toBe(0);
    expect(limiter.inFlight).toBe(0);
  });
});
