/**
 * Gives the serving thread (this process's main thread) a CPU of its own for a latency measurement, and
 * puts everything else on the other CPUs: this process's other threads (a WorkerSource's thread, V8's GC
 * helpers, libuv's pool) and the named processes (kms-local, which stands in for a remote service).
 *
 * Why: on a machine with two CPUs, an open-loop driver keeps the main thread busy, so whenever the KMS
 * client's thread, kms-local and the GC helpers all want to run, the scheduler preempts the main thread
 * for a time slice of milliseconds and the requests due meanwhile are charged for it. Measured here at
 * 7,300 requests/s: p99 from 100 µs to 2 ms across identical unpinned runs, 10-22 µs pinned.
 *
 * Linux only, with `taskset` (util-linux) and at least two CPUs allowed to this process; elsewhere nothing is pinned and the
 * result says why. Threads made after the call inherit the main thread's CPU: call it again after
 * starting a worker.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface CpuIsolation {
  readonly applied: boolean;
  /** Why nothing was pinned, when it was not. */
  readonly why?: string;
  /** The CPU the main thread runs on, and the CPUs everything else runs on. */
  readonly servingCpu?: number;
  readonly otherCpus?: string;
}

/**
 * The CPUs this process may use, read once before anything is pinned (from /proc, so that a process
 * already confined by taskset or a cpuset keeps to its own CPUs): the serving thread gets the last, the
 * rest get the others, and release() restores exactly this list.
 */
const ALLOWED = allowedCpus();

function allowedCpus(): number[] {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
    if (list === undefined) return [];
    return list.split(",").flatMap((range) => {
      const [from, to = from] = range.split("-").map(Number);
      return Array.from({ length: (to as number) - (from as number) + 1 }, (_, i) => (from as number) + i);
    });
  } catch {
    return [];
  }
}

function taskset(args: readonly string[]): boolean {
  return spawnSync("taskset", args, { stdio: "ignore" }).status === 0;
}

function threadsOf(pid: number | "self"): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/** Whether isolation can work here, and if not, why (for the report). */
export function isolationAvailable(): {
  readonly available: boolean;
  readonly why?: string;
  readonly cpus: number;
} {
  const why = unavailable();
  return why === undefined
    ? { available: true, cpus: ALLOWED.length }
    : { available: false, why, cpus: ALLOWED.length };
}

function unavailable(): string | undefined {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (ALLOWED.length < 2) return "fewer than two CPUs allowed";
  if (spawnSync("taskset", ["--version"], { stdio: "ignore" }).status !== 0) return "no taskset command";
  return undefined;
}

/** Pins the main thread to the last CPU and this process's other threads and `otherPids` to the rest. */
export function isolateServingThread(otherPids: readonly number[]): CpuIsolation {
  const why = unavailable();
  if (why !== undefined) return { applied: false, why };
  const servingCpu = ALLOWED[ALLOWED.length - 1] as number;
  const otherCpus = ALLOWED.slice(0, -1).join(",");
  let ok = true;
  for (const tid of threadsOf("self")) {
    ok = taskset(["-p", "-c", tid === process.pid ? String(servingCpu) : otherCpus, String(tid)]) && ok;
  }
  for (const pid of otherPids) ok = taskset(["-a", "-p", "-c", otherCpus, String(pid)]) && ok;
  return ok ? { applied: true, servingCpu, otherCpus } : { applied: false, why: "taskset refused" };
}

/** Lets every thread of this process and of `otherPids` run on any CPU again. */
export function releaseIsolation(otherPids: readonly number[]): void {
  if (unavailable() !== undefined) return;
  const all = ALLOWED.join(",");
  for (const tid of threadsOf("self")) taskset(["-p", "-c", all, String(tid)]);
  for (const pid of otherPids) taskset(["-a", "-p", "-c", all, String(pid)]);
}
