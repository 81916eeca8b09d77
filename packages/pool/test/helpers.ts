/** Small tools shared by the pool's tests. */
import { createHook } from "node:async_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { RandomSourceError } from "@rngkit/core";
import type { CounterSource } from "@rngkit/testing";
import { expect } from "vitest";

/** Turns the event loop `count` times: promise continuations and the pool's deferred refills run. */
export async function turns(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await nextTurn();
}

/** Serves every call the counter holds, again and again, until none is left. */
export async function serveAll(counter: CounterSource): Promise<void> {
  await turns(1);
  while (counter.pending.length > 0) {
    for (const call of [...counter.pending]) call.serve();
    await turns(1);
  }
}

/** The RandomSourceError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<RandomSourceError> {
  const error = await promise.then(
    () => new Error("expected a rejection, got a result"),
    (caught: unknown) => caught,
  );
  expect(RandomSourceError.is(error), String(error)).toBe(true);
  return error as RandomSourceError;
}

/** Records whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; outcome: Promise<T | unknown> } {
  let settled = false;
  const outcome = promise.then(
    (value) => {
      settled = true;
      return value;
    },
    (error: unknown) => {
      settled = true;
      return error;
    },
  );
  return { settled: () => settled, outcome };
}

/**
 * Timers and immediates created while tracking and still alive. async_hooks sees unref'd timers too,
 * which process.getActiveResourcesInfo() does not list.
 */
export function trackTimers(): { alive: () => { type: string; refed: boolean }[]; stop: () => void } {
  const alive = new Map<number, { type: string; resource: { hasRef?: () => boolean } }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === "Timeout" || type === "Immediate") {
        alive.set(id, { type, resource: resource as { hasRef?: () => boolean } });
      }
    },
    destroy(id) {
      alive.delete(id);
    },
  }).enable();
  return {
    alive: () =>
      [...alive.values()].map(({ type, resource }) => ({ type, refed: resource.hasRef?.() ?? true })),
    stop: () => hook.disable(),
  };
}

/** How many bytes of `memory` are not zero. */
export function nonZero(memory: Uint8Array): number {
  let count = 0;
  for (const byte of memory) if (byte !== 0) count++;
  return count;
}
