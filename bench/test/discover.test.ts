import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { discover } from "../src/discover.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("discover", () => {
  const modules = discover(ROOT);

  it("gathers every package's bench scripts, then the suite's sections", () => {
    const ids = modules.map((module) => module.id);
    expect(ids).toContain("packages/pool/bench/serve.bench.ts");
    expect(ids).toContain("packages/drbg/bench/drbg-source.bench.ts");
    expect(ids).toContain("bench/src/sections/throughput-by-size.bench.ts");
    const firstSection = ids.findIndex((id) => id.startsWith("bench/"));
    expect(ids.slice(firstSection).every((id) => id.startsWith("bench/src/sections/"))).toBe(true);
    const folders = ids.slice(0, firstSection).map((id) => id.split("/")[1] as string);
    expect(folders).toEqual([...folders].sort());
  });

  it("takes only *.bench.ts files, so helpers beside them are not run", () => {
    expect(modules.every((module) => module.id.endsWith(".bench.ts"))).toBe(true);
    expect(modules.map((module) => module.id)).not.toContain("bench/src/sections/memory-child.ts");
  });

  it("runs a module that exports run(quick) and runs a program that does not", () => {
    const kind = (id: string) => modules.find((module) => module.id === id)?.kind;
    expect(kind("packages/pool/bench/serve.bench.ts")).toBe("module");
    expect(kind("bench/src/sections/memory.bench.ts")).toBe("module");
    expect(kind("packages/kms-local/bench/generate-random.bench.ts")).toBe("script");
  });

  it("names each module's owner and runs it in its package's directory", () => {
    const serve = modules.find((module) => module.id === "packages/pool/bench/serve.bench.ts");
    expect(serve?.owner).toBe("@rngkit/pool");
    expect(serve?.cwd).toBe(resolve(ROOT, "packages/pool"));
    expect(modules.find((module) => module.id.startsWith("bench/"))?.owner).toBe("suite");
  });
});
