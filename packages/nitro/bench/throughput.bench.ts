/**
 * What a Nitro recipient call costs beside a plain KmsSource call, in the same run: calls/s and bytes/s of
 * 1024-byte requests against kms-local (its own process, no injected latency, so CPU is what is measured),
 * at 1 and 8 calls in flight; NitroRecipientSource with and without mixing; the pooled throughput
 * (PoolSource over NitroRecipientSource); and, to show where the time goes, the decryption alone and the
 * bare RSA-OAEP private-key operation. kms-local also pays per call (it verifies the attestation document and
 * encrypts to the recipient), and on a small machine both processes share the cores.
 * Run: pnpm turbo run build --filter=@rngkit/nitro... && pnpm --filter @rngkit/nitro bench   (--quick: short)
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { buildRecipientEnvelope } from "@rngkit/attestation";
import type { RandomSource } from "@rngkit/core";
import { KmsSource } from "@rngkit/kms";
import { decryptCiphertextForRecipient, NitroRecipientSource, TestAttestationProvider } from "@rngkit/nitro";
import { PoolSource } from "@rngkit/pool";
import { callsDuring } from "@rngkit/testing";
import { startKmsLocalProcess } from "../../kms/bench/kms-local-process.js";

export const title = "NitroRecipientSource vs KmsSource, 1024-byte calls on kms-local (no injected latency)";

interface Row {
  readonly case: string;
  readonly inFlight: number;
  readonly callsPerSecond: number;
  readonly kibPerSecond: number;
  readonly ratioToKms: number | string;
  readonly benchCpuMsPerCall: number;
}

function timeSync(ms: number, work: () => void): number {
  const started = performance.now();
  let calls = 0;
  while (performance.now() - started < ms) {
    work();
    calls++;
  }
  return calls / ((performance.now() - started) / 1000);
}

export async function run(quick = false) {
  const durationMs = quick ? 500 : 4000;
  const provider = new TestAttestationProvider();
  const directory = mkdtempSync(join(tmpdir(), "rngkit-nitro-bench-"));
  const rootPath = join(directory, "test-root.pem");
  writeFileSync(rootPath, provider.rootCertificatePem);
  const server = await startKmsLocalProcess(["--trust-root", rootPath]);
  const clientConfig = { endpoint: server.endpoint, region: server.region, credentials: server.credentials };
  const rows: Row[] = [];
  const measure = async (
    name: string,
    inFlight: number,
    source: RandomSource | (() => Promise<unknown>),
    kmsRate?: number,
  ) => {
    const call = typeof source === "function" ? source : () => source.bytes(1024);
    await call(); // warm: key pair, attestation document, connections
    const { callsPerSecond: perSecond, cpuMsPerCall } = await callsDuring(durationMs, inFlight, async () => {
      await call();
      return 1;
    });
    if (typeof source !== "function") await source.close();
    rows.push({
      case: name,
      inFlight,
      callsPerSecond: Math.round(perSecond),
      kibPerSecond: Math.round(perSecond),
      ratioToKms: kmsRate === undefined ? "—" : Number((perSecond / kmsRate).toFixed(3)),
      benchCpuMsPerCall: Number(cpuMsPerCall.toFixed(3)),
    });
    return perSecond;
  };
  try {
    for (const inFlight of [1, 8]) {
      const kms = await measure("KmsSource", inFlight, new KmsSource({ clientConfig }));
      const nitro = (mix: boolean) =>
        new NitroRecipientSource({ clientConfig, attestation: provider, mixWithLocalEntropy: mix });
      // The same request with a Recipient through the bare SDK, nothing decrypted: what kms-local and the SDK cost.
      const client = new KMSClient({ ...clientConfig, maxAttempts: 1 });
      const recipientKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const document = await provider.attest({
        publicKey: recipientKeys.publicKey.export({ type: "spki", format: "der" }),
      });
      const recipient = {
        KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256" as const,
        AttestationDocument: document,
      };
      await measure(
        "bare SDK GenerateRandom with Recipient (no decryption)",
        inFlight,
        () => client.send(new GenerateRandomCommand({ NumberOfBytes: 1024, Recipient: recipient })),
        kms,
      );
      client.destroy();
      await measure("NitroRecipientSource (mixing, default)", inFlight, nitro(true), kms);
      await measure("NitroRecipientSource (no mixing)", inFlight, nitro(false), kms);
      await measure(
        "PoolSource(NitroRecipientSource), maxInFlight 8",
        inFlight,
        new PoolSource(nitro(true), { maxInFlight: 8 }),
        kms,
      );
    }
  } finally {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  }

  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const envelope = buildRecipientEnvelope({
    recipientPublicKey: keys.publicKey,
    plaintext: randomBytes(1024),
  });
  const wrapped = publicEncrypt(
    { key: keys.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    randomBytes(32),
  );
  const cpu = {
    decryptCiphertextForRecipientPerSecond: Math.round(
      timeSync(durationMs / 2, () =>
        decryptCiphertextForRecipient(envelope, keys.privateKey, { expectedLength: 1024 }),
      ),
    ),
    rsaOaepPrivateDecryptPerSecond: Math.round(
      timeSync(durationMs / 2, () =>
        privateDecrypt(
          { key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
          wrapped,
        ),
      ),
    ),
  };
  return { rows, cpu };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const { rows, cpu } = await run(process.argv.includes("--quick"));
  console.log(`${title} (${process.version})`);
  console.table(rows);
  console.log("CPU only, one core, no network:");
  console.table([cpu]);
}
