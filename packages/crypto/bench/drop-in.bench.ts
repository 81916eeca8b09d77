/**
 * The drop-in's cost over node:crypto: randomBytes(32) and randomFillSync into a caller's 32-byte view,
 * through createCrypto(new NodeCryptoSource()), beside node:crypto in the same run.
 * Run: pnpm --filter @rngkit/crypto bench   (add --quick for a short smoke run)
 */
import * as nodeCrypto from "node:crypto";
import { pathToFileURL } from "node:url";
import { createCrypto } from "@rngkit/crypto";
import { NodeCryptoSource } from "@rngkit/local";
import { Bench } from "tinybench";

export const title = "@rngkit/crypto drop-in over NodeCryptoSource vs node:crypto";

/** Pairs of [baseline, candidate] tasks; the ratio is candidate ops/s ÷ baseline ops/s. */
export function comparisons() {
  const dropIn = createCrypto(new NodeCryptoSource());
  const view = new Uint8Array(32);
  return [
    {
      name: "randomBytes(32)",
      baseline: () => nodeCrypto.randomBytes(32),
      candidate: () => dropIn.randomBytes(32),
    },
    {
      name: "randomFillSync(32-byte view)",
      baseline: () => nodeCrypto.randomFillSync(view),
      candidate: () => dropIn.randomFillSync(view),
    },
    {
      name: "randomUUID()",
      baseline: () => nodeCrypto.randomUUID(),
      candidate: () => dropIn.randomUUID(),
    },
    {
      name: "randomInt(1000)",
      baseline: () => nodeCrypto.randomInt(1000),
      candidate: () => dropIn.randomInt(1000),
    },
  ];
}

export async function run(quick = false) {
  const bench = new Bench({ time: quick ? 50 : 1000, warmup: true });
  for (const { name, baseline, candidate } of comparisons()) {
    bench.add(`node:crypto ${name}`, baseline).add(`drop-in ${name}`, candidate);
  }
  await bench.run();
  const opsPerSecond = (name: string) => {
    const result = bench.getTask(name)?.result;
    return result !== undefined && "throughput" in result ? result.throughput.mean : Number.NaN;
  };
  return comparisons().map(({ name }) => {
    const node = opsPerSecond(`node:crypto ${name}`);
    const dropIn = opsPerSecond(`drop-in ${name}`);
    return {
      name,
      nodeOpsPerSecond: Math.round(node),
      dropInOpsPerSecond: Math.round(dropIn),
      ratio: dropIn / node,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows.map((row) => ({ ...row, ratio: row.ratio.toFixed(2) })));
}
