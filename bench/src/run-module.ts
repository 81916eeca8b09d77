/**
 * Runs one benchmark module in this (child) process: imports it, calls its exported `run(quick)`, and writes
 * `{ title, raw }` as JSON to the file named by --result. Started by the runner, one process per module, so
 * that no module's heap, JIT state or leftover handles reach the next one.
 *
 *   node --import tsx src/run-module.ts <module path> --result <file> [--quick]
 */
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { result: { type: "string" }, quick: { type: "boolean" } },
});
const [file] = positionals;
if (file === undefined || values.result === undefined) {
  console.error("usage: run-module.ts <module path> --result <file> [--quick]");
  process.exit(2);
}
const module = (await import(pathToFileURL(file).href)) as {
  title?: unknown;
  run?: (quick: boolean) => unknown;
};
if (typeof module.run !== "function") throw new Error(`${file} exports no run(quick) function`);
const raw = await module.run(values.quick === true);
writeFileSync(
  values.result,
  JSON.stringify({ title: typeof module.title === "string" ? module.title : undefined, raw }),
);
// A module that leaves a handle open (a socket, a timer) must not hold the suite up.
process.exit(0);
