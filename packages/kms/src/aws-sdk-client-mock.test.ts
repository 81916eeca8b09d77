/**
 * How our users test their own code that uses KmsSource: with aws-sdk-client-mock on their own client.
 * This file is the one sanctioned place in rngkit where `send` is stubbed; everything else talks HTTP to
 * @rngkit/kms-local.
 */
import { randomBytes } from "node:crypto";
import { GenerateRandomCommand, KMSClient, KMSServiceException } from "@aws-sdk/client-kms";
import { RandomSourceError } from "@rngkit/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { KmsSource } from "./kms-source.js";

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

describe("KmsSource over a client mocked with aws-sdk-client-mock", () => {
  it("asks for 1024-byte chunks and returns exactly the bytes KMS gave", async () => {
    kms.on(GenerateRandomCommand).callsFake((input: { NumberOfBytes: number }) => ({
      Plaintext: randomBytes(input.NumberOfBytes),
    }));
    const source = new KmsSource({ client: new KMSClient({ region: "eu-west-1" }), name: "kms:mocked" });
    expect((await source.bytes(2500)).byteLength).toBe(2500);
    expect(kms.commandCalls(GenerateRandomCommand).map((call) => call.args[0].input.NumberOfBytes)).toEqual([
      1024, 1024, 452,
    ]);
  });

  it("fails closed when the mocked answer has the wrong length", async () => {
    kms.on(GenerateRandomCommand).resolves({ Plaintext: new Uint8Array(31) });
    const source = new KmsSource({ client: new KMSClient({ region: "eu-west-1" }) });
    const error = await source.bytes(32).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "InvalidResponse")).toBe(true);
  });

  it("retries a mocked throttle with rngkit's policy, then succeeds", async () => {
    const throttle = new KMSServiceException({
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
      message: "Rate exceeded",
    });
    kms
      .on(GenerateRandomCommand)
      .rejectsOnce(throttle)
      .resolves({ Plaintext: randomBytes(16) });
    const source = new KmsSource({
      client: new KMSClient({ region: "eu-west-1" }),
      retry: { minDelayMs: 1, maxDelayMs: 2 },
    });
    expect((await source.bytes(16)).byteLength).toBe(16);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(2);
  });
});
