/**
 * From flags to a plan, in the aws CLI's order so that the first problem found gives its exit code:
 * `--number-of-bytes` conversion (255), the profile (255), the region (253), the request's own checks
 * (252), the configuration (252; a bad region 255), the credentials (253). Nothing is sent, written
 * or started before the plan is complete, except the embedded endpoint, which starts last.
 */
import type { RandomConfig } from "@rngkit/config";
import { usageError } from "../cli-error.js";
import type { ResolvedIo } from "../io.js";
import { checkProfile, resolveCredentials, resolveRegion, sharedFiles } from "./aws-settings.js";
import { type Debug, maskAccessKeyId } from "./debug.js";
import { type EmbeddedKms, startEmbeddedKms } from "./embedded.js";
import { type GenerateRandomFlags, type SourceFlag, usesSourceRead } from "./flags.js";
import { type KmsClientConfig, kmsClientConfig } from "./kms-client.js";
import { readCaBundle, type Sink, timeoutMs } from "./options-check.js";
import { buildRequest, type GenerateRandomRequest } from "./request-input.js";
import { toRandomConfig } from "./to-config.js";

/** KMS's per-call maximum: beyond it only the source stack (an extension) serves. */
export const KMS_MAX_BYTES = 1024;
/** The most bytes printed in one aws-shaped value; beyond it, use --outfile or --format. */
export const MAX_IN_MEMORY_BYTES = 64 * 1024 * 1024;

export interface Plan {
  readonly request: GenerateRandomRequest;
  readonly config: RandomConfig;
  /** `stack`: read through createSource's stack; `request`: send the request as given (aws mode only). */
  readonly mode: "stack" | "request";
  readonly sink: Sink;
  /** For the KMS sources: what the client needs besides region and endpoint. */
  readonly clientConfig: KmsClientConfig | undefined;
  readonly region: string | undefined;
  readonly embedded: EmbeddedKms | undefined;
}

function stackCanServe(request: GenerateRandomRequest): boolean {
  const { NumberOfBytes, CustomKeyStoreId, Recipient } = request.input;
  return (
    NumberOfBytes !== undefined &&
    NumberOfBytes >= 1 &&
    NumberOfBytes <= KMS_MAX_BYTES &&
    Recipient === undefined &&
    (CustomKeyStoreId === undefined || CustomKeyStoreId.length <= 64)
  );
}

/** Checks what only the extensions require: a size, no Recipient, a size the sink can hold. */
function checkSourceRead(request: GenerateRandomRequest, sink: Sink): void {
  const { NumberOfBytes, Recipient } = request.input;
  if (Recipient !== undefined) {
    throw usageError(
      request.origins.Recipient ?? "--recipient",
      "is sent as the aws CLI sends it, in one request; it cannot be combined with --source, --pool, --embedded, --outfile or --format",
    );
  }
  if (NumberOfBytes === undefined) {
    throw usageError(
      "--number-of-bytes",
      "is required with --source, --pool, --embedded, --outfile or --format",
    );
  }
  if (!Number.isSafeInteger(NumberOfBytes)) {
    throw usageError("--number-of-bytes", `must be at most ${Number.MAX_SAFE_INTEGER}, got ${NumberOfBytes}`);
  }
  if (sink.kind === "aws" && NumberOfBytes > MAX_IN_MEMORY_BYTES) {
    throw usageError(
      "--number-of-bytes",
      `${NumberOfBytes} bytes do not fit one printed value (at most ${MAX_IN_MEMORY_BYTES}); use --outfile or --format to stream them`,
    );
  }
}

export async function makePlan(
  flags: GenerateRandomFlags,
  numberOfBytes: number | undefined,
  sink: Sink,
  io: ResolvedIo,
  debug: Debug,
): Promise<Plan> {
  const sourceRead = usesSourceRead(flags);
  const readTimeout = timeoutMs("--cli-read-timeout", flags.cliReadTimeout);
  const connectTimeout = timeoutMs("--cli-connect-timeout", flags.cliConnectTimeout);

  if (flags.source === "local") {
    const request = await buildRequest(flags, numberOfBytes, io.cwd, io.env);
    checkSourceRead(request, sink);
    const config = toRandomConfig({
      source: "local",
      sourceOrigin: "--source",
      region: flags.region === undefined ? undefined : { value: flags.region, origin: "--region" },
      endpoint:
        flags.endpointUrl === undefined ? undefined : { value: flags.endpointUrl, origin: "--endpoint-url" },
      customKeyStoreId: storeOf(request),
      pool: flags.pool,
      drbg: flags.drbg,
      healthTests: flags.healthTests,
      mixLocal: flags.mixLocal,
      workerThread: flags.workerThread,
      timeoutMs: readTimeout,
    });
    return {
      request,
      config,
      mode: "stack",
      sink,
      clientConfig: undefined,
      region: undefined,
      embedded: undefined,
    };
  }

  const files = sharedFiles(flags.profile, io.env);
  let region: { value: string; origin: string } | undefined;
  if (flags.embedded) {
    region = flags.region === undefined ? undefined : { value: flags.region, origin: "--region" };
  } else {
    await checkProfile(files);
    const resolved = await resolveRegion(flags.region, files, io.env);
    region = { value: resolved.region, origin: resolved.origin };
  }
  const request = await buildRequest(flags, numberOfBytes, io.cwd, io.env);
  if (sourceRead) checkSourceRead(request, sink);
  const mode = sourceRead || stackCanServe(request) ? "stack" : "request";
  const store = mode === "stack" ? storeOf(request) : undefined;
  const source: SourceFlag = flags.source ?? (store === undefined ? "kms" : "cloudhsm");
  const settings = {
    source,
    sourceOrigin: flags.source === undefined ? "--custom-key-store-id" : "--source",
    region,
    customKeyStoreId: store,
    pool: flags.pool,
    drbg: flags.drbg,
    healthTests: flags.healthTests,
    mixLocal: flags.mixLocal,
    workerThread: flags.workerThread,
    // Outside an enclave only kms-local can verify a document; inside one, /dev/nsm signs it.
    nitroAttestation:
      source === "nitro" ? (flags.embedded ? ("test" as const) : ("nsm" as const)) : undefined,
    timeoutMs: readTimeout,
  };
  const endpointFlag =
    flags.endpointUrl === undefined ? undefined : { value: flags.endpointUrl, origin: "--endpoint-url" };
  let config = toRandomConfig({ ...settings, endpoint: endpointFlag });
  const caBundle = await readCaBundle(flags.caBundle, io.env, io.cwd);

  let embedded: EmbeddedKms | undefined;
  let credentials: Awaited<ReturnType<typeof resolveCredentials>>;
  if (flags.embedded) {
    embedded = await startEmbeddedKms(region?.value, request.input.CustomKeyStoreId, source === "nitro");
    try {
      region = { value: embedded.region, origin: "--embedded" };
      config = toRandomConfig({
        ...settings,
        region,
        endpoint: { value: embedded.endpoint, origin: "--embedded" },
      });
    } catch (error) {
      await embedded.server.close();
      throw error;
    }
    credentials = { credentials: embedded.credentials, origin: "@rngkit/kms-local (embedded)" };
  } else {
    credentials = await resolveCredentials(files, io.env);
  }
  debug.log(
    `region ${region?.value} (from ${region?.origin}); endpoint ${config.endpoint ?? "the SDK's default for the region"}`,
  );
  debug.log(
    `credentials from ${credentials.origin}: access key ${maskAccessKeyId(credentials.credentials.accessKeyId)}`,
  );
  const clientConfig = kmsClientConfig({
    credentials: credentials.credentials,
    verifySsl: flags.verifySsl,
    caBundle,
    connectTimeoutMs: connectTimeout === 2_147_483_647 ? undefined : connectTimeout,
  });
  return { request, config, mode, sink, clientConfig, region: region?.value, embedded };
}

function storeOf(request: GenerateRandomRequest): { value: string; origin: string } | undefined {
  const id = request.input.CustomKeyStoreId;
  if (id === undefined) return undefined;
  return { value: id, origin: request.origins.CustomKeyStoreId ?? "--custom-key-store-id" };
}
