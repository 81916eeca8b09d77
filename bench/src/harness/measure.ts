/**
 * One task measured with tinybench, with the number of samples chosen so that the wall time (timed part plus
 * the untimed `before` hook, e.g. waiting for a pool to refill) stays within a budget. tinybench runs until
 * both its time and its iteration count are reached, so a fast task with a slow untimed hook could run for
 * minutes under a time budget: here the task is first sampled a few times (calibration, which also warms
 * it), then run for a fixed number of samples (`time: 0`), with a warm-up of a tenth of them, under a
 * wall-time guard.
 *
 * A sample is `calls` requests in a row (a burst); the event loop turns before each sample, outside the
 * timed part, as a server's requests would let it. ops/s is total calls ÷ total timed time (tinybench's
 * `period`), which counts GC pauses and slow samples rather than averaging them away.
 */
import { setImmediate as turn } from "node:timers/promises";
import { Bench } from "tinybench";

export interface TaskSpec {
  readonly name: string;
  /** One sample: `calls` requests of `bytesPerCall` bytes each. */
  readonly fn: () => unknown;
  /** Whether `fn` returns a promise that must be awaited (stated, so tinybench never calls fn to find out). */
  readonly async: boolean;
  readonly calls: number;
  readonly bytesPerCall: number;
  /** Untimed, before every sample, after the event loop has turned. */
  readonly before?: () => Promise<void> | void;
}

export interface MeasureOptions {
  /** Wall time to spend on the task, calibration included, in ms (a single sample may take longer). */
  readonly budgetMs: number;
  /** Default 20,000. */
  readonly maxSamples?: number;
}

export interface Measured {
  readonly name: string;
  readonly samples: number;
  readonly callsPerSample: number;
  readonly opsPerSecond: number;
  readonly bytesPerSecond: number;
  /** Per sample, in ms. */
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Relative margin of error of the mean sample time, in %. */
  readonly rme: number;
  readonly wallMs: number;
}

/** When the guard stopped tinybench before its first sample: the calibration samples' figures. */
function fromCalibration(task: TaskSpec, samples: readonly number[], wallStarted: number): Measured {
  const sorted = [...samples].sort((a, b) => a - b);
  const meanMs = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const opsPerSecond = (task.calls * 1000) / meanMs;
  return {
    name: task.name,
    samples: samples.length,
    callsPerSample: task.calls,
    opsPerSecond,
    bytesPerSecond: opsPerSecond * task.bytesPerCall,
    meanMs,
    p50Ms: sorted[Math.floor(sorted.length / 2)] as number,
    p99Ms: sorted[sorted.length - 1] as number,
    rme: Number.NaN,
    wallMs: performance.now() - wallStarted,
  };
}

async function sampleOnce(task: TaskSpec): Promise<number> {
  await turn();
  await task.before?.();
  const started = performance.now();
  if (task.async) await task.fn();
  else task.fn();
  return performance.now() - started;
}

export async function measure(task: TaskSpec, options: MeasureOptions): Promise<Measured> {
  const wallStarted = performance.now();
  if (process.env.RNGKIT_BENCH_TRACE) console.error(`  → ${task.name}`);
  const maxSamples = options.maxSamples ?? 20_000;
  // Calibration (which also warms the task): up to 8 samples, or a quarter of the budget, whichever
  // comes first, so that an untimed refill that happens every few samples is counted in the wall time.
  const calibration: number[] = [];
  while (
    calibration.length < 8 &&
    (calibration.length === 0 || performance.now() - wallStarted < options.budgetMs / 4)
  )
    calibration.push(await sampleOnce(task));
  const wallPerSample = (performance.now() - wallStarted) / calibration.length;
  const left = Math.max(0, options.budgetMs - (performance.now() - wallStarted));
  const iterations = Math.max(1, Math.min(maxSamples, Math.floor(left / Math.max(wallPerSample, 1e-3))));
  const warmupIterations = iterations >= 20 ? Math.min(Math.ceil(iterations / 10), 1000) : 0;

  // A guard on wall time in case the untimed part grows after calibration: tinybench keeps the statistics
  // of the samples taken so far ("aborted-with-statistics").
  const guardMs = Math.max(2 * options.budgetMs, 4 * wallPerSample);
  const bench = new Bench({
    time: 0,
    iterations,
    warmup: warmupIterations > 0,
    warmupTime: 0,
    warmupIterations: Math.max(1, warmupIterations),
    throws: true,
    signal: AbortSignal.timeout(Math.ceil(guardMs)),
  });
  bench.add(task.name, task.fn, {
    async: task.async,
    beforeEach: async () => {
      await turn();
      await task.before?.();
    },
  });
  await bench.run();
  const result = bench.getTask(task.name)?.result;
  if (result === undefined || !("latency" in result)) {
    if (result?.state === "aborted") return fromCalibration(task, calibration, wallStarted);
    const error = result !== undefined && "error" in result ? result.error : undefined;
    throw new Error(`${task.name}: tinybench gave no statistics (${result?.state ?? "no task"})`, {
      cause: error,
    });
  }
  const opsPerSecond = (task.calls * 1000) / result.period;
  const wallMs = performance.now() - wallStarted;
  if (process.env.RNGKIT_BENCH_TRACE) {
    console.error(
      `  ${task.name}: ${Math.round(opsPerSecond)} ops/s, ${result.latency.samplesCount} of ${iterations} samples (+${warmupIterations} warm-up), ${Math.round(wallMs)} ms`,
    );
  }
  return {
    name: task.name,
    samples: result.latency.samplesCount,
    callsPerSample: task.calls,
    opsPerSecond,
    bytesPerSecond: opsPerSecond * task.bytesPerCall,
    meanMs: result.latency.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    rme: result.latency.rme,
    wallMs,
  };
}
