/**
 * One process of the fleet: builds its source stack against the shared kms-local, makes requests at
 * Poisson arrival times (open loop: a slow answer does not slow the arrivals; independent processes, as
 * a load balancer's traffic is), and reports served latency, failures and its GenerateRandom attempts
 * (throttled ones included) back to the orchestrator.
 *
 * Before a run the orchestrator sends `prepare`: the process builds its source and waits until it is
 * ready (a pool filled to its high-water mark, a DRBG seeded), with no quota in force. So the SDK's code
 * is loaded before the measured run (50 cold SDK clients starting at once would measure two shared cores,
 * not rngkit), and the deployment burst, which the quota scaling would exaggerate 200-fold (fleet.ts), is
 * kept out of the measurement; docs/fleet.md works it out at real scale instead.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { type RandomSource, RandomSourceError } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { type KmsCallEvent, KmsSource } from "@rngkit/kms";
import { PoolSource } from "@rngkit/pool";
import { LatencyHistogram } from "./latency-histogram.js";
import type { FleetMessage, FleetPrepare, FleetResult, FleetStack, FleetTask } from "./protocol.js";

let prepared: { readonly source: RandomSource; readonly stack: FleetStack } | undefined;

async function prepare(task: FleetPrepare): Promise<void> {
  const kms = new KmsSource({
    clientConfig: { endpoint: task.endpoint, region: task.region, credentials: { ...task.credentials } },
  });
  if (task.stack === "pool") {
    const pool = new PoolSource(kms);
    await pool.ready();
    while (pool.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // A fleet in steady state: each process somewhere in its refill cycle, not all full at once (which
    // would make every pool cross low water together and refill in one fleet-wide burst). Taking up to
    // highWater - lowWater bytes starts no refill.
    const { highWater, lowWater } = pool.stats();
    pool.fillSync(new Uint8Array(Math.floor(Math.random() * (highWater - lowWater))));
    prepared = { source: pool, stack: "pool" };
  } else {
    const drbg = new DrbgSource(kms);
    await drbg.ready();
    prepared = { source: drbg, stack: "drbg" };
  }
}

async function run(task: FleetTask): Promise<FleetResult> {
  if (prepared === undefined) throw new Error("run before prepare");
  const { source, stack } = prepared;
  prepared = undefined;
  // Every process starts at the same wall-clock moment, as a fleet does when it is deployed.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, task.startAt - Date.now())));
  const loadStarted = performance.now();
  let attempts = 0;
  let throttledAttempts = 0;
  let startupAttempts = 0;
  let startupThrottled = 0;
  const onCall = (message: unknown) => {
    const event = message as KmsCallEvent;
    if (event.operation !== "GenerateRandom") return;
    const startup = performance.now() - loadStarted < 1_000;
    attempts++;
    if (startup) startupAttempts++;
    if (event.error === "Throttled") {
      throttledAttempts++;
      if (startup) startupThrottled++;
    }
  };
  diagnosticsChannel.subscribe("rngkit:kms:call", onCall);

  const latency = new LatencyHistogram();
  const steady = new LatencyHistogram();
  const service = new LatencyHistogram();
  const lateness = new LatencyHistogram();
  const failed: Record<string, number> = {};
  let requested = 0;
  let served = 0;
  let servedBytes = 0;
  let unsettled = 0;
  const pending = new Set<Promise<void>>();
  // Arrivals of a Poisson process: exponential gaps, each request issued at its due time.
  const gapMs = () => (-Math.log(1 - Math.random()) * 1000) / task.requestsPerSecond;
  let nextDue = loadStarted + gapMs();
  const one = (due: number) => {
    requested++;
    unsettled++;
    const issued = performance.now();
    const settled = source.bytes(task.requestBytes).then(
      (bytes) => {
        if (bytes.byteLength !== task.requestBytes) {
          failed.WrongLength = (failed.WrongLength ?? 0) + 1;
          return;
        }
        served++;
        servedBytes += bytes.byteLength;
        const now = performance.now();
        const microseconds = (now - due) * 1000;
        latency.record(microseconds);
        service.record((now - issued) * 1000);
        if (due - loadStarted >= 1_000) steady.record(microseconds);
      },
      (error: unknown) => {
        const reason = RandomSourceError.is(error) ? error.reason : `untyped:${String(error)}`;
        failed[reason] = (failed[reason] ?? 0) + 1;
      },
    );
    const tracked = settled.finally(() => {
      unsettled--;
      pending.delete(tracked);
    });
    pending.add(tracked);
  };
  const ends = loadStarted + task.seconds * 1000;
  while (nextDue < ends) {
    const wait = nextDue - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const now = performance.now();
    while (nextDue <= now && nextDue < ends) {
      // How late this process's own schedule runs: the harness's share of any latency (2 shared cores).
      lateness.record((now - nextDue) * 1000);
      one(nextDue);
      nextDue += gapMs();
    }
  }
  // Requests still waiting get the source's own answer (served, or the upstream's typed error after its
  // retry budget). Whatever is left after 30 s is counted as unsettled, then close() rejects it (Closed).
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...pending]),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 30_000);
    }),
  ]);
  clearTimeout(timer);
  const leftOver = unsettled;
  await source.close();
  await Promise.allSettled([...pending]);
  diagnosticsChannel.unsubscribe("rngkit:kms:call", onCall);
  return {
    kind: "result",
    pid: process.pid,
    stack,
    requested,
    served,
    servedBytes,
    failed,
    latency: latency.toJSON(),
    steadyLatency: steady.toJSON(),
    serviceLatency: service.toJSON(),
    lateness: lateness.toJSON(),
    attempts,
    throttledAttempts,
    startupAttempts,
    startupThrottled,
    unsettled: leftOver,
  };
}

/** Reports to the orchestrator; if it has gone away, there is nobody to report to: stop. */
function report(message: unknown): void {
  process.send?.(message, (error: Error | null) => {
    if (error) process.exit(1);
  });
}

function fail(error: unknown): void {
  console.error(RandomSourceError.is(error) ? error.toJSON() : error);
  process.exitCode = 1;
  process.disconnect();
}

process.on("message", (message: FleetMessage) => {
  if (message?.kind === "exit") process.disconnect();
  else if (message?.kind === "prepare") prepare(message).then(() => report({ kind: "prepared" }), fail);
  else if (message?.kind === "run") run(message).then(report, fail);
});
// The orchestrator went away: stop, whatever is under way.
process.on("disconnect", () => process.exit());
report({ kind: "ready" });
