/** boto3 (Debian's python3-boto3 for /usr/bin/python3) against kms-local, compared with the JS SDK. */
import type { KmsLocal } from "@rngkit/kms-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePeers, isolatedEnv, PYTHON, run } from "./peers.js";
import { STORES, sdkOutcome, startInteropServer } from "./server.js";

let server: KmsLocal;
const script = new URL("./boto3_generate_random.py", import.meta.url).pathname;

beforeAll(async () => {
  ensurePeers();
  server = await startInteropServer();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

async function boto3(
  input: Record<string, unknown>,
  options: { credentials?: { accessKeyId: string; secretAccessKey: string }; validate?: boolean } = {},
): Promise<Record<string, unknown>> {
  const credentials = options.credentials ?? server.credentials;
  const request = {
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    input,
    validate: options.validate ?? true,
  };
  const result = await run(PYTHON, [script, JSON.stringify(request)], isolatedEnv(credentials));
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("boto3 generate_random", () => {
  it("returns 32 random bytes", async () => {
    expect(await boto3({ NumberOfBytes: 32 })).toEqual({ bytes: 32, status: 200 });
  });

  it.each([
    ["1025", { NumberOfBytes: 1025 }, {}],
    ["missing", {}, {}],
    ["0 with validation off", { NumberOfBytes: 0 }, { validate: false }],
    ["an unknown store", { NumberOfBytes: 8, CustomKeyStoreId: STORES.unknown }, {}],
    ["a disconnected store", { NumberOfBytes: 8, CustomKeyStoreId: STORES.disconnected }, {}],
    ["an external key store", { NumberOfBytes: 8, CustomKeyStoreId: STORES.external }, {}],
  ])(
    "reports NumberOfBytes/CustomKeyStoreId case %s exactly as the JS SDK",
    async (_name, input, options) => {
      const python = await boto3(input, options);
      const sdk = await sdkOutcome(server, input);
      expect("code" in sdk).toBe(true);
      expect(python).toEqual({ ...sdk, status: 400 });
    },
  );

  it("checks the minimum itself when parameter validation is on", async () => {
    const before = server.counters.get("GenerateRandom").requests;
    const python = await boto3({ NumberOfBytes: 0 });
    expect(String(python.paramValidation)).toContain(
      "Invalid value for parameter NumberOfBytes, value: 0, valid min value: 1",
    );
    expect(server.counters.get("GenerateRandom").requests).toBe(before);
  });

  it.each([
    ["a wrong secret", "InvalidSignatureException"],
    ["an unknown access key", "UnrecognizedClientException"],
  ])("refuses %s as the JS SDK does", async (name, code) => {
    const credentials =
      name === "a wrong secret"
        ? { accessKeyId: server.credentials.accessKeyId, secretAccessKey: "wrong-secret" }
        : { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x" };
    const python = await boto3({ NumberOfBytes: 8 }, { credentials });
    const sdk = await sdkOutcome(server, { NumberOfBytes: 8 }, credentials);
    expect(sdk).toMatchObject({ code });
    expect(python).toEqual({ ...sdk, status: 400 });
  });
});
