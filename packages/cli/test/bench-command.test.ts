/** `rngkit bench`: the workspace root's bench script (the benchmark suite), with --quick passed on. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

/** A workspace whose root `bench` script (when given) prints its arguments and RNGKIT_BENCH_QUICK. */
function workspace(bench: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), "rngkit-bench-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - bench\n");
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "root", private: true, scripts: bench === undefined ? {} : { bench } }),
  );
  writeFileSync(
    join(root, "suite.cjs"),
    'console.log("suite", process.argv.slice(2).join(" "), process.env.RNGKIT_BENCH_QUICK ?? "-")\n',
  );
  mkdirSync(join(root, "packages", "a"), { recursive: true });
  return root;
}

const env = { PATH: process.env.PATH, HOME: process.env.HOME };

describe("rngkit bench", () => {
  it("runs the workspace's benchmark suite from anywhere inside it, passing --quick on", async () => {
    const root = workspace("node suite.cjs");
    const result = await run(["bench", "--quick"], { cwd: join(root, "packages", "a"), env });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").filter((line) => line.startsWith("suite "))).toEqual([
      "suite --quick 1",
    ]);
    expect(result.stderr).toContain(`rngkit bench: the benchmark suite in ${root} (--quick)`);
  });

  it("runs a full suite without --quick", async () => {
    const root = workspace("node suite.cjs");
    const result = await run(["bench"], { cwd: root, env });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").filter((line) => line.startsWith("suite "))).toEqual(["suite  -"]);
  });

  it("fails when the suite fails", async () => {
    const root = workspace('node -e "process.exit(3)"');
    const result = await run(["bench"], { cwd: root, env });
    expect(result.code).toBe(255);
    expect(result.stderr).toContain("rngkit: bench: the benchmark suite failed (exit 3)");
  });

  it("says so when the workspace has no benchmark suite", async () => {
    const root = workspace(undefined);
    const result = await run(["bench"], { cwd: root, env });
    expect(result.code).toBe(252);
    expect(result.stderr).toContain(`rngkit: bench: the workspace at ${root} has no bench script`);
  });

  it("says where it must run when there is no workspace", async () => {
    const result = await run(["bench"], { cwd: mkdtempSync(join(tmpdir(), "rngkit-nows-")), env });
    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/^rngkit: bench: runs inside the rngkit repository/);
  });
});
