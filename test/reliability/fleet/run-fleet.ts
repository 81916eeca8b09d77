/**
 * The fleet simulation reported in docs/fleet.md: 50 processes, one kms-local whose account quota is
 * 50/s (KMS's 10,000/s scaled by 1/200, demand scaled the same way; see fleet.ts), 32-byte requests at
 * several rates, with a plain pool and with the DRBG. Prints one JSON line per scenario.
 *
 *   node --conditions=@rngkit/source --import tsx test/reliability/fleet/run-fleet.ts \
 *     [--processes 50] [--quota 50] [--seconds 30] [--rates 10,30,60,120] [--out fleet.jsonl]
 */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Fleet } from "./fleet.js";
import type { FleetStack } from "./protocol.js";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "50" },
    quota: { type: "string", default: "50" },
    seconds: { type: "string", default: "30" },
    rates: { type: "string", default: "10,30,60,120" },
    stacks: { type: "string", default: "pool,drbg" },
    out: { type: "string", default: "reliability-fleet.jsonl" },
  },
});

const fleet = await Fleet.start(Number(values.processes));
try {
  for (const rate of values.rates.split(",").map(Number)) {
    for (const stack of values.stacks.split(",") as FleetStack[]) {
      const summary = await fleet.run(
        { stack, requestsPerSecond: rate, seconds: Number(values.seconds) },
        Number(values.quota),
      );
      appendFileSync(values.out, `${JSON.stringify({ at: new Date().toISOString(), ...summary })}\n`);
      console.log(JSON.stringify(summary));
    }
  }
} finally {
  await fleet.close();
}
