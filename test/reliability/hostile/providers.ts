/**
 * The sources given bad arguments and bad options: a RandomSourceError with the exact reason and
 * message, nothing sent to kms-local (its request counter does not move), a view left zero-filled.
 */
import { RandomSourceError, type RandomSourceErrorReason } from "@rngkit/core";
import { DrbgSource } from "@rngkit/drbg";
import { CloudHsmKeyStoreSource, KmsSource } from "@rngkit/kms";
import { NodeCryptoSource } from "@rngkit/local";
import { NitroRecipientSource } from "@rngkit/nitro";
import { PoolSource } from "@rngkit/pool";
import { expect } from "vitest";
import { ATTESTATION, clientConfigFor } from "../support/kms-local.js";
import type { Environment, HostileCase } from "./environment.js";

const SIZE_RANGE = "It must be an integer >= 0 && <= 2147483647.";

type Action = (environment: Environment, kms: KmsSource) => unknown;

function refused(
  name: string,
  action: Action,
  reason: RandomSourceErrorReason,
  message: string,
  options: { sent?: number } = {},
): HostileCase {
  return {
    area: "provider",
    name,
    async run(environment) {
      const { server } = environment;
      const kms = new KmsSource({ clientConfig: clientConfigFor(server) });
      const before = server.counters.get("GenerateRandom").requests;
      let error: unknown;
      try {
        await action(environment, kms);
      } catch (caught) {
        error = caught;
      } finally {
        await kms.close();
      }
      expect(RandomSourceError.is(error), String(error)).toBe(true);
      expect({
        reason: (error as RandomSourceError).reason,
        message: (error as RandomSourceError).message,
      }).toEqual({
        reason,
        message,
      });
      const sent = server.counters.get("GenerateRandom").requests - before;
      expect(sent, "requests sent to kms-local").toBe(options.sent ?? 0);
    },
  };
}

/** A fill into a sentinel view that must fail and leave the view all zeros. */
function failedFill(
  source: { fill(view: Uint8Array, options?: { signal?: AbortSignal }): Promise<unknown> },
  signal?: AbortSignal,
) {
  const view = new Uint8Array(64).fill(0x5a);
  return source.fill(view, signal === undefined ? {} : { signal }).finally(() => {
    expect(
      view.every((byte) => byte === 0),
      "view zero-filled",
    ).toBe(true);
  });
}

export const PROVIDER_CASES: readonly HostileCase[] = [
  refused(
    "KmsSource.bytes(-1)",
    (_, kms) => kms.bytes(-1),
    "InvalidArgument",
    `kms:us-east-1: The value of "size" is out of range. ${SIZE_RANGE} Received -1`,
  ),
  refused(
    "KmsSource.bytes(1.5)",
    (_, kms) => kms.bytes(1.5),
    "InvalidArgument",
    `kms:us-east-1: The value of "size" is out of range. ${SIZE_RANGE} Received 1.5`,
  ),
  refused(
    "KmsSource.bytes(2 ** 31)",
    (_, kms) => kms.bytes(2 ** 31),
    "InvalidArgument",
    `kms:us-east-1: The value of "size" is out of range. ${SIZE_RANGE} Received 2147483648`,
  ),
  refused(
    "KmsSource.bytes('8')",
    (_, kms) => kms.bytes("8" as never),
    "InvalidArgument",
    `kms:us-east-1: The "size" argument must be of type number. Received type string ('8')`,
  ),
  refused(
    "KmsSource.fill('x')",
    (_, kms) => kms.fill("x" as never),
    "InvalidArgument",
    `kms:us-east-1: The "target" argument must be an instance of ArrayBufferView. Received type string ('x')`,
  ),
  refused(
    "KmsSource.fill with an aborted signal",
    (_, kms) => failedFill(kms, AbortSignal.abort()),
    "Aborted",
    "kms:us-east-1: the operation was aborted",
  ),
  refused(
    "KmsSource({ concurrency: 0 })",
    () => new KmsSource({ concurrency: 0 }),
    "InvalidArgument",
    "kms: concurrency must be a positive integer, got 0",
  ),
  refused(
    "KmsSource({ timeoutMs: -5 })",
    () => new KmsSource({ timeoutMs: -5 }),
    "InvalidArgument",
    "kms: timeoutMs must be a positive integer, got -5",
  ),
  refused(
    "KmsSource({ retry: { maxAttempts: 0 } })",
    () => new KmsSource({ retry: { maxAttempts: 0 } }),
    "InvalidArgument",
    "kms: retry.maxAttempts must be an integer >= 1, got 0",
  ),
  refused(
    "KmsSource({ retry: max < min delay })",
    () => new KmsSource({ retry: { minDelayMs: 10, maxDelayMs: 5 } }),
    "InvalidArgument",
    "kms: retry.maxDelayMs (5) must be >= retry.minDelayMs (10)",
  ),
  refused(
    "KmsSource({ clientConfig: { maxAttempts } })",
    () => new KmsSource({ clientConfig: { maxAttempts: 3 } as never }),
    "InvalidArgument",
    "kms: clientConfig.maxAttempts is not accepted: rngkit's retry option is the one retry layer (or pass your own client)",
  ),
  refused(
    "CloudHsmKeyStoreSource({ customKeyStoreId: '' })",
    () => new CloudHsmKeyStoreSource({ customKeyStoreId: "" }),
    "InvalidArgument",
    "cloudhsm: customKeyStoreId must be a string of 1 to 64 characters, got 0 characters",
  ),
  refused(
    "CloudHsmKeyStoreSource(65-character id)",
    () => new CloudHsmKeyStoreSource({ customKeyStoreId: "x".repeat(65) }),
    "InvalidArgument",
    "cloudhsm: customKeyStoreId must be a string of 1 to 64 characters, got 65 characters",
  ),
  refused(
    "CloudHsmKeyStoreSource on a store kms-local does not have",
    async ({ server }) => {
      await using hsm = new CloudHsmKeyStoreSource({
        clientConfig: clientConfigFor(server),
        customKeyStoreId: "cks-fffffffffffffffff",
      });
      await failedFill(hsm);
    },
    "KeyStoreNotFound",
    "cloudhsm:cks-fffffffffffffffff: GenerateRandom failed: CustomKeyStoreNotFoundException: Custom key store cks-fffffffffffffffff does not exist in this account and Region.",
    { sent: 1 },
  ),
  refused(
    "NitroRecipientSource without an attestation provider",
    () => new NitroRecipientSource({} as never),
    "InvalidArgument",
    "nitro: attestation must be an AttestationProvider (e.g. new NsmAttestationProvider())",
  ),
  refused(
    "NitroRecipientSource({ keyPair: { maxBytes: 10 } })",
    () => new NitroRecipientSource({ attestation: ATTESTATION, keyPair: { maxBytes: 10 } }),
    "InvalidArgument",
    "nitro: keyPair.maxBytes must be an integer >= 1024, got 10",
  ),
  refused(
    "NitroRecipientSource(userData of 513 bytes)",
    () => new NitroRecipientSource({ attestation: ATTESTATION, userData: new Uint8Array(513) }),
    "InvalidArgument",
    "nitro: userData must be a Uint8Array of at most 512 bytes",
  ),
  refused(
    "NitroRecipientSource({ documentTtlMs: 10 })",
    () => new NitroRecipientSource({ attestation: ATTESTATION, documentTtlMs: 10 }),
    "InvalidArgument",
    "nitro: documentTtlMs must be an integer >= 1000, got 10",
  ),
  refused(
    "PoolSource({ chunkSize: 2000 }) over KMS",
    (_, kms) => new PoolSource(kms, { chunkSize: 2000, ownsUpstream: false }),
    "InvalidArgument",
    `pool(kms:us-east-1): The value of "options.chunkSize" is out of range. It must be an integer >= 1 && <= 1024 (the upstream's maxBytesPerCall). Received 2000`,
  ),
  refused(
    "PoolSource({ capacity: 100 })",
    (_, kms) => new PoolSource(kms, { capacity: 100, ownsUpstream: false }),
    "InvalidArgument",
    `pool(kms:us-east-1): The value of "options.capacity" is out of range. It must be an integer >= chunkSize (1024) && <= 1073741824. Received 100`,
  ),
  refused(
    "PoolSource('not a source')",
    () => new PoolSource("x" as never),
    "InvalidArgument",
    `pool: The "upstream" argument must be an instance of RandomSource. Received type string ('x')`,
  ),
  refused(
    "PoolSource({ maxInFlight: 0 })",
    (_, kms) => new PoolSource(kms, { maxInFlight: 0, ownsUpstream: false }),
    "InvalidArgument",
    `pool(kms:us-east-1): The value of "options.maxInFlight" is out of range. It must be an integer >= 1 && <= 1024. Received 0`,
  ),
  refused(
    "PoolSource.fillSync larger than it refills to",
    ({ pool }) => {
      const before = pool.stats();
      try {
        pool.fillSync(new Uint8Array(100_000));
      } finally {
        expect(pool.stats().servedBytes, "pool bytes consumed").toBe(before.servedBytes);
      }
    },
    "Exhausted",
    "pool(kms:us-east-1): fillSync of 100000 bytes is larger than the pool refills to (highWater 16384); await ready() first, use fill() or bytes(), or compose a syncFallback",
  ),
  refused(
    "a closed PoolSource",
    async () => {
      const closed = new PoolSource(new NodeCryptoSource());
      await closed.close();
      await failedFill(closed);
    },
    "Closed",
    "pool(node-crypto): the source is closed",
  ),
  refused(
    "DrbgSource({ mechanism: 'md5' })",
    () => new DrbgSource(new NodeCryptoSource(), { mechanism: "md5" as never }),
    "InvalidArgument",
    `drbg: mechanism must be "ctr-drbg" or "hmac-drbg", got md5`,
  ),
  refused(
    "DrbgSource({ readAheadBytes: 1e6 })",
    () => new DrbgSource(new NodeCryptoSource(), { readAheadBytes: 1e6 }),
    "InvalidArgument",
    "ctr-drbg(node-crypto): readAheadBytes must be an integer from 0 to 65536, got 1000000",
  ),
];
