import { describe, expect, it } from "vitest";
import { runCli } from "./program.js";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe("rngkit generate-random", () => {
  it.each([1, 32, 1024])("prints %i bytes as aws kms generate-random's JSON", async (size) => {
    const { code, stdout, stderr } = await run("generate-random", "--number-of-bytes", String(size));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]+={0,2}"\n\}\n$/);
    expect(Buffer.from(JSON.parse(stdout).Plaintext, "base64").byteLength).toBe(size);
    expect(stderr).toBe(`rngkit: ${size} bytes: node-crypto → @rngkit/crypto randomBytes\n`);
  });

  it("never prints the same bytes twice", async () => {
    const outputs = await Promise.all(
      Array.from({ length: 20 }, () => run("generate-random", "--number-of-bytes", "16")),
    );
    expect(new Set(outputs.map((output) => output.stdout)).size).toBe(20);
  });

  it.each([
    [["generate-random", "--number-of-bytes", "0"], "must be between 1 and 1024, got 0"],
    [["generate-random", "--number-of-bytes", "1025"], "must be between 1 and 1024, got 1025"],
    [["generate-random", "--number-of-bytes", "abc"], 'expected an integer, got "abc"'],
    [["generate-random", "--number-of-bytes", "1.5"], 'expected an integer, got "1.5"'],
    [["generate-random"], "required option '--number-of-bytes <n>' not specified"],
    [["generate-random", "--number-of-bytes", "8", "--bogus"], "unknown option '--bogus'"],
  ])("refuses %j with a usage error that names the problem", async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(252);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});
