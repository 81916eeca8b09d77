/**
 * The `rngkit` command given hostile flags and a hostile service, in-process (runCli) against kms-local:
 * the exact exit code and stderr, nothing on stdout, and no --outfile left behind or half-written (the
 * scratch directory lists exactly what it did before, and keep.bin still holds what it held).
 */
import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "@rngkit/cli";
import type { FaultSpec } from "@rngkit/kms-local";
import { expect } from "vitest";
import { TAMPER } from "../support/hostile-documents.js";
import { AUTHORITY } from "../support/kms-local.js";
import { type Environment, type HostileCase, KEEP } from "./environment.js";

const HINT = 'Run "rngkit generate-random --help" for its options.\n';
const usage = (flag: string, problem: string) => `rngkit: ${flag}: ${problem}\n${HINT}`;
const service = (code: string, message: string) =>
  `\nAn error occurred (${code}) when calling the GenerateRandom operation: ${message}\n`;

interface CliExpectation {
  readonly code: number;
  readonly stderr: string | ((environment: Environment) => string);
}

function cliCase(
  name: string,
  args: (environment: Environment) => string[],
  expected: CliExpectation,
  fault?: FaultSpec,
): HostileCase {
  return {
    area: "cli",
    name,
    async run(environment) {
      const { server, directory, cliEnv } = environment;
      const listing = readdirSync(directory).sort();
      if (fault !== undefined) server.faults.set("GenerateRandom", fault);
      let stdout = "";
      let stderr = "";
      let code: number;
      try {
        code = await runCli(
          [
            "generate-random",
            ...args(environment),
            "--endpoint-url",
            server.endpoint,
            "--region",
            "us-east-1",
          ],
          {
            env: cliEnv,
            cwd: directory,
            stdout: (chunk) => {
              stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("hex");
            },
            stderr: (text) => {
              stderr += text;
            },
          },
        );
      } finally {
        server.faults.clear();
      }
      expect({ code, stdout, stderr }).toEqual({
        code: expected.code,
        stdout: "",
        stderr: typeof expected.stderr === "string" ? expected.stderr : expected.stderr(environment),
      });
      expect(readdirSync(directory).sort(), "files left in the output directory").toEqual(listing);
      expect(readFileSync(join(directory, "keep.bin"), "utf8")).toBe(KEEP);
    },
  };
}

const KEEP_FILE = ({ directory }: Environment) => join(directory, "keep.bin");
const THROTTLED = "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.";
// The document is refused before its key is used, so any RSA-2048 key does.
const ENCLAVE = generateKeyPairSync("rsa", { modulusLength: 2048 });
const brokenChainDocument = () => TAMPER.brokenChain(AUTHORITY.attest({ publicKey: ENCLAVE.publicKey }));

export const CLI_CASES: readonly HostileCase[] = [
  cliCase(
    "--outfile in a directory that does not exist",
    ({ directory }) => ["--number-of-bytes", "64", "--outfile", join(directory, "missing", "x.bin")],
    {
      code: 252,
      stderr: ({ directory }) =>
        usage(
          "--outfile",
          `cannot write ${join(directory, "missing", "x.bin")}: directory ${join(directory, "missing")} does not exist`,
        ),
    },
  ),
  cliCase(
    "--outfile naming a directory",
    ({ directory }) => ["--number-of-bytes", "64", "--outfile", join(directory, "a-directory")],
    {
      code: 252,
      stderr: ({ directory }) =>
        usage("--outfile", `cannot write ${join(directory, "a-directory")}: it is a directory`),
    },
  ),
  cliCase(
    "AccessDenied after 10 of 64 calls into an existing --outfile",
    (environment) => ["--number-of-bytes", String(64 * 1024), "--outfile", KEEP_FILE(environment)],
    { code: 254, stderr: service("AccessDeniedException", "Injected AccessDeniedException") },
    { sequence: [...Array<string>(10).fill("ok"), "AccessDeniedException"] },
  ),
  cliCase(
    "throttled for good after 10 of 64 calls into an existing --outfile",
    (environment) => ["--number-of-bytes", String(64 * 1024), "--outfile", KEEP_FILE(environment)],
    { code: 254, stderr: service("ThrottlingException", THROTTLED) },
    { sequence: Array<string>(10).fill("ok"), error: { type: "ThrottlingException" } },
  ),
  cliCase(
    "KMSInternalException half-way through --format hex (nothing printed)",
    () => ["--number-of-bytes", String(16 * 1024), "--format", "hex"],
    {
      code: 254,
      stderr: service(
        "KMSInternalException",
        "The request was rejected because an internal exception occurred. The request can be retried.",
      ),
    },
    { sequence: Array<string>(5).fill("ok"), error: { type: "KMSInternalException" } },
  ),
  cliCase(
    "every connection reset",
    () => ["--number-of-bytes", "32"],
    { code: 255, stderr: ({ server }) => `\nCould not connect to the endpoint URL: "${server.endpoint}/"\n` },
    { reset: {} },
  ),
  cliCase("--number-of-bytes 1e30", () => ["--number-of-bytes", "1e30"], {
    code: 255,
    stderr: usage("--number-of-bytes", 'expected an integer, got "1e30"'),
  }),
  cliCase("--number-of-bytes 0x10", () => ["--number-of-bytes", "0x10"], {
    code: 255,
    stderr: usage("--number-of-bytes", 'expected an integer, got "0x10"'),
  }),
  cliCase(
    "--number-of-bytes 10^20 from a source",
    () => ["--number-of-bytes", "99999999999999999999", "--source", "kms"],
    {
      code: 252,
      stderr: usage("--number-of-bytes", "must be at most 9007199254740991, got 100000000000000000000"),
    },
  ),
  cliCase(
    "--number-of-bytes 10^20 sent as the aws CLI sends it",
    () => ["--number-of-bytes", "99999999999999999999"],
    {
      code: 254,
      stderr: service("SerializationException", "Numeric value (100000000000000000000) out of range of int"),
    },
  ),
  cliCase("--cli-input-json of 100,000 open brackets", () => ["--cli-input-json", "[".repeat(100_000)], {
    code: 252,
    stderr: usage("--cli-input-json", "Invalid JSON received."),
  }),
  cliCase(
    "--cli-input-json with a 2 MB unknown member",
    () => ["--cli-input-json", JSON.stringify({ NumberOfBytes: 8, Junk: "x".repeat(2_000_000) })],
    {
      code: 252,
      stderr: usage(
        "--cli-input-json",
        'Unknown parameter in input: "Junk", must be one of: NumberOfBytes, CustomKeyStoreId, Recipient',
      ),
    },
  ),
  cliCase(
    "--recipient with a broken-chain attestation document",
    () => [
      "--number-of-bytes",
      "8",
      "--recipient",
      `KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=${brokenChainDocument().toString("base64")}`,
    ],
    {
      code: 254,
      stderr: service(
        "ValidationException",
        "The attestation document is not valid (certificate-chain): the leaf certificate is not issued by the next certificate of the chain",
      ),
    },
  ),
  cliCase(
    "an unknown --custom-key-store-id into --outfile",
    ({ directory }) => [
      "--number-of-bytes",
      "8",
      "--custom-key-store-id",
      "cks-fffffffffffffffff",
      "--outfile",
      join(directory, "store.bin"),
    ],
    {
      code: 254,
      stderr: service(
        "CustomKeyStoreNotFoundException",
        "Custom key store cks-fffffffffffffffff does not exist in this account and Region.",
      ),
    },
  ),
];
