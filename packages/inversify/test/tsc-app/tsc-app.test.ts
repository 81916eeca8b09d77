/**
 * Decorators under tsc: compiles ./main.ts and the decorated service with tsc (experimentalDecorators,
 * emitDecoratorMetadata), then runs the output with Node, which must exit 0 with no timers left open.
 * Needs the packages built (pnpm test builds first).
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

afterAll(() => rm(`${here}/out`, { recursive: true, force: true }));

describe("constructor injection with decorators under tsc", () => {
  it("compiles and runs, resolving the service with its injected drop-in", async () => {
    await run(process.execPath, [tsc, "-p", `${here}/tsconfig.json`], { cwd: here });
    const { stdout, stderr } = await run(process.execPath, [`${here}/out/tsc-app/main.js`], {
      cwd: here,
      timeout: 20_000,
    });
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({ sessionId: 43, key: 32, uuid: 36 });
  }, 60_000);
});
