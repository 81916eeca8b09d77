/**
 * The shared conformance suite over pools. The sync test calls fillSync on a fresh source, so each
 * factory either awaits ready() (the documented way to serve sync calls from a warm pool) or composes
 * a sync fallback (the small pool, whose buffer cannot cover the suite's 1023-byte sync request).
 */
import { NodeCryptoSource } from "@rngkit/local";
import { DeterministicSource, describeRandomSource, ScriptedSource, step } from "@rngkit/testing";
import { PoolSource } from "./pool-source.js";

async function warm(pool: PoolSource): Promise<PoolSource> {
  await pool.ready();
  return pool;
}

describeRandomSource("PoolSource over NodeCryptoSource", () => warm(new PoolSource(new NodeCryptoSource())));

describeRandomSource("PoolSource over DeterministicSource", () =>
  warm(new PoolSource(new DeterministicSource({ seed: "pool conformance" }))),
);

describeRandomSource("PoolSource over ScriptedSource (remote-like: 1024-byte calls, slow at first)", () =>
  warm(new PoolSource(new ScriptedSource({ script: [step.delay(5), step.delay(5), step.delay(5)] }))),
);

describeRandomSource(
  "PoolSource with a small buffer, no warm-up, one call in flight and a sync fallback",
  () =>
    new PoolSource(new ScriptedSource({ maxBytesPerCall: 64 }), {
      capacity: 256,
      lowWater: 64,
      maxInFlight: 1,
      warmUp: false,
      syncFallback: new NodeCryptoSource(),
    }),
  { concurrentCalls: 200 },
);
