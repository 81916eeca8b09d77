/**
 * One call to DrbgSource's seed source: abandoned when any of `signals` fires or after `timeoutMs`
 * (reason Timeout), and refused unless it returns exactly the bytes asked for (InvalidResponse).
 */
import { type RandomSource, RandomSourceError, wrongLengthError } from "@rngkit/core";

export async function fetchSeed(
  seedSource: RandomSource,
  byteLength: number,
  timeoutMs: number,
  signals: readonly AbortSignal[],
): Promise<Buffer> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  timer.unref();
  try {
    const material = await seedSource.bytes(byteLength, {
      signal: AbortSignal.any([...signals, timeout.signal]),
    });
    if (material.byteLength !== byteLength) {
      material.fill(0);
      throw wrongLengthError(seedSource.name, byteLength, material.byteLength);
    }
    return material;
  } catch (error) {
    if (timeout.signal.aborted && !signals.some((signal) => signal.aborted)) {
      throw new RandomSourceError("Timeout", `${seedSource.name}: no seed within ${timeoutMs} ms`, {
        source: seedSource.name,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
