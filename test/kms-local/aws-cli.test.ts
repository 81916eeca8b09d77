/**
 * The real AWS CLI v2 (Debian's awscli, /usr/bin/aws) against kms-local: exit codes and messages as the CLI
 * prints them, compared with what the JS SDK reports for the same request.
 */
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI, configWithoutValidation, ensurePeers, isolatedEnv, run } from "./peers.js";
import { STORES, sdkOutcome, startInteropServer } from "./server.js";

let server: KmsLocal;

beforeAll(async () => {
  ensurePeers();
  server = await startInteropServer();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

function aws(args: readonly string[], env = isolatedEnv(server.credentials)) {
  return run(AWS_CLI, ["kms", ...args, "--endpoint-url", server.endpoint, "--region", server.region], env);
}

/** The CLI's stderr for a service error (aws-cli 2: an empty line, then the error line). */
function serviceError(code: string, message: string, operation = "GenerateRandom"): string {
  return `\nAn error occurred (${code}) when calling the ${operation} operation: ${message}\n`;
}

describe("aws kms generate-random (AWS CLI v2)", () => {
  it("prints 32 random bytes as base64 JSON with a 4-space indent", async () => {
    const result = await aws(["generate-random", "--number-of-bytes", "32", "--output", "json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\{\n {4}"Plaintext": "[A-Za-z0-9+/]{43}="\n\}\n$/);
    expect(Buffer.from(JSON.parse(result.stdout).Plaintext, "base64").length).toBe(32);
    const text = await aws(["generate-random", "--number-of-bytes", "16", "--output", "text"]);
    expect(text.code).toBe(0);
    expect(Buffer.from(text.stdout.trim(), "base64").length).toBe(16);
  });

  it.each([
    ["1025", { NumberOfBytes: 1025 }],
    ["missing", {}],
  ])(
    "exits 254 with the server's ValidationException for NumberOfBytes %s, as the SDK sees it",
    async (size, input) => {
      const args = size === "missing" ? ["generate-random"] : ["generate-random", "--number-of-bytes", size];
      const result = await aws(args);
      const sdk = await sdkOutcome(server, input);
      expect("code" in sdk && sdk.code).toBe("ValidationException");
      if (!("code" in sdk)) return;
      expect(result.code).toBe(254);
      expect(result.stderr).toBe(serviceError(sdk.code, sdk.message));
    },
  );

  it("checks the minimum itself (exit 252, nothing sent), unless parameter validation is off", async () => {
    const before = server.counters.get("GenerateRandom").requests;
    const local = await aws(["generate-random", "--number-of-bytes", "0"]);
    expect(local.code).toBe(252);
    expect(local.stderr).toContain("Invalid value for parameter NumberOfBytes, value: 0, valid min value: 1");
    expect(server.counters.get("GenerateRandom").requests).toBe(before);
    const sent = await aws(
      ["generate-random", "--number-of-bytes", "0"],
      configWithoutValidation(isolatedEnv(server.credentials)),
    );
    expect(sent.code).toBe(254);
    expect(sent.stderr).toBe(
      serviceError(
        "ValidationException",
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    );
  });

  it("exits 255 for a NumberOfBytes that is not an integer", async () => {
    expect((await aws(["generate-random", "--number-of-bytes", "abc"])).code).toBe(255);
  });

  it.each([
    ["an unknown store", STORES.unknown, "CustomKeyStoreNotFoundException"],
    ["a disconnected store", STORES.disconnected, "CustomKeyStoreInvalidStateException"],
    ["an external key store", STORES.external, "UnsupportedOperationException"],
  ])("reports %s as the SDK does", async (_name, storeId, code) => {
    const result = await aws(["generate-random", "--number-of-bytes", "8", "--custom-key-store-id", storeId]);
    const sdk = await sdkOutcome(server, { NumberOfBytes: 8, CustomKeyStoreId: storeId });
    expect(sdk).toMatchObject({ code });
    if (!("code" in sdk)) return;
    expect(result.code).toBe(254);
    expect(result.stderr).toBe(serviceError(code, sdk.message));
  });

  it("serves a connected custom key store", async () => {
    const result = await aws([
      "generate-random",
      "--number-of-bytes",
      "24",
      "--custom-key-store-id",
      STORES.connected,
      "--output",
      "json",
    ]);
    expect(result.code).toBe(0);
    expect(Buffer.from(JSON.parse(result.stdout).Plaintext, "base64").length).toBe(24);
  });

  it.each([
    [
      "a wrong secret",
      (id: string) => ({ accessKeyId: id, secretAccessKey: "wrong-secret" }),
      "InvalidSignatureException",
    ],
    [
      "an unknown access key",
      () => ({ accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" }),
      "UnrecognizedClientException",
    ],
  ])("refuses %s with the SDK's error", async (_name, makeCredentials, code) => {
    const credentials = makeCredentials(server.credentials.accessKeyId);
    const result = await aws(["generate-random", "--number-of-bytes", "8"], isolatedEnv(credentials));
    const sdk = await sdkOutcome(server, { NumberOfBytes: 8 }, credentials);
    expect(sdk).toMatchObject({ code });
    if (!("code" in sdk)) return;
    expect(result.code).toBe(254);
    expect(result.stderr).toBe(serviceError(code, sdk.message));
  });

  it("lists custom key stores with describe-custom-key-stores", async () => {
    const result = await aws([
      "describe-custom-key-stores",
      "--custom-key-store-id",
      STORES.connected,
      "--output",
      "json",
    ]);
    expect(result.code).toBe(0);
    const stores = JSON.parse(result.stdout).CustomKeyStores;
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({
      CustomKeyStoreId: STORES.connected,
      ConnectionState: "CONNECTED",
      CustomKeyStoreType: "AWS_CLOUDHSM",
    });
  });
});
