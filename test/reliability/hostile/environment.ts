/**
 * What every hostile-input case runs against: one kms-local (SigV4 on, a 500 ms body deadline so a slow
 * body is cut quickly), a warm PoolSource over KmsSource with the node:crypto drop-in over it, a relaying
 * parent for the Nitro cases, and a scratch directory with a file that must survive every CLI case.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { createCrypto, type RandomCrypto } from "@rngkit/crypto";
import { KmsSource } from "@rngkit/kms";
import type { KmsLocal } from "@rngkit/kms-local";
import { PoolSource } from "@rngkit/pool";
import { CREDENTIALS, clientConfigFor, startReliabilityKms } from "../support/kms-local.js";
import { type Relay, startRelay } from "../support/relay.js";

export interface Environment {
  readonly server: KmsLocal;
  readonly endpoint: string;
  /** A real SDK client with the SDK's retries off. */
  readonly client: KMSClient;
  readonly pool: PoolSource;
  readonly dropIn: RandomCrypto;
  readonly relay: Relay;
  /** A directory for CLI output; `keep.bin` holds KEEP and must keep it. */
  readonly directory: string;
  readonly cliEnv: Readonly<Record<string, string>>;
}

export const KEEP = "precious: never overwritten by a failed run\n";

export async function startEnvironment(): Promise<Environment> {
  const server = await startReliabilityKms({ bodyTimeoutMs: 500 });
  const client = new KMSClient({ ...clientConfigFor(server), maxAttempts: 1 });
  const pool = new PoolSource(new KmsSource({ clientConfig: clientConfigFor(server) }));
  await pool.ready();
  // Let the warm-up finish, so the level only changes when something is served.
  while (pool.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const relay = await startRelay();
  const directory = mkdtempSync(join(tmpdir(), "rngkit-hostile-"));
  writeFileSync(join(directory, "keep.bin"), KEEP);
  mkdirSync(join(directory, "a-directory"));
  const home = mkdtempSync(join(tmpdir(), "rngkit-hostile-home-"));
  writeFileSync(join(home, "config"), "[default]\n");
  const cliEnv = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
  return {
    server,
    endpoint: server.endpoint,
    client,
    pool,
    dropIn: createCrypto(pool),
    relay,
    directory,
    cliEnv,
  };
}

export async function stopEnvironment(environment: Environment | undefined): Promise<void> {
  if (environment === undefined) return;
  environment.client.destroy();
  await environment.pool.close();
  await environment.relay.close();
  await environment.server.close();
}

/** kms-local still answers a genuine signed request: nothing hostile stopped it. */
export async function stillServing(environment: Environment): Promise<boolean> {
  const { Plaintext } = await environment.client.send(new GenerateRandomCommand({ NumberOfBytes: 16 }));
  return Plaintext?.byteLength === 16;
}

export interface HostileCase {
  readonly area: "drop-in" | "provider" | "attestation" | "cms" | "http" | "cli";
  readonly name: string;
  /** Runs the case and asserts its exact expected error and that nothing was lost or half-written. */
  run(environment: Environment): Promise<void>;
}
