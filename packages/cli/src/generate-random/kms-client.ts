/**
 * The KMS client settings a run uses, as the aws CLI's options say: credentials, TLS verification
 * and CA bundle, connect timeout. Region and endpoint come from the configuration. Every client is
 * built with `maxAttempts: 1`: rngkit's retry policy (@rngkit/kms) is the only retry layer.
 */
import { KMSClient } from "@aws-sdk/client-kms";
import type { KmsSourceOptions } from "@rngkit/kms";
import type { AwsCredentials } from "./aws-settings.js";

export interface KmsClientSettings {
  readonly credentials: AwsCredentials;
  readonly verifySsl: boolean;
  /** PEM certificates to trust (`--ca-bundle`). */
  readonly caBundle: string | undefined;
  /** `--cli-connect-timeout` in ms; undefined for none. */
  readonly connectTimeoutMs: number | undefined;
}

export type KmsClientConfig = NonNullable<KmsSourceOptions["clientConfig"]>;

/**
 * What @rngkit/config's createSource merges into the client it builds. Plain data only (the SDK builds
 * the https.Agent from `httpsAgent`'s options), so that it can also cross to a worker thread.
 */
export function kmsClientConfig(settings: KmsClientSettings): KmsClientConfig {
  const httpsAgent = {
    keepAlive: true,
    // The SDK's default for an Agent it builds is 50 sockets; rngkit's concurrency setting is the limit.
    maxSockets: Number.POSITIVE_INFINITY,
    rejectUnauthorized: settings.verifySsl,
    ...(settings.caBundle === undefined ? {} : { ca: settings.caBundle }),
  };
  return {
    credentials: settings.credentials,
    requestHandler: {
      httpsAgent,
      ...(settings.connectTimeoutMs === undefined ? {} : { connectionTimeout: settings.connectTimeoutMs }),
    },
  };
}

/** A client for the one request the aws CLI would send (requests the source stack cannot express). */
export function buildKmsClient(
  config: KmsClientConfig,
  region: string,
  endpoint: string | undefined,
): KMSClient {
  return new KMSClient({
    ...config,
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    maxAttempts: 1,
  });
}
