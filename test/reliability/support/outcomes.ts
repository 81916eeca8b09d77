/**
 * Requests whose every outcome is checked: each must settle (a bounded wait reports the ones that did
 * not), with exactly the bytes asked for, or with a typed RandomSourceError whose reason is allowed, the
 * target left zero-filled (fail closed: never partly random).
 */
import type { RandomSource, RandomSourceErrorReason } from "@rngkit/core";
import { RandomSourceError } from "@rngkit/core";

const SENTINEL = 0xa5;

export type Outcome =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly size: number; readonly error: unknown; readonly zeroed: boolean };

/** A deterministic generator of request sizes in [min, max] (sizes need not be secret). */
export function sizeStream(seed: number, min = 1, max = 3_000): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return min + (state % (max - min + 1));
  };
}

/** One `fill` into a sentinel-filled view; what came of it. */
export async function fillOnce(source: RandomSource, size: number): Promise<Outcome> {
  const view = new Uint8Array(size).fill(SENTINEL);
  try {
    await source.fill(view);
  } catch (error) {
    return { ok: false, size, error, zeroed: view.every((byte) => byte === 0) };
  }
  // A filled view of 16 bytes or more that still holds only the sentinel was not filled (2^-128 by chance).
  if (size >= 16 && view.every((byte) => byte === SENTINEL)) {
    return { ok: false, size, error: new Error("fill resolved but wrote nothing"), zeroed: false };
  }
  return { ok: true, size };
}

/**
 * Runs `count` concurrent fills of sizes from `next` and waits for all of them, at most `limitMs`: a
 * request still pending then is a hang, reported with how many hung (invariant 3: every call settles).
 */
export async function concurrentFills(
  source: RandomSource,
  count: number,
  next: () => number,
  limitMs = 60_000,
): Promise<Outcome[]> {
  const requests = Array.from({ length: count }, () => fillOnce(source, next()));
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), limitMs);
  });
  let settled = 0;
  for (const request of requests) request.then(() => settled++);
  const result = await Promise.race([Promise.all(requests), limit]);
  clearTimeout(timer);
  if (result === "hung")
    throw new Error(`${count - settled} of ${count} requests did not settle in ${limitMs} ms`);
  return result;
}

/** Problems with outcomes: untyped errors, reasons not allowed, views not zeroed. Empty when all is well. */
export function problemsWith(
  outcomes: readonly Outcome[],
  allowed: readonly RandomSourceErrorReason[],
): string[] {
  const problems: string[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.ok) continue;
    const { error } = outcome;
    if (!RandomSourceError.is(error)) {
      problems.push(`#${index} (${outcome.size} B): not a RandomSourceError: ${String(error)}`);
      continue;
    }
    if (!allowed.includes(error.reason)) {
      problems.push(
        `#${index} (${outcome.size} B): reason ${error.reason} not in [${allowed}]: ${error.message}`,
      );
    }
    if (!outcome.zeroed)
      problems.push(`#${index} (${outcome.size} B): the view was not zero-filled on failure`);
  }
  return problems;
}

export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.ok ? "ok" : RandomSourceError.is(outcome.error) ? outcome.error.reason : "untyped";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
