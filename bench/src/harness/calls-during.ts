/**
 * Calls per second made by `workers` concurrent loops, each running `work` (which returns how many calls
 * it made) until `ms` have passed, and this process's CPU per call.
 */
export async function callsDuring(ms: number, workers: number, work: () => Promise<number>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let calls = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() - started < ms) {
        // Not `calls += await work()`: that reads `calls` before the await, so concurrent workers would
        // overwrite each other's counts (the bare SDK loop then looked `workers` times slower).
        const made = await work();
        calls += made;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    calls,
    callsPerSecond: calls / ((performance.now() - started) / 1000),
    cpuMsPerCall: (used.user + used.system) / 1000 / Math.max(1, calls),
  };
}
