/**
 * Tracks the timers code under test creates, so a test can show none is left pending after close()
 * (unref'd timers do not appear in process.getActiveResourcesInfo()).
 */
import { vi } from "vitest";

export function trackTimers(): { pending(): number; stop(): void } {
  const live = new Set<unknown>();
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const set = vi.spyOn(globalThis, "setTimeout").mockImplementation(((
    callback: (...args: unknown[]) => void,
    delay?: number,
    ...args: unknown[]
  ) => {
    const handle: unknown = realSetTimeout(
      (...callArgs: unknown[]) => {
        live.delete(handle);
        callback(...callArgs);
      },
      delay,
      ...args,
    );
    live.add(handle);
    return handle;
  }) as typeof setTimeout);
  const clear = vi.spyOn(globalThis, "clearTimeout").mockImplementation(((handle?: NodeJS.Timeout) => {
    live.delete(handle);
    realClearTimeout(handle);
  }) as typeof clearTimeout);
  return {
    pending: () => live.size,
    stop: () => {
      set.mockRestore();
      clear.mockRestore();
    },
  };
}
