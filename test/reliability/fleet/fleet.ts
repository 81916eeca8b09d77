/**
 * The fleet simulation: N worker processes share one kms-local, and so one account quota, as N machines
 * of one service share their AWS account's KMS request quota. The orchestrator starts kms-local with a
 * given quota, hands every worker the same task, and adds up what the workers and kms-local report.
 *
 * Scaling: real KMS gives an account 10,000 GenerateRandom requests/s (shared with its other cryptographic
 * operations). Fifty processes and kms-local on two shared cores cannot make or serve that many signed
 * requests, so the simulation lowers the quota and every process's demand by the same factor (1/200 in
 * docs/fleet.md). What decides throttling is the ratio of the fleet's upstream call rate to the quota,
 * which the scaling keeps. What it does not keep: retry back-off delays and round trips are real time,
 * so a pool's 16 KiB buffer lasts 200 times longer at the scaled demand; and the deployment burst (16
 * calls per pool) would be 200 times larger against the quota, so workers ready their sources before the
 * quota applies (worker.ts) and docs/fleet.md works the burst out at real scale.
 */
import { type ChildProcess, fork } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import type { KmsLocal } from "@rngkit/kms-local";
import { CREDENTIALS, startReliabilityKms } from "../support/kms-local.js";
import { LatencyHistogram } from "./latency-histogram.js";
import type { FleetMessage, FleetResult, FleetStack, FleetTask } from "./protocol.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../../..", import.meta.url));
const WORKER_NICENESS = 10;

export interface FleetScenario {
  readonly stack: FleetStack;
  /** 32-byte requests per second per process. */
  readonly requestsPerSecond: number;
  readonly requestBytes?: number;
  readonly seconds: number;
}

export interface FleetSummary {
  readonly stack: FleetStack;
  readonly processes: number;
  readonly quotaPerSecond: number;
  readonly requestsPerSecondPerProcess: number;
  readonly seconds: number;
  readonly requested: number;
  readonly served: number;
  readonly failed: Readonly<Record<string, number>>;
  readonly unsettled: number;
  /** kms-local's view: GenerateRandom requests received and ThrottlingExceptions answered. */
  readonly serverRequests: number;
  readonly serverThrottled: number;
  /** serverThrottled / serverRequests. */
  readonly throttleRate: number;
  readonly startupAttempts: number;
  readonly startupThrottled: number;
  /** Upstream calls per second the fleet would make without throttling (plain pool: bytes / 1024). */
  readonly offeredCallsPerQuota: number;
  readonly latencyUs: Percentiles;
  /** Requests due after the first second only. */
  readonly steadyLatencyUs: Percentiles;
  /** From the call to `bytes()` to its answer: the source's share (latencyUs adds the harness's lateness). */
  readonly serviceLatencyUs: Percentiles;
  /** How late the workers' own schedules ran: latency that is the two shared cores', not rngkit's. */
  readonly schedulerLatenessUs: Percentiles;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

function percentiles(histogram: LatencyHistogram): Percentiles {
  return {
    p50: Math.round(histogram.percentile(50)),
    p90: Math.round(histogram.percentile(90)),
    p99: Math.round(histogram.percentile(99)),
    max: Math.round(histogram.max),
  };
}

/** A set of worker processes, reused across scenarios. */
export class Fleet {
  readonly #workers: ChildProcess[] = [];

  private constructor() {}

  static async start(processes: number): Promise<Fleet> {
    const fleet = new Fleet();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < processes; i++) {
      const child = fork(WORKER, [], {
        cwd: REPOSITORY,
        execArgv: ["--conditions=@rngkit/source", "--import", "tsx"],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      // Workers run at a lower priority than this process, which serves kms-local: on a real fleet KMS has
      // capacity of its own; here a starved kms-local would measure the two shared cores, not the quota.
      if (child.pid !== undefined) setPriority(child.pid, WORKER_NICENESS);
      fleet.#workers.push(child);
      ready.push(
        new Promise((resolve, reject) => {
          child.once("error", reject);
          child.once("exit", (code) => reject(new Error(`fleet worker exited ${code} before it was ready`)));
          child.once("message", () => resolve());
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await fleet.close();
      throw error;
    }
    for (const child of fleet.#workers) child.removeAllListeners("exit").removeAllListeners("error");
    return fleet;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Runs one scenario against a fresh kms-local whose account quota is `quotaPerSecond`. */
  async run(scenario: FleetScenario, quotaPerSecond: number): Promise<FleetSummary> {
    // Every worker readies its source with the quota off; then the quota applies (fresh buckets) and the
    // counters start from zero.
    const server: KmsLocal = await startReliabilityKms();
    try {
      const where = { endpoint: server.endpoint, region: server.region, credentials: { ...CREDENTIALS } };
      const prepare = { kind: "prepare", ...where, stack: scenario.stack } as const;
      await Promise.all(this.#workers.map((worker) => ask(worker, prepare, "prepared")));
      server.quotas.set({ accountRequestsPerSecond: quotaPerSecond, customKeyStoreRequestsPerSecond: null });
      server.counters.reset();
      const requestBytes = scenario.requestBytes ?? 32;
      const task: FleetTask = {
        kind: "run",
        requestsPerSecond: scenario.requestsPerSecond,
        requestBytes,
        seconds: scenario.seconds,
        startAt: Date.now() + 500,
      };
      const results = await Promise.all(
        this.#workers.map((worker) => ask(worker, task, "result") as Promise<FleetResult>),
      );
      const counters = server.counters.get("GenerateRandom");
      const latency = new LatencyHistogram();
      const steady = new LatencyHistogram();
      const lateness = new LatencyHistogram();
      const service = new LatencyHistogram();
      const failed: Record<string, number> = {};
      let requested = 0;
      let served = 0;
      let unsettled = 0;
      let startupAttempts = 0;
      let startupThrottled = 0;
      for (const result of results) {
        latency.merge(result.latency);
        steady.merge(result.steadyLatency);
        lateness.merge(result.lateness);
        service.merge(result.serviceLatency);
        requested += result.requested;
        served += result.served;
        unsettled += result.unsettled;
        startupAttempts += result.startupAttempts;
        startupThrottled += result.startupThrottled;
        for (const [reason, count] of Object.entries(result.failed))
          failed[reason] = (failed[reason] ?? 0) + count;
      }
      const throttled = counters.errors.ThrottlingException ?? 0;
      const offeredCalls = (this.size * scenario.requestsPerSecond * requestBytes) / 1024;
      return {
        stack: scenario.stack,
        processes: this.size,
        quotaPerSecond,
        requestsPerSecondPerProcess: scenario.requestsPerSecond,
        seconds: scenario.seconds,
        requested,
        served,
        failed,
        unsettled,
        serverRequests: counters.requests,
        serverThrottled: throttled,
        throttleRate: counters.requests === 0 ? 0 : throttled / counters.requests,
        startupAttempts,
        startupThrottled,
        offeredCallsPerQuota: offeredCalls / quotaPerSecond,
        latencyUs: percentiles(latency),
        steadyLatencyUs: percentiles(steady),
        schedulerLatenessUs: percentiles(lateness),
        serviceLatencyUs: percentiles(service),
      };
    } finally {
      await server.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            if (child.connected) child.send({ kind: "exit" });
            else child.kill();
          }),
      ),
    );
  }
}

function ask(worker: ChildProcess, message: FleetMessage, answer: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { kind?: string }) => {
      if (reply?.kind !== answer) return;
      cleanup();
      resolve(reply);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`fleet worker ${worker.pid} exited ${code} during a run`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    worker.send(message);
  });
}
