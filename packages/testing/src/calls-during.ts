/**
 * Call-rate measurement for benchmarks that compare a client with a bare baseline (KmsSource against a
 * loop of `client.send`): concurrent loops counted correctly, and contenders run in alternating turns so
 * that a shared machine's drifting load falls on all of them alike rather than on whichever ran last.
 */

/** What a measurement found: calls made, over how long, and this process's CPU per call. */
export interface CallRate {
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly cpuMsPerCall: number;
}

/** A contender: `loops` concurrent loops each running `work`, which returns how many calls it made. */
export interface CallLoop {
  readonly name: string;
  readonly loops: number;
  readonly work: () => Promise<number>;
}

function rateOf(calls: number, seconds: number, cpuMs: number): CallRate {
  return {
    calls,
    seconds,
    callsPerSecond: calls / seconds,
    cpuMsPerCall: cpuMs / Math.max(1, calls),
  };
}

interface Tally {
  calls: number;
  seconds: number;
  cpuMs: number;
}

async function tally(ms: number, loops: number, work: () => Promise<number>): Promise<Tally> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let calls = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() - started < ms) {
        // Not `calls += await work()`: that reads `calls` before the await, so concurrent loops would
        // overwrite each other's counts (a bare SDK loop then looked `loops` times slower).
        const made = await work();
        calls += made;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { calls, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

/** Calls per second made by `loops` concurrent loops each running `work` until `ms` have passed. */
export async function callsDuring(ms: number, loops: number, work: () => Promise<number>): Promise<CallRate> {
  const { calls, seconds, cpuMs } = await tally(ms, loops, work);
  return rateOf(calls, seconds, cpuMs);
}

/**
 * Runs each contender for `turnMs` in turn, `turns` times over, and returns each one's rate over all of
 * its turns, by name. Alternating short turns compares contenders under the same load.
 */
export async function interleavedCallRates(
  contenders: readonly CallLoop[],
  options: { readonly turnMs: number; readonly turns: number },
): Promise<Map<string, CallRate>> {
  const totals = new Map<string, Tally>();
  for (const { name } of contenders) {
    if (totals.has(name)) throw new Error(`interleavedCallRates: contender ${name} is named twice`);
    totals.set(name, { calls: 0, seconds: 0, cpuMs: 0 });
  }
  for (let turn = 0; turn < options.turns; turn++) {
    for (const { name, loops, work } of contenders) {
      const measured = await tally(options.turnMs, loops, work);
      const total = totals.get(name) as Tally;
      total.calls += measured.calls;
      total.seconds += measured.seconds;
      total.cpuMs += measured.cpuMs;
    }
  }
  return new Map([...totals].map(([name, total]) => [name, rateOf(total.calls, total.seconds, total.cpuMs)]));
}
