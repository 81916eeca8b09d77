/**
 * Upstream calls per MiB served through a pool with 1024-byte chunks: exactly 1024, whatever the
 * request sizes or sync/async mix, because every refill asks for one whole chunk and no byte is fetched
 * twice or thrown away. The upstream counts its own calls; the pool's stats are not trusted here. A
 * pool ends a run holding prefetched bytes, so each row gives the raw count and the count net of what
 * is still buffered (calls − level / 1024), which is the figure that must be 1024.
 *
 * Run: node --import tsx bench/upstream-calls.bench.ts   (add --quick for a shorter run)
 */
import { setImmediate as turn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import type { FillOptions } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { ScriptedSource, step } from "@rngkit/testing";

export const title = "@rngkit/pool upstream calls per MiB served (1024-byte chunks)";

const MiB = 1024 * 1024;
const CHUNK = 1024;

/** node:crypto, counting every call the pool makes to it. */
class CountingSource extends NodeCryptoSource {
  calls = 0;
  fetched = 0;
  override fill<T extends ArrayBufferView>(target: T, options?: FillOptions): Promise<T> {
    this.calls++;
    this.fetched += target.byteLength;
    return super.fill(target, options);
  }
  override bytes(size: number, options?: FillOptions): Promise<Buffer> {
    this.calls++;
    this.fetched += size;
    return super.bytes(size, options);
  }
  // A pool refills from a local synchronous upstream through fillSync.
  override fillSync<T extends ArrayBufferView>(target: T): T {
    this.calls++;
    this.fetched += target.byteLength;
    return super.fillSync(target);
  }
}

/** A deterministic spread of request sizes from 1 to 4096 bytes (a linear congruential sequence). */
function* mixedSizes(total: number): Generator<number> {
  let state = 12345;
  let left = total;
  while (left > 0) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = Math.min(left, 1 + (state % 4096));
    left -= size;
    yield size;
  }
}

export interface UpstreamCallsRow {
  readonly scenario: string;
  readonly servedBytes: number;
  readonly upstreamCalls: number;
  /** Bytes per upstream call: the chunk size if every call was a whole chunk. */
  readonly bytesPerCall: number;
  readonly bufferedAtEnd: number;
  /** (calls − bufferedAtEnd / chunk) per MiB served: 1024 with 1024-byte chunks. */
  readonly netCallsPerMiB: number;
}

async function settle(pool: PoolSource): Promise<void> {
  while (pool.stats().inFlight > 0) await turn();
}

async function measure(
  scenario: string,
  served: number,
  count: () => { calls: number; fetched: number },
  pool: PoolSource,
): Promise<UpstreamCallsRow> {
  await settle(pool);
  const level = pool.stats().level;
  const upstream = count();
  const row = {
    scenario,
    servedBytes: served,
    upstreamCalls: upstream.calls,
    bytesPerCall: upstream.fetched / upstream.calls,
    bufferedAtEnd: level,
    netCallsPerMiB: ((upstream.calls - level / CHUNK) * MiB) / served,
  };
  await pool.close();
  return row;
}

export async function run(quick = false): Promise<UpstreamCallsRow[]> {
  const total = quick ? MiB / 4 : MiB;
  const rows: UpstreamCallsRow[] = [];

  {
    const upstream = new CountingSource();
    const pool = new PoolSource(upstream);
    for (let served = 0; served < total; served += 32) await pool.bytes(32);
    rows.push(await measure("async bytes(32)", total, () => upstream, pool));
  }
  {
    const upstream = new CountingSource();
    const pool = new PoolSource(upstream);
    for (const size of mixedSizes(total)) await pool.bytes(size);
    rows.push(await measure("async bytes(1..4096), mixed", total, () => upstream, pool));
  }
  {
    const upstream = new CountingSource();
    const pool = new PoolSource(upstream);
    await pool.ready();
    const view = new Uint8Array(32);
    for (let served = 0; served < total; ) {
      try {
        pool.fillSync(view);
        served += 32;
      } catch {
        await turn(); // Exhausted: let the refill land, as a sync caller's event loop would
      }
    }
    rows.push(await measure("fillSync(32) after ready()", total, () => upstream, pool));
  }
  {
    // Remote-like: every call takes a 1 ms timer, as a network round trip would; 1024 bytes per call.
    const remoteTotal = total / 4;
    const upstream = new ScriptedSource({ afterScript: step.delay(1) });
    const pool = new PoolSource(upstream);
    const requests: Promise<Buffer>[] = [];
    for (let served = 0; served < remoteTotal; served += 32) requests.push(pool.bytes(32));
    await Promise.all(requests);
    const counted = () => ({
      calls: upstream.calls.length,
      fetched: upstream.calls.reduce((sum, call) => sum + call.byteLength, 0),
    });
    rows.push(await measure("remote-like (1 ms per call), 32-byte requests", remoteTotal, counted, pool));
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows);
}
