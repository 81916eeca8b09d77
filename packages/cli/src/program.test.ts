import { describe, expect, it } from "vitest";
import { firstLine, run } from "../test/run-cli.js";

describe("rngkit generate-random --source local", () => {
  it.each([1, 32, 1024, 5000])(
    "prints %i bytes from node:crypto as aws kms generate-random's JSON",
    async (size) => {
      const { code, stdout, stderr } = await run([
        "generate-random",
        "--source",
        "local",
        "--number-of-bytes",
        String(size),
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]+={0,2}"\n\}\n$/);
      expect(Buffer.from(JSON.parse(stdout).Plaintext, "base64").byteLength).toBe(size);
      expect(stderr).toBe("");
    },
  );

  it("reports the path with --show-path", async () => {
    const { stderr } = await run([
      "generate-random",
      "--source",
      "local",
      "--number-of-bytes",
      "16",
      "--show-path",
    ]);
    expect(stderr).toBe("rngkit: 16 bytes: node-crypto\n");
  });

  it("reads through a pool with --pool", async () => {
    const { code, stderr } = await run([
      "generate-random",
      "--source",
      "local",
      "--pool",
      "--number-of-bytes",
      "16",
      "--show-path",
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe("rngkit: 16 bytes: pool(node-crypto) → node-crypto\n");
  });

  it("never prints the same bytes twice", async () => {
    const outputs = await Promise.all(
      Array.from({ length: 20 }, () =>
        run(["generate-random", "--source", "local", "--number-of-bytes", "16"]),
      ),
    );
    expect(new Set(outputs.map((output) => output.stdout)).size).toBe(20);
  });

  it.each([
    ["raw", 100, (out: Buffer) => out.byteLength],
    ["hex", 100, (out: Buffer) => Buffer.from(out.toString().trim(), "hex").byteLength],
    ["base64", 100, (out: Buffer) => Buffer.from(out.toString().trim(), "base64").byteLength],
    ["base64", 2_000_000, (out: Buffer) => Buffer.from(out.toString().trim(), "base64").byteLength],
  ] as const)("prints the bytes alone with --format %s (%i bytes)", async (format, size, length) => {
    const { code, stdoutBytes } = await run([
      "generate-random",
      "--source",
      "local",
      "--number-of-bytes",
      String(size),
      "--format",
      format,
    ]);
    expect(code).toBe(0);
    expect(length(stdoutBytes)).toBe(size);
    if (format !== "raw") expect(stdoutBytes.toString()).toMatch(/^[0-9A-Za-z+/=]+\n$/);
  });
});

describe("rngkit", () => {
  it("prints its version and help", async () => {
    expect((await run(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await run(["generate-random", "--help"]);
    expect(help.code).toBe(0);
    for (const heading of [
      "aws kms generate-random parameters:",
      "aws CLI global options:",
      "rngkit extensions:",
    ]) {
      expect(help.stdout).toContain(heading);
    }
  });

  it("refuses an unknown command, naming it", async () => {
    const { code, stderr } = await run(["generate-randomness"]);
    expect(code).toBe(252);
    expect(firstLine(stderr)).toContain("generate-randomness");
  });
});
