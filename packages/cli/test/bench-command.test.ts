/** `rngkit bench`: each package's bench script in turn, with --quick passed on. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run-cli.js";

function workspace(scripts: Record<string, string | undefined>): string {
  const root = mkdtempSync(join(tmpdir(), "rngkit-bench-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  writeFileSync(join(root, "package.json"), '{ "name": "root", "private": true }\n');
  for (const [name, bench] of Object.entries(scripts)) {
    mkdirSync(join(root, "packages", name), { recursive: true });
    writeFileSync(
      join(root, "packages", name, "package.json"),
      JSON.stringify({ name, private: true, scripts: bench === undefined ? {} : { bench } }),
    );
    writeFileSync(
      join(root, "packages", name, "bench.cjs"),
      `console.log(${JSON.stringify(name)}, process.argv.slice(2).join(" "), process.env.RNGKIT_BENCH_QUICK ?? "-")\n`,
    );
  }
  return root;
}

const env = { PATH: process.env.PATH, HOME: process.env.HOME };

describe("rngkit bench", () => {
  it("runs every package's bench script in name order, passing --quick on", async () => {
    const root = workspace({ b: "node bench.cjs", a: "node bench.cjs", c: undefined });
    const result = await run(["bench", "--quick"], { cwd: join(root, "packages", "a"), env });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n").filter((line) => /^[abc] /.test(line));
    expect(lines).toEqual(["a --quick 1", "b --quick 1"]);
    expect(result.stderr).toContain("rngkit bench: 2 packages done");
  });

  it("stops at the first failing script", async () => {
    const root = workspace({ a: 'node -e "process.exit(3)"', b: "node bench.cjs" });
    const result = await run(["bench"], { cwd: root, env });
    expect(result.code).toBe(255);
    expect(result.stderr).toContain("rngkit: bench: the bench script of packages/a failed (exit 3)");
    expect(result.stdout).not.toMatch(/^b /m);
  });

  it("says where it must run when there is no workspace", async () => {
    const result = await run(["bench"], { cwd: mkdtempSync(join(tmpdir(), "rngkit-nows-")), env });
    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/^rngkit: bench: runs inside the rngkit repository/);
  });
});
