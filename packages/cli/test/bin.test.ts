/** The executable: what `pnpm start` runs, with no SDK warning on stderr. */
import { describe, expect, it } from "vitest";
import { BUILT, bareEnv, runRngkit } from "./spawn-rngkit.js";

describe("the rngkit executable", () => {
  it("runs the main job: pool → KmsSource → the SDK → kms-local in the same process", async () => {
    const result = await runRngkit(
      ["generate-random", "--number-of-bytes", "32", "--embedded", "--pool", "--show-path"],
      bareEnv(),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]{43}="\n\}\n$/);
    expect(result.stderr).toMatch(
      /^rngkit: 32 bytes: pool\(kms:us-east-1\) → kms:us-east-1 at http:\/\/127\.0\.0\.1:\d+ \(@rngkit\/kms-local, embedded in this process\)\n$/,
    );
    expect(result.stderr).not.toContain("NodeVersionSupportWarning");
  });

  it("prints a service error exactly as the aws CLI does, and nothing else", async () => {
    const result = await runRngkit(
      ["generate-random", "--number-of-bytes", "8", "--embedded", "--custom-key-store-id", "cks-unknown"],
      bareEnv(),
    );
    expect(result.code).toBe(254);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "\nAn error occurred (CustomKeyStoreNotFoundException) when calling the GenerateRandom operation: Custom key store cks-unknown does not exist in this account and Region.\n",
    );
  });

  it("makes the KMS calls in a worker thread with --worker-thread, and exits when done", async () => {
    const result = await runRngkit(
      [
        "generate-random",
        "--number-of-bytes",
        "4096",
        "--embedded",
        "--pool",
        "--worker-thread",
        "--format",
        "hex",
        "--show-path",
      ],
      bareEnv(),
      BUILT,
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f]{8192}$/);
    expect(result.stderr).toMatch(
      /^rngkit: 4096 bytes: pool\(worker\(kms:us-east-1\)\) → worker\(kms:us-east-1\) at http:\/\/127\.0\.0\.1:\d+ \(@rngkit\/kms-local, embedded in this process\)\n$/,
    );
  });
});
