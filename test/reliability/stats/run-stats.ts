/**
 * The long statistical run reported in docs/reliability.md: for each path, `ent` over 64 MiB and dieharder
 * fed on stdin (`-g 200`): the full battery (`-a`) for the fast paths, the documented subset for the
 * KMS-bound ones. Results are appended to a JSON-lines file as each step finishes.
 *
 *   node --conditions=@rngkit/source --import tsx test/reliability/stats/run-stats.ts \
 *     [--paths local,ctr-drbg,...] [--ent-mib 64] [--dieharder full|subset|none] [--out file.jsonl]
 *
 * `--resolve-weak` instead re-runs every WEAK line recorded in `--out` for the given paths with
 * dieharder's "resolve ambiguity" mode (`-Y 1`: psamples are added until the result is no longer WEAK:
 * PASSED, or FAILED if the weakness is real), on fresh bytes from the same path.
 *
 * Run it niced (`nice -n 19`): the full battery takes tens of minutes per path on two cores.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runDieharder } from "./dieharder.js";
import { runEnt } from "./ent.js";
import { ALL_PATHS, isPathName, openPath, type PathName } from "./paths.js";

/**
 * The subset for KMS-bound paths (about 1 MB/s through kms-local in one process): five tests dieharder
 * rates "Good" that read tens of MB each. NitroRecipientSource serves about 0.1 MB/s here (kms-local
 * verifies an ES384 document and RSA-encrypts per call, the source RSA-decrypts), so it gets two.
 */
export const KMS_SUBSET: readonly (readonly string[])[] = [
  ["-d", "0"],
  ["-d", "4"],
  ["-d", "10"],
  ["-d", "11"],
  ["-d", "100"],
];
export const NITRO_SUBSET: readonly (readonly string[])[] = [
  ["-d", "0"],
  ["-d", "100"],
];
/** Fast enough for the full battery, which reads tens of GB. */
export const FULL_BATTERY_PATHS: readonly PathName[] = [
  "local",
  "ctr-drbg",
  "pool(local)",
  "pool(ctr-drbg(kms))",
];

const { values } = parseArgs({
  options: {
    paths: { type: "string", default: ALL_PATHS.join(",") },
    "ent-mib": { type: "string", default: "64" },
    dieharder: { type: "string", default: "auto" },
    out: { type: "string", default: "reliability-stats.jsonl" },
    "resolve-weak": { type: "boolean", default: false },
  },
});

/** dieharder's test numbers (`dieharder -l`), to re-run one test by the name it prints. */
const TEST_NUMBERS: Readonly<Record<string, number>> = {
  diehard_birthdays: 0,
  diehard_operm5: 1,
  diehard_rank_32x32: 2,
  diehard_rank_6x8: 3,
  diehard_bitstream: 4,
  diehard_opso: 5,
  diehard_oqso: 6,
  diehard_dna: 7,
  diehard_count_1s_str: 8,
  diehard_count_1s_byt: 9,
  diehard_parking_lot: 10,
  diehard_2dsphere: 11,
  diehard_3dsphere: 12,
  diehard_squeeze: 13,
  diehard_sums: 14,
  diehard_runs: 15,
  diehard_craps: 16,
  marsaglia_tsang_gcd: 17,
  sts_monobit: 100,
  sts_runs: 101,
  sts_serial: 102,
  rgb_bitdist: 200,
  rgb_minimum_distance: 201,
  rgb_permutations: 202,
  rgb_lagged_sum: 203,
  rgb_kstest_test: 204,
  dab_bytedistrib: 205,
  dab_dct: 206,
  dab_filltree: 207,
  dab_filltree2: 208,
  dab_monobit2: 209,
};

const paths = values.paths.split(",").map((name) => {
  if (!isPathName(name)) throw new Error(`unknown path ${name}; known: ${ALL_PATHS.join(", ")}`);
  return name;
});
const entBytes = Number(values["ent-mib"]) * 1024 * 1024;

function record(entry: Record<string, unknown>): void {
  appendFileSync(values.out, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
  console.log(JSON.stringify(entry));
}

function dieharderPlan(name: PathName): readonly (readonly string[])[] {
  const mode = values.dieharder;
  if (mode === "none") return [];
  if (mode === "full" || (mode === "auto" && FULL_BATTERY_PATHS.includes(name))) return [["-a"]];
  return name === "nitro" ? NITRO_SUBSET : KMS_SUBSET;
}

if (values["resolve-weak"]) {
  const weak: { path: PathName; test: string; ntup: number }[] = [];
  for (const row of readFileSync(values.out, "utf8").split("\n")) {
    if (row.trim() === "") continue;
    const entry = JSON.parse(row) as {
      path: PathName;
      tool: string;
      lines?: { test: string; ntup: number; assessment: string }[];
    };
    if (entry.tool !== "dieharder" || !paths.includes(entry.path)) continue;
    for (const line of entry.lines ?? []) {
      if (line.assessment === "WEAK") weak.push({ path: entry.path, test: line.test, ntup: line.ntup });
    }
  }
  for (const { path: name, test, ntup } of weak) {
    const number = TEST_NUMBERS[test];
    if (number === undefined) throw new Error(`no test number for ${test}`);
    const path = await openPath(name);
    try {
      const args = ["-d", String(number), ...(ntup > 0 ? ["-n", String(ntup)] : []), "-Y", "1"];
      const run = await runDieharder(path, args);
      record({ path: name, tool: "dieharder-resolve", resolves: { test, ntup }, ...run });
    } finally {
      await path.close();
    }
  }
  process.exit(0);
}

for (const name of paths) {
  if (entBytes > 0) {
    const path = await openPath(name);
    const started = performance.now();
    try {
      const verdict = await runEnt(path, entBytes);
      record({ path: name, tool: "ent", seconds: (performance.now() - started) / 1000, ...verdict });
    } finally {
      await path.close();
    }
  }
  for (const args of dieharderPlan(name)) {
    const path = await openPath(name);
    try {
      const run = await runDieharder(path, args);
      const counts = { PASSED: 0, WEAK: 0, FAILED: 0 };
      for (const line of run.lines) counts[line.assessment]++;
      record({ path: name, tool: "dieharder", ...run, counts });
    } finally {
      await path.close();
    }
  }
}
