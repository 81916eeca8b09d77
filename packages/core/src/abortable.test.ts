import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { abortable } from "./abortable.js";
import { RandomSourceError } from "./errors.js";
import { closedError } from "./failures.js";

describe("abortable", () => {
  it("passes the work's outcome through when nothing aborts", async () => {
    await expect(abortable(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(abortable(Promise.reject(new Error("x")), undefined)).rejects.toThrow("x");
  });

  it("rejects the wait at once on abort while the work goes on and is observed", async () => {
    let finished = false;
    const work = delay(30).then(() => {
      finished = true;
      throw new Error("late failure nobody awaits");
    });
    const controller = new AbortController();
    const wait = abortable(work, controller.signal, "drbg");
    controller.abort("stop");
    const error = await wait.catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "Aborted")).toBe(true);
    expect((error as RandomSourceError).cause).toBe("stop");
    expect(finished).toBe(false);
    await work.catch(() => {});
    expect(finished).toBe(true);
  });

  it("keeps a RandomSourceError reason (a close) as it is, and a bare reason without a source", async () => {
    const closing = new AbortController();
    closing.abort(closedError("pool"));
    const closed = await abortable(delay(5), closing.signal, "pool").catch((caught: unknown) => caught);
    expect(RandomSourceError.is(closed, "Closed")).toBe(true);
    const bare = await abortable(delay(5), AbortSignal.abort("why")).catch((caught: unknown) => caught);
    expect(bare).toBe("why");
  });
});
