/**
 * rngkit's extensions against @rngkit/kms-local: any size in chunks, the pool, --outfile (mode 0600,
 * all or nothing, also when the service fails half-way or Ctrl-C comes), --format, the progress bar,
 * --embedded, --debug with no bytes and no secrets in it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at, kmsEnv, startTestKms } from "./kms-fixture.js";
import { firstLine, run } from "./run-cli.js";

let kms: KmsLocal;
beforeAll(async () => {
  kms = await startTestKms();
});
afterAll(() => kms.close());
beforeEach(() => {
  kms.faults.clear();
  kms.counters.reset();
});

const generate = (args: string[], io: Parameters<typeof run>[1] = {}) =>
  run(["generate-random", ...args, ...at(kms)], { env: kmsEnv(kms), ...io });

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "rngkit-out-"));
}

describe("any --number-of-bytes, in chunks of 1024", () => {
  it("serves 5000 bytes from KMS in five calls when an extension is used", async () => {
    const result = await generate(["--number-of-bytes", "5000", "--source", "kms"]);
    expect(result.code).toBe(0);
    expect(Buffer.from(JSON.parse(result.stdout).Plaintext, "base64")).toHaveLength(5000);
    expect(kms.counters.get("GenerateRandom")).toMatchObject({ requests: 5, randomBytes: 5000 });
  });

  it("reads through a pool over KMS", async () => {
    const result = await generate(["--number-of-bytes", "100", "--pool", "--show-path"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`rngkit: 100 bytes: pool(kms:us-east-1) → kms:us-east-1 at ${kms.endpoint}\n`);
  });
});

describe("--outfile", () => {
  it("writes raw bytes with mode 0600 and prints nothing on stdout", async () => {
    const path = join(scratch(), "key.bin");
    const result = await generate(["--number-of-bytes", "3000", "--outfile", path]);
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(path)).toHaveLength(3000);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("writes hex when asked, replacing an existing file", async () => {
    const path = join(scratch(), "key.hex");
    writeFileSync(path, "old", { mode: 0o644 });
    const result = await generate(["--number-of-bytes", "16", "--outfile", path, "--format", "hex"]);
    expect(result.code).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^[0-9a-f]{32}\n$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("leaves nothing when the service fails half-way through a chunked request", async () => {
    const directory = scratch();
    const path = join(directory, "key.bin");
    kms.faults.set("GenerateRandom", { sequence: [...Array(900).fill("ok"), "AccessDeniedException"] });
    const result = await generate(["--number-of-bytes", String(2 * 1024 * 1024), "--outfile", path]);
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      /^\nAn error occurred \(AccessDeniedException\) when calling the GenerateRandom operation: /,
    );
    expect(kms.counters.get("GenerateRandom").requests).toBeGreaterThan(900);
    expect(readdirSync(directory)).toEqual([]);
  });

  it("keeps an existing file as it was when the request fails", async () => {
    const path = join(scratch(), "key.bin");
    writeFileSync(path, "precious");
    kms.faults.set("GenerateRandom", { sequence: ["ok", "ok", "AccessDeniedException"] });
    const result = await generate(["--number-of-bytes", "10000", "--outfile", path, "--source", "kms"]);
    expect(result.code).toBe(254);
    expect(readFileSync(path, "utf8")).toBe("precious");
    expect(readdirSync(join(path, ".."))).toEqual(["key.bin"]);
  });

  it("stops on Ctrl-C, removes what it wrote and exits 130", async () => {
    const directory = scratch();
    const interrupt = new AbortController();
    kms.faults.set("GenerateRandom", { latency: { fixedMs: 20 } });
    const pending = generate(
      ["--number-of-bytes", String(4 * 1024 * 1024), "--outfile", join(directory, "big.bin")],
      {
        signal: interrupt.signal,
      },
    );
    while (kms.counters.get("GenerateRandom").requests < 50)
      await new Promise((resolve) => setTimeout(resolve, 10));
    interrupt.abort(new Error("SIGINT"));
    const result = await pending;
    expect(result.code).toBe(130);
    expect(readdirSync(directory)).toEqual([]);
  });
});

describe("the progress bar", () => {
  it("is drawn on stderr over 1 MiB when stderr is a terminal, and ends with a newline", async () => {
    const path = join(scratch(), "big.bin");
    const result = await run(
      [
        "generate-random",
        "--source",
        "local",
        "--number-of-bytes",
        String(3 * 1024 * 1024),
        "--outfile",
        path,
      ],
      { stderrIsTTY: true, stderrColumns: 80 },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("\r[");
    expect(result.stderr).toMatch(/100% 3\.0\/3\.0 MiB\n$/);
  });

  it.each([
    ["stderr is not a terminal", { stderrIsTTY: false }, String(3 * 1024 * 1024), []],
    ["the output is 1 MiB or less", { stderrIsTTY: true }, String(1024 * 1024), []],
    ["--no-progress", { stderrIsTTY: true }, String(3 * 1024 * 1024), ["--no-progress"]],
  ] as const)("is not drawn when %s", async (_when, io, size, flags) => {
    const result = await run(
      [
        "generate-random",
        "--source",
        "local",
        "--number-of-bytes",
        size,
        "--outfile",
        join(scratch(), "f"),
        ...flags,
      ],
      io,
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("--embedded", () => {
  it("reads through pool → KmsSource → the SDK → kms-local in this process, and closes it", async () => {
    const result = await run([
      "generate-random",
      "--number-of-bytes",
      "32",
      "--embedded",
      "--pool",
      "--show-path",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]{43}="\n\}\n$/);
    expect(result.stderr).toMatch(
      /^rngkit: 32 bytes: pool\(kms:us-east-1\) → kms:us-east-1 at http:\/\/127\.0\.0\.1:(\d+) \(@rngkit\/kms-local, embedded in this process\)\n$/,
    );
    const port = /127\.0\.0\.1:(\d+)/.exec(result.stderr)?.[1];
    await expect(fetch(`http://127.0.0.1:${port}/`, { method: "POST" })).rejects.toThrow();
  });

  it("serves --source nitro through a test attestation authority the embedded endpoint trusts", async () => {
    const result = await run([
      "generate-random",
      "--number-of-bytes",
      "3000",
      "--source",
      "nitro",
      "--embedded",
      "--pool",
      "--format",
      "hex",
      "--show-path",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f]{6000}$/);
    expect(result.stderr).toMatch(
      /^rngkit: 3000 bytes: pool\(nitro:us-east-1\) → nitro:us-east-1 at http:\/\/127\.0\.0\.1:\d+ /,
    );
  });

  it("serves --drbg: a DRBG seeded from KMS, pooled", async () => {
    const result = await run([
      "generate-random",
      "--number-of-bytes",
      "100000",
      "--embedded",
      "--drbg",
      "--pool",
      "--format",
      "base64",
      "--show-path",
    ]);
    expect(result.code).toBe(0);
    expect(Buffer.from(result.stdout, "base64").byteLength).toBe(100000);
    expect(result.stderr).toContain(
      "pool(ctr-drbg(kms:us-east-1)) → ctr-drbg(kms:us-east-1) → kms:us-east-1 at http://127.0.0.1:",
    );
  });

  it("serves --health-tests --mix-local: KMS's bytes health-tested, then mixed with node:crypto's", async () => {
    const result = await run([
      "generate-random",
      "--number-of-bytes",
      "4096",
      "--embedded",
      "--health-tests",
      "--mix-local",
      "--format",
      "hex",
      "--show-path",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f]{8192}$/);
    expect(result.stderr).toContain(
      "mix(health(kms:us-east-1),node-crypto) → health(kms:us-east-1) → kms:us-east-1 at http://127.0.0.1:",
    );
  });

  it.each([
    ["--mix-local", 'mixes a remote source with node:crypto, and source "local" is node:crypto already'],
    ["--worker-thread", 'only for source "kms" or "cloudhsm"'],
  ])("refuses %s with --source local, naming the flag", async (flag, message) => {
    const result = await run(["generate-random", "--number-of-bytes", "16", "--source", "local", flag]);
    expect(result.code).toBe(252);
    expect(result.stderr.split("\n")[0]).toBe(`rngkit: ${flag}: ${message}`);
    expect(result.stdout).toBe("");
  });

  it("declares the given custom key store there", async () => {
    const result = await run([
      "generate-random",
      "--number-of-bytes",
      "2000",
      "--embedded",
      "--custom-key-store-id",
      "cks-00000000000000abc",
      "--show-path",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("cloudhsm:cks-00000000000000abc at http://127.0.0.1:");
  });
});

describe("--debug", () => {
  it("says what happened with no random bytes and no secret in it", async () => {
    const result = await generate(["--number-of-bytes", "32", "--debug"]);
    expect(result.code).toBe(0);
    const plaintext = JSON.parse(result.stdout).Plaintext as string;
    expect(result.stderr).toContain("rngkit debug: GenerateRandom attempt 1: 32 bytes");
    expect(result.stderr).toContain(`access key ${"*".repeat(16)}${kms.credentials.accessKeyId.slice(-4)}`);
    for (const secret of [
      plaintext,
      Buffer.from(plaintext, "base64").toString("hex"),
      kms.credentials.secretAccessKey,
      kms.credentials.accessKeyId,
    ]) {
      expect(result.stderr).not.toContain(secret);
    }
  });
});

describe("the working directory", () => {
  it("resolves a relative --outfile against it", async () => {
    const directory = scratch();
    const result = await run(
      ["generate-random", "--source", "local", "--number-of-bytes", "8", "--outfile", "rel.bin"],
      {
        cwd: directory,
      },
    );
    expect(result.code).toBe(0);
    expect(existsSync(join(directory, "rel.bin"))).toBe(true);
    expect(firstLine(result.stderr)).toBe("");
  });
});
