/**
 * aws mode in-process against @rngkit/kms-local over HTTP with the real SDK: the request the aws CLI
 * would send, its output formats, its errors as the aws CLI prints them, and its exit codes.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestAttestationAuthority } from "@rngkit/attestation";
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at, kmsEnv, STORES, startTestKms } from "./kms-fixture.js";
import { isolatedEnv, run } from "./run-cli.js";

const authority = createTestAttestationAuthority();
let kms: KmsLocal;
beforeAll(async () => {
  kms = await startTestKms({ attestation: { trustedRoots: [authority.rootCertificate] } });
});
afterAll(() => kms.close());
beforeEach(() => {
  kms.faults.clear();
  kms.counters.reset();
});

const generate = (...args: string[]) => run(["generate-random", ...args, ...at(kms)], { env: kmsEnv(kms) });
const serviceError = (code: string, message: string) =>
  `\nAn error occurred (${code}) when calling the GenerateRandom operation: ${message}\n`;

describe("aws mode: output", () => {
  it("sends exactly one GenerateRandom of the asked size and prints JSON with a 4-space indent", async () => {
    const result = await generate("--number-of-bytes", "32");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]{43}="\n\}\n$/);
    const counters = kms.counters.get("GenerateRandom");
    expect(counters.requests).toBe(1);
    expect(counters.randomBytes).toBe(32);
  });

  it.each([
    [["--output", "text"], /^[A-Za-z0-9+/]{11}=\n$/],
    [["--output", "yaml"], /^Plaintext: [A-Za-z0-9+/]{11}=\n$/],
    [["--output", "yaml-stream"], /^- Plaintext: [A-Za-z0-9+/]{11}=\n$/],
    [["--query", "Plaintext"], /^"[A-Za-z0-9+/]{11}="\n$/],
    [["--query", "Plaintext", "--output", "text"], /^[A-Za-z0-9+/]{11}=\n$/],
    [["--query", "foo"], /^null\n$/],
    [["--query", "foo", "--output", "text"], /^None\n$/],
    [["--query", "length(Plaintext)"], /^12\n$/],
  ])("formats %j as the aws CLI does", async (flags, shape) => {
    const result = await generate("--number-of-bytes", "8", ...flags);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(shape);
  });

  it("draws the aws CLI's table", async () => {
    const result = await generate("--number-of-bytes", "8", "--output", "table");
    expect(result.stdout.replace(/[A-Za-z0-9+/]{11}=/, "X".repeat(12))).toBe(
      [
        "-------------------------------",
        "|       GenerateRandom        |",
        "+------------+----------------+",
        "|  Plaintext |  XXXXXXXXXXXX  |",
        "+------------+----------------+",
        "",
      ].join("\n"),
    );
  });

  it("takes the request from --cli-input-json, explicit flags winning", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "rngkit-input-")), "in.json");
    writeFileSync(file, '{"NumberOfBytes": 3}');
    const fromFile = await generate("--cli-input-json", `file://${file}`);
    expect(Buffer.from(JSON.parse(fromFile.stdout).Plaintext, "base64")).toHaveLength(3);
    const overridden = await generate("--cli-input-json", '{"NumberOfBytes": 4}', "--number-of-bytes", "6");
    expect(Buffer.from(JSON.parse(overridden.stdout).Plaintext, "base64")).toHaveLength(6);
    const yaml = await generate("--cli-input-yaml", "NumberOfBytes: 5");
    expect(Buffer.from(JSON.parse(yaml.stdout).Plaintext, "base64")).toHaveLength(5);
  });

  it("generates in a connected CloudHSM key store, sending its id", async () => {
    const result = await generate(
      "--number-of-bytes",
      "24",
      "--custom-key-store-id",
      STORES.connected,
      "--show-path",
    );
    expect(result.code).toBe(0);
    expect(Buffer.from(JSON.parse(result.stdout).Plaintext, "base64")).toHaveLength(24);
    expect(result.stderr).toBe(`rngkit: 24 bytes: cloudhsm:${STORES.connected} at ${kms.endpoint}\n`);
  });
});

describe("aws mode: errors as the aws CLI prints them", () => {
  it.each([
    [
      ["--number-of-bytes", "1025"],
      "ValidationException",
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ],
    [[], "ValidationException", "NumberOfBytes is required."],
    [
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.unknown],
      "CustomKeyStoreNotFoundException",
      undefined,
    ],
    [
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.disconnected],
      "CustomKeyStoreInvalidStateException",
      undefined,
    ],
    [
      ["--number-of-bytes", "8", "--custom-key-store-id", STORES.external],
      "UnsupportedOperationException",
      undefined,
    ],
    [["--number-of-bytes", "8", "--custom-key-store-id", "x".repeat(65)], "ValidationException", undefined],
  ])("%j: exit 254, the service's error", async (flags, code, message) => {
    const result = await generate(...flags);
    expect(result.code).toBe(254);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(`^\\nAn error occurred \\(${code}\\) when calling the GenerateRandom operation: .+\\n$`),
    );
    if (message !== undefined) expect(result.stderr).toBe(serviceError(code, message));
    expect(kms.counters.get("GenerateRandom").requests).toBe(1);
  });

  it("reports a wrong secret as the service does", async () => {
    const env = kmsEnv(kms, { AWS_SECRET_ACCESS_KEY: "wrong-secret" });
    const result = await run(["generate-random", "--number-of-bytes", "8", ...at(kms)], { env });
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      /^\nAn error occurred \(InvalidSignatureException\) when calling the GenerateRandom operation: /,
    );
    expect(result.stderr).not.toContain("wrong-secret");
  });

  it("retries a throttled call (rngkit's one retry layer) and succeeds", async () => {
    kms.faults.set("GenerateRandom", { sequence: ["ThrottlingException", "ok"] });
    const ok = await generate("--number-of-bytes", "8");
    expect(ok.code).toBe(0);
    expect(kms.counters.get("GenerateRandom").requests).toBe(2);
  });

  it("exits 253 without a region or credentials, 255 when the endpoint is unreachable", async () => {
    const noRegion = await run(
      ["generate-random", "--number-of-bytes", "8", "--endpoint-url", kms.endpoint],
      { env: kmsEnv(kms) },
    );
    expect(noRegion).toMatchObject({ code: 253, stdout: "" });
    expect(noRegion.stderr).toBe(
      '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
    );
    const noCredentials = await run(["generate-random", "--number-of-bytes", "8", ...at(kms)], {
      env: isolatedEnv(),
    });
    expect(noCredentials.code).toBe(253);
    expect(noCredentials.stderr).toBe(
      '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
    );
    const unreachable = await run(
      [
        "generate-random",
        "--number-of-bytes",
        "8",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--region",
        "us-east-1",
      ],
      { env: kmsEnv(kms) },
    );
    expect(unreachable.code).toBe(255);
    expect(unreachable.stderr).toBe('\nCould not connect to the endpoint URL: "http://127.0.0.1:9/"\n');
  });
});

describe("aws mode: settings from the shared files", () => {
  it("reads a profile's region and credentials through the SDK's providers", async () => {
    const env = isolatedEnv();
    writeFileSync(env.AWS_CONFIG_FILE as string, `[default]\n[profile cli]\nregion = ${kms.region}\n`);
    writeFileSync(
      env.AWS_SHARED_CREDENTIALS_FILE as string,
      `[cli]\naws_access_key_id = ${kms.credentials.accessKeyId}\naws_secret_access_key = ${kms.credentials.secretAccessKey}\n`,
    );
    const flag = await run(
      ["generate-random", "--number-of-bytes", "8", "--endpoint-url", kms.endpoint, "--profile", "cli"],
      { env },
    );
    expect(flag.code).toBe(0);
    const variable = await run(
      ["generate-random", "--number-of-bytes", "8", "--endpoint-url", kms.endpoint],
      {
        env: { ...env, AWS_PROFILE: "cli" },
      },
    );
    expect(variable.code).toBe(0);
  });

  it("prefers --profile over environment credentials, as botocore does", async () => {
    const env = kmsEnv(kms, { AWS_SECRET_ACCESS_KEY: "not-the-secret" });
    writeFileSync(
      env.AWS_SHARED_CREDENTIALS_FILE as string,
      `[good]\naws_access_key_id = ${kms.credentials.accessKeyId}\naws_secret_access_key = ${kms.credentials.secretAccessKey}\n`,
    );
    const result = await run(["generate-random", "--number-of-bytes", "8", ...at(kms), "--profile", "good"], {
      env,
    });
    expect(result.code).toBe(0);
  });
});

describe("aws mode: --recipient (Nitro Enclaves)", () => {
  const enclave = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const document = authority.attest({ publicKey: enclave.publicKey });

  it.each([
    [
      "shorthand with a fileb:// document",
      () => {
        const file = join(mkdtempSync(join(tmpdir(), "rngkit-doc-")), "doc.cbor");
        writeFileSync(file, document);
        return `KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument@=fileb://${file}`;
      },
    ],
    [
      "shorthand with base64",
      () =>
        `KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=${Buffer.from(document).toString("base64")}`,
    ],
    [
      "JSON",
      () =>
        JSON.stringify({
          KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
          AttestationDocument: Buffer.from(document).toString("base64"),
        }),
    ],
  ])("sends it given as %s and prints CiphertextForRecipient, no Plaintext", async (_how, recipient) => {
    const result = await generate("--number-of-bytes", "32", "--recipient", recipient());
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(output)).toEqual(["CiphertextForRecipient"]);
    expect(Buffer.from(output.CiphertextForRecipient as string, "base64")[0]).toBe(0x30);
  });

  it("refuses a document that is not base64 before sending anything", async () => {
    const result = await generate(
      "--number-of-bytes",
      "32",
      "--recipient",
      "KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=not*base64!",
    );
    expect(result.code).toBe(252);
    expect(result.stderr.split("\n")[0]).toBe('rngkit: --recipient: Invalid base64: "not*base64!"');
    expect(kms.counters.get("GenerateRandom").requests).toBe(0);
  });
});
