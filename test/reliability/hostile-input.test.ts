/**
 * Hostile input (issue 11, item 3): one table of cases across the node:crypto drop-in, the sources and
 * their options, attestation documents, CMS envelopes, kms-local's HTTP and the `rngkit` command. Each case
 * asserts its exact expected error and that nothing was lost or half-written (see each table's module);
 * after every case kms-local must still answer a genuine signed request.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLI_CASES } from "./hostile/cli.js";
import { DROP_IN_CASES } from "./hostile/drop-in.js";
import {
  type Environment,
  type HostileCase,
  startEnvironment,
  stillServing,
  stopEnvironment,
} from "./hostile/environment.js";
import { HTTP_CASES } from "./hostile/http.js";
import { NITRO_CASES } from "./hostile/nitro.js";
import { PROVIDER_CASES } from "./hostile/providers.js";
import { Figures } from "./support/report.js";

const CASES: readonly HostileCase[] = [
  ...DROP_IN_CASES,
  ...PROVIDER_CASES,
  ...NITRO_CASES,
  ...HTTP_CASES,
  ...CLI_CASES,
];
const figures = new Figures("hostile-input");

let environment: Environment | undefined;
beforeAll(async () => {
  environment = await startEnvironment();
});
afterAll(async () => {
  await stopEnvironment(environment);
  figures.write();
});

it("has at least 60 cases, in every area", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(CASES.map((c) => c.area))).toEqual(
    new Set(["drop-in", "provider", "attestation", "cms", "http", "cli"]),
  );
  expect(new Set(CASES.map((c) => `${c.area}: ${c.name}`)).size, "case names are unique").toBe(CASES.length);
});

it.each(CASES.map((c) => [`${c.area}: ${c.name}`, c] as const))("%s", async (_name, hostile) => {
  const live = environment as Environment;
  await hostile.run(live);
  expect(await stillServing(live), "kms-local still serving").toBe(true);
  figures.add(hostile.area);
  figures.add("cases");
});
