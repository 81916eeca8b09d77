/**
 * Statistical quality, short mode (CI): `ent` over a few MiB from every path, judged with bounds a good
 * source passes except with probability about 1e-9 each (stats/ent.ts), and three dieharder tests per fast
 * path fed on stdin (`dieharder -g 200`), where FAILED (p < 1e-6 or p > 1 - 1e-6) fails the test and WEAK
 * (p < 0.005 or > 0.995) is allowed and recorded. A perfect source gets FAILED on a result line with
 * probability 2e-6: about 3.4e-5 per run of this file's 17 result lines (diehard_runs prints two). The long run (64 MiB, the full battery)
 * is stats/run-stats.ts; its results are in docs/reliability.md.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDieharder } from "./stats/dieharder.js";
import { runEnt } from "./stats/ent.js";
import { FAST_PATHS, KMS_PATHS, openPath, type PathName } from "./stats/paths.js";
import { SETTINGS } from "./support/mode.js";
import { Figures } from "./support/report.js";
import { ensureStatisticsTools } from "./support/tools.js";

beforeAll(() => {
  ensureStatisticsTools();
}, 300_000);

const figures = new Figures("statistics");
afterAll(() => {
  figures.write();
});

/** birthdays (diehard), monobit (STS), runs (diehard): little data, rated "Good" by dieharder. */
const SHORT_BATTERY: readonly (readonly string[])[] = [
  ["-d", "0"],
  ["-d", "100"],
  ["-d", "15"],
];
/** HMAC_DRBG serves tens of MB/s: one test. */
const HMAC_BATTERY: readonly (readonly string[])[] = [["-d", "100"]];

function entBytes(name: PathName): number {
  if ((FAST_PATHS as readonly string[]).includes(name)) return SETTINGS.statistics.entFastBytes;
  return name === "nitro" ? SETTINGS.statistics.entNitroBytes : SETTINGS.statistics.entKmsBytes;
}

describe.each([...FAST_PATHS, ...KMS_PATHS])("%s", (name) => {
  it(`passes ent over ${entBytes(name) / 1024} KiB`, async () => {
    const path = await openPath(name);
    try {
      const verdict = await runEnt(path, entBytes(name));
      figures.note(`ent ${name}`, verdict.result);
      expect(verdict.problems).toEqual([]);
    } finally {
      await path.close();
    }
  });

  if (!(FAST_PATHS as readonly string[]).includes(name)) return;
  const battery = name === "hmac-drbg" ? HMAC_BATTERY : SHORT_BATTERY;
  it.each(battery.map((args) => [args.join(" "), args] as const))(
    "passes dieharder %s on a stream",
    async (_label, args) => {
      const path = await openPath(name);
      try {
        const run = await runDieharder(path, args);
        for (const [index, line] of run.lines.entries()) {
          figures.add(line.assessment);
          figures.note(`dieharder ${name} ${line.test} ${line.ntup} #${index}`, line);
        }
        expect(run.lines.filter((line) => line.assessment === "FAILED")).toEqual([]);
      } finally {
        await path.close();
      }
    },
  );
});
