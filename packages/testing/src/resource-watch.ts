/**
 * "No handle, timer or socket is left open": what a scenario opened and did not close, seen two ways.
 * Start a watch before the scenario and `await watch.settle()` after its `close()`: undefined means clean.
 * - `process.getActiveResourcesInfo()`: every ref'd handle and request (sockets, servers, timers,
 *   immediates) by type, compared before and after the scenario;
 * - an async_hooks tracker of the timers, immediates and TCP handles created during the scenario that
 *   were never destroyed: it also sees unref'd timers, which getActiveResourcesInfo does not list.
 */
import { createHook } from "node:async_hooks";
import { setImmediate as turn } from "node:timers/promises";

const TRACKED = new Set(["Timeout", "Immediate", "TCPWRAP", "TCPSERVERWRAP", "TCPCONNECTWRAP", "PIPEWRAP"]);

function countByType(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

export interface ResourceLeak {
  /** Types whose count grew, e.g. `TCPSocketWrap +1`. */
  readonly active: readonly string[];
  /** Resources created during the scenario and not destroyed, by type and creating stack (top frames). */
  readonly created: readonly string[];
}

export class ResourceWatch {
  readonly #before = countByType();
  readonly #alive = new Map<number, { type: string; stack: string }>();
  /** True while settle() makes its own timers and immediates, which are not the scenario's. */
  #creatingOwn = false;
  readonly #hook = createHook({
    init: (asyncId, type) => {
      if (this.#creatingOwn || !TRACKED.has(type)) return;
      const stack = (new Error().stack ?? "")
        .split("\n")
        .slice(3, 9)
        .map((line) => line.trim())
        .join(" < ");
      this.#alive.set(asyncId, { type, stack });
    },
    destroy: (asyncId) => {
      this.#alive.delete(asyncId);
    },
  });

  constructor() {
    this.#hook.enable();
  }

  #leak(): ResourceLeak | undefined {
    const after = countByType();
    const active: string[] = [];
    for (const [type, count] of after) {
      const grew = count - (this.#before.get(type) ?? 0);
      if (grew > 0) active.push(`${type} +${grew}`);
    }
    const created = [...this.#alive.values()].map(({ type, stack }) => `${type} from ${stack}`);
    return active.length === 0 && created.length === 0 ? undefined : { active, created };
  }

  /** Runs `make` (which creates a timer or an immediate) without tracking what it creates. */
  #own<T>(make: () => T): T {
    this.#creatingOwn = true;
    try {
      return make();
    } finally {
      this.#creatingOwn = false;
    }
  }

  /**
   * Waits (at most `limitMs`, turning the event loop) until nothing opened since construction is left,
   * then stops tracking. Resolves with what is still open at the limit, or undefined when all is closed.
   * Sockets close a turn or two after `destroy()`, so the check cannot be made in the same tick.
   */
  async settle(limitMs = 3_000): Promise<ResourceLeak | undefined> {
    const deadline = performance.now() + limitMs;
    let leak = this.#leak();
    while (leak !== undefined && performance.now() < deadline) {
      await this.#own(() => turn());
      await this.#own(() => new Promise((resolve) => setTimeout(resolve, 10).unref()));
      leak = this.#leak();
    }
    this.#hook.disable();
    return leak;
  }
}
