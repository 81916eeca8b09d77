/**
 * The fleet, bounded: 8 processes (50 in the long mode) share one kms-local whose account quota is 20
 * GenerateRandom requests/s, each asking for 32-byte tokens at Poisson arrival times. With a plain pool
 * the fleet wants about 6 times the quota: kms-local throttles, and every request still settles, served or
 * with a typed, retryable error. With the DRBG each process seeded once before the run and makes no call
 * at all during it: nothing is throttled and every request is served. (The 50-process simulation with
 * latencies is fleet/run-fleet.ts; docs/fleet.md reports it.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { Fleet } from "./fleet/fleet.js";
import { SETTINGS } from "./support/mode.js";
import { Figures } from "./support/report.js";

const QUOTA = 20;
const { processes, seconds } = SETTINGS.fleet;
/**
 * Plain-pool calls the fleet wants: processes x rate x 32 / 1024 = 6 x QUOTA. Over the run that is far
 * more than the pools hold at the start plus what the quota lets through (its bucket and its rate), so
 * kms-local must throttle, whatever the timing.
 */
const RATE = Math.ceil((6 * QUOTA * 1024) / (processes * 32));

const figures = new Figures("fleet");
let fleet: Fleet | undefined;
beforeAll(async () => {
  fleet = await Fleet.start(processes);
}, 120_000);
afterAll(async () => {
  await fleet?.close();
  figures.write();
});

it(`${processes} processes, plain pools at 6x the quota: throttled, and every request settles typed`, async () => {
  const summary = await (fleet as Fleet).run({ stack: "pool", requestsPerSecond: RATE, seconds }, QUOTA);
  figures.note("pool", summary);
  expect(summary.unsettled).toBe(0);
  // Throttled after the retry budget; Unavailable when the last attempt met a closed keep-alive socket.
  const failed = Object.entries(summary.failed);
  expect(failed.filter(([reason]) => reason !== "Throttled" && reason !== "Unavailable")).toEqual([]);
  expect(summary.served + failed.reduce((sum, [, count]) => sum + count, 0)).toBe(summary.requested);
  expect(summary.serverThrottled).toBeGreaterThan(0);
  expect(summary.requested).toBeGreaterThan(0);
});

it(`${processes} processes, DRBGs: one seed call each before the run, none during it, all served`, async () => {
  const summary = await (fleet as Fleet).run({ stack: "drbg", requestsPerSecond: RATE, seconds }, QUOTA);
  figures.note("drbg", summary);
  expect(summary).toMatchObject({ unsettled: 0, failed: {}, serverRequests: 0, serverThrottled: 0 });
  expect(summary.served).toBe(summary.requested);
  expect(summary.requested).toBeGreaterThan(0);
});
