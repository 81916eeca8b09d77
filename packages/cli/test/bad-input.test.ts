/**
 * Bad input: every invalid flag or value gives an error whose first line names it, a non-zero exit
 * code (the aws CLI's, where it has one), nothing on stdout, nothing sent to KMS, and no --outfile.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at, kmsEnv, startTestKms } from "./kms-fixture.js";
import { firstLine, run } from "./run-cli.js";

let kms: KmsLocal;
const directory = mkdtempSync(join(tmpdir(), "rngkit-bad-"));
const outfile = join(directory, "out.bin");
writeFileSync(join(directory, "bad.json"), "{nope");
beforeAll(async () => {
  kms = await startTestKms();
});
afterAll(() => kms.close());
beforeEach(() => kms.counters.reset());

/** [flags, exit code, what the first line must contain]. */
const CASES: readonly (readonly [readonly string[], number, string])[] = [
  [["--number-of-bytes", "abc"], 255, "--number-of-bytes"],
  [["--number-of-bytes", "1.5"], 255, "--number-of-bytes"],
  [["--number-of-bytes", ""], 255, "--number-of-bytes"],
  [["--number-of-bytes", "0"], 252, "--number-of-bytes"],
  [["--number-of-bytes", "-3"], 252, "--number-of-bytes"],
  [["--number-of-bytes"], 252, "--number-of-bytes"],
  [["--number-of-bytes", "--pool"], 252, "--number-of-bytes"],
  [["--bogus"], 252, "--bogus"],
  [["extra"], 252, "extra"],
  [["--output", "xml"], 252, "--output"],
  [["--output", "json", "--format", "hex"], 252, "--output"],
  [["--query", "Plaintext", "--outfile", outfile], 252, "--query"],
  [["--query", "[["], 252, "--query"],
  [["--format", "octal"], 252, "--format"],
  [["--source", "hsm"], 252, "--source"],
  [["--source", "local", "--region", "us-east-1"], 252, "--region"],
  [["--source", "local", "--custom-key-store-id", "cks-0123456789abcdef0"], 252, "--custom-key-store-id"],
  [["--source", "kms", "--custom-key-store-id", "cks-0123456789abcdef0"], 252, "--custom-key-store-id"],
  [["--source", "cloudhsm", "--custom-key-store-id", "x".repeat(65)], 252, "--custom-key-store-id"],
  [["--custom-key-store-id", ""], 252, "--custom-key-store-id"],
  [["--region", "EU West"], 255, "--region"],
  [["--endpoint-url", "notaurl"], 252, "--endpoint-url"],
  [["--endpoint-url", "ftp://127.0.0.1"], 252, "--endpoint-url"],
  [["--profile", "nope"], 255, "--profile"],
  [["--cli-input-json", "{nope"], 252, "--cli-input-json"],
  [["--cli-input-json", "[1]"], 252, "--cli-input-json"],
  [["--cli-input-json", `file://${join(directory, "missing.json")}`], 252, "--cli-input-json"],
  [["--cli-input-json", `file://${join(directory, "bad.json")}`], 252, "--cli-input-json"],
  [["--cli-input-json", '{"NumberOfBytes": "4"}'], 252, "--cli-input-json"],
  [["--cli-input-json", '{"NumberOfBytes": 4, "Foo": 1}'], 252, "--cli-input-json"],
  [["--cli-input-json", "{}", "--cli-input-yaml", "NumberOfBytes: 4"], 252, "--cli-input-yaml"],
  [["--generate-cli-skeleton", "bogus"], 252, "--generate-cli-skeleton"],
  [["--cli-binary-format", "hex"], 252, "--cli-binary-format"],
  [["--color", "sometimes"], 252, "--color"],
  [["--cli-read-timeout", "soon"], 252, "--cli-read-timeout"],
  [["--cli-connect-timeout", "-1"], 252, "--cli-connect-timeout"],
  [["--ca-bundle", join(directory, "missing.pem")], 252, "--ca-bundle"],
  [["--recipient", "KeyEncryptionAlgorithm"], 252, "--recipient"],
  [["--recipient", "{not json"], 252, "--recipient"],
  [["--recipient", "KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=@@"], 252, "--recipient"],
  [["--recipient", "Foo=1"], 252, "--recipient"],
  [["--recipient", `AttestationDocument@=fileb://${join(directory, "missing.cbor")}`], 252, "--recipient"],
  [["--embedded", "--profile", "x"], 252, "--embedded"],
  [["--embedded", "--source", "local"], 252, "--embedded"],
];

describe("bad input", () => {
  it("has at least 25 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)("%j: exit %i, first line names %s, nothing sent or written", async (flags, code, flag) => {
    const given = (flag: string) => flags.includes(flag);
    const argv = [
      "generate-random",
      ...(given("--number-of-bytes") || given("--cli-input-json") ? [] : ["--number-of-bytes", "8"]),
      ...flags,
      ...(given("--endpoint-url") || given("--embedded") ? [] : ["--endpoint-url", kms.endpoint]),
      ...(given("--region") ? [] : ["--region", kms.region]),
    ];
    // The aws-compatible flags are also tried with an extension's --outfile, which must stay unwritten.
    const aws = given("--recipient") || given("--query") || given("--output") || given("--cli-input-json");
    const result = await run(aws || given("--outfile") ? argv : [...argv, "--outfile", outfile], {
      env: kmsEnv(kms),
    });
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(firstLine(result.stderr)).toMatch(/^rngkit: /);
    expect(firstLine(result.stderr)).toContain(flag);
    expect(kms.counters.get("GenerateRandom").requests).toBe(0);
    expect(existsSync(outfile)).toBe(false);
    expect(readdirSync(directory).sort()).toEqual(["bad.json"]);
  });

  it.each([
    [["--outfile", join(directory, "no-such-dir", "x.bin")], "--outfile"],
    [["--outfile", directory], "--outfile"],
    [["--outfile", ""], "--outfile"],
  ])("refuses %j before sending anything", async (flags, flag) => {
    const result = await run(["generate-random", "--number-of-bytes", "8", ...flags, ...at(kms)], {
      env: kmsEnv(kms),
    });
    expect(result.code).toBe(252);
    expect(firstLine(result.stderr)).toMatch(new RegExp(`^rngkit: ${flag}: `));
    expect(kms.counters.get("GenerateRandom").requests).toBe(0);
  });
});
