/**
 * An open-loop load driver for benchmarks (the pool's script and the benchmark suite use it): requests start on a
 * fixed schedule (request i is due at start + i / rate) whatever happened to earlier ones, and each one's
 * latency is counted from the time it was due, not from when the driver got round to sending it. A
 * closed-loop driver (send, wait, send) slows down when the system under test stalls and so hides the
 * queueing (coordinated omission); this one does not.
 *
 * Requests due during the warm-up are sent but not recorded. Beside the latency, the driver records how late
 * it issued each request (its own and the event loop's lateness), so a latency figure can be read against
 * what the harness and the machine add by themselves.
 */
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";
import { setImmediate as turn } from "node:timers/promises";

export interface OpenLoopOptions {
  /** Requests per second. */
  readonly rate: number;
  /** How long to offer the load after the warm-up, in ms. */
  readonly durationMs: number;
  /** Requests due in this first period are sent but not recorded, in ms. Default 0. */
  readonly warmupMs?: number;
  /** Called once, when the first recorded request is due (e.g. to snapshot a pool's stall counter). */
  readonly onMeasureStart?: () => void;
  /** After the schedule ends, how long to wait for requests still pending, in ms. Default 30,000. */
  readonly drainMs?: number;
  /**
   * The driver gives up on the rest of the schedule when this many requests are outstanding at once, or when
   * it is a second behind its schedule: the system (or the machine) cannot carry the load, and carrying on
   * would only pile up memory. Default: one second's worth of requests, at least 10,000.
   */
  readonly maxPending?: number;
  /**
   * How the driver waits for the next due request. "turn" (the default): it turns the event loop once
   * (timers, I/O, immediates run), then busy-waits on the clock until the request is due, so a request is
   * late only by what the event loop ran in that turn. "yield": it turns the event loop over and over until
   * the request is due; every turn allocates, so the garbage it makes triggers scavenges that are charged
   * to the requests (it was the only mode until the open-loop figures were traced to it).
   */
  readonly wait?: "turn" | "yield";
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export interface OpenLoopResult {
  readonly offeredPerSecond: number;
  /** Recorded requests (those due after the warm-up). */
  readonly requests: number;
  readonly errors: number;
  /** Recorded requests that had not settled when the drain time ran out. */
  readonly unfinished: number;
  /** Completed recorded requests per second of the measured period. */
  readonly achievedPerSecond: number;
  /**
   * The driver stopped early (too many requests outstanding, or a second behind its schedule): the
   * percentiles cover only what was sent, and understate what the full load would have seen.
   */
  readonly saturated: boolean;
  /** From each request's scheduled time to its completion, in µs. */
  readonly latencyUs: Percentiles;
  /** From each request's scheduled time to when the driver issued it, in µs. */
  readonly issueLagUs: Percentiles;
}

function histogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: 3_600_000_000_000, figures: 3 });
}

/** Percentiles in µs of a histogram recorded in ns. */
function percentiles(recorded: RecordableHistogram): Percentiles {
  const us = (ns: number) => Math.round(ns / 10) / 100;
  if (recorded.count === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    p50: us(recorded.percentile(50)),
    p90: us(recorded.percentile(90)),
    p99: us(recorded.percentile(99)),
    p999: us(recorded.percentile(99.9)),
    max: us(recorded.max),
    mean: us(recorded.mean),
  };
}

let spinSink = 0;
/** About 2 µs of work (measured here) that allocates nothing: the clock is read at that granularity. */
function spinBriefly(): void {
  for (let i = 0; i < 2048; i++) spinSink = (spinSink + i) | 0;
}

const ns = (ms: number) => Math.max(1, Math.round(ms * 1e6));

/** Offers `request` at a fixed rate and records each request's latency from its scheduled time. */
export async function driveOpenLoop(
  request: () => Promise<unknown>,
  options: OpenLoopOptions,
): Promise<OpenLoopResult> {
  if (!(options.rate > 0)) throw new RangeError(`rate must be > 0, got ${options.rate}`);
  const warmupMs = options.warmupMs ?? 0;
  const latency = histogram();
  const issueLag = histogram();
  const start = performance.now();
  const interval = 1000 / options.rate;
  let issued = 0;
  let recorded = 0;
  let settled = 0;
  let errors = 0;
  let measuring = false;
  let saturated = false;
  const maxPending = options.maxPending ?? Math.max(10_000, Math.ceil(options.rate));

  const yielding = options.wait === "yield";
  let settledAll = 0;
  const send = (scheduled: number, record: boolean) => {
    if (record) issueLag.record(ns(performance.now() - scheduled));
    const done = () => {
      settledAll++;
      if (!record) return;
      latency.record(ns(performance.now() - scheduled));
      settled++;
    };
    request().then(done, () => {
      if (record) errors++;
      done();
    });
  };

  // Every request due before the end is sent, however late the driver gets round to it. The counts come
  // from the durations, not from differences of clock readings, whose rounding once made 30 ms at 2,000/s
  // into 61 requests instead of 60.
  const total = Math.ceil(((warmupMs + options.durationMs) * options.rate) / 1000);
  const warmupRequests = Math.ceil((warmupMs * options.rate) / 1000);
  while (issued < total) {
    const now = performance.now();
    if (issued - settledAll > maxPending || now - (start + issued * interval) > 1000) {
      saturated = true;
      break;
    }
    const due = Math.min(Math.floor((now - start) / interval) + 1, total);
    for (; issued < due; issued++) {
      const scheduled = start + issued * interval;
      const record = issued >= warmupRequests;
      if (record && !measuring) {
        measuring = true;
        options.onMeasureStart?.();
      }
      if (record) recorded++;
      send(scheduled, record);
    }
    await turn();
    if (!yielding && issued < total) {
      // Never more than a millisecond without a turn, so that I/O (a refill's answer) is not held up.
      const due = Math.min(start + issued * interval, performance.now() + 1);
      // The clock is read every 2 µs or so, not in a tight loop: each read allocates a number, and
      // reading it millions of times a second would make the very scavenges this mode avoids.
      while (performance.now() < due) spinBriefly();
    }
  }
  const drainUntil = performance.now() + (options.drainMs ?? 30_000);
  while (settled < recorded && performance.now() < drainUntil) await turn();
  return {
    offeredPerSecond: options.rate,
    requests: recorded,
    errors,
    unfinished: recorded - settled,
    saturated,
    achievedPerSecond: ((settled - errors) * 1000) / options.durationMs,
    latencyUs: percentiles(latency),
    issueLagUs: percentiles(issueLag),
  };
}
