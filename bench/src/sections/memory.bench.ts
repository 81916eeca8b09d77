/**
 * Memory (RSS and heap) while serving 1 GiB through a pool or a DRBG, each case in a child process of its
 * own so that the numbers are its alone (src/sections/memory-child.ts; kms-local, when a case needs it, runs in
 * yet another process and is not counted). node:crypto's randomBytes serves the same 1 GiB as the reference.
 * A plain pool over KMS is not a case: 1 GiB would be 1,048,576 KMS calls (about 15 minutes here). Cases
 * with a DRBG over KMS also count the GenerateRandom requests kms-local received while they served (at the
 * default reseed policy: issue 9's "KMS calls per GiB").
 *
 * Run: node --import tsx src/sections/memory.bench.ts [--quick]   (after pnpm build; quick serves 64 MiB)
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MEMORY_CASES, type MemoryCase, type MemoryChildResult } from "../harness/memory-cases.js";

export const title = "Memory (RSS and heap) while serving 1 GiB, each case in its own process";

const CHILD = fileURLToPath(new URL("./memory-child.ts", import.meta.url));

function runChild(name: MemoryCase, total: number): Promise<MemoryChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, name, String(total)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`memory case "${name}" exited with ${code}`));
      try {
        resolve(JSON.parse(output.trim().split("\n").pop() ?? "") as MemoryChildResult);
      } catch {
        reject(new Error(`memory case "${name}" printed no result`));
      }
    });
  });
}

export async function run(quick = false) {
  const total = quick ? 64 * 2 ** 20 : 2 ** 30;
  const cases: MemoryChildResult[] = [];
  for (const name of Object.keys(MEMORY_CASES) as MemoryCase[]) cases.push(await runChild(name, total));
  return {
    servedBytes: total,
    rows: cases.map((result) => ({
      case: result.case,
      requestBytes: result.requestBytes,
      seconds: result.seconds,
      mbPerSecond: Math.round(result.servedBytes / 1e6 / result.seconds),
      kmsCallsPerGiB:
        result.kmsCalls === null ? null : Math.round((result.kmsCalls * 2 ** 30) / result.servedBytes),
      rssStartMiB: result.start.rssMiB,
      rssPeakMiB: result.peak.rssMiB,
      rssEndMiB: result.end.rssMiB,
      rssGrowthMiB: Number((result.peak.rssMiB - result.start.rssMiB).toFixed(1)),
      heapUsedStartMiB: result.start.heapUsedMiB,
      heapUsedPeakMiB: result.peak.heapUsedMiB,
      heapUsedEndAfterGcMiB: result.endAfterGc.heapUsedMiB,
      externalPeakMiB: result.peak.externalMiB,
      arrayBuffersPeakMiB: result.peak.arrayBuffersMiB,
    })),
    series: cases.map((result) => ({ case: result.case, points: result.series })),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(result.rows);
}
