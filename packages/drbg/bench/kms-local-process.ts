/**
 * kms-local in a child process (its `kms-local --json` bin, so the server's CPU is not the benchmark's),
 * and its GenerateRandom request counter from the admin route. Build first: the bin runs from dist.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface KmsLocalProcess {
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** GenerateRandom requests kms-local has answered so far. */
  generateRandomRequests(): Promise<number>;
  stop(): Promise<void>;
}

export async function startKmsLocalProcess(): Promise<KmsLocalProcess> {
  const bin = join(
    dirname(fileURLToPath(import.meta.resolve("@rngkit/kms-local/package.json"))),
    "dist/bin.js",
  );
  const child = spawn(process.execPath, [bin, "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`kms-local exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const details = JSON.parse(line) as {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    adminEndpoint: string;
    adminToken: string;
  };
  return {
    clientConfig: {
      endpoint: details.endpoint,
      region: details.region,
      credentials: { accessKeyId: details.accessKeyId, secretAccessKey: details.secretAccessKey },
    },
    generateRandomRequests: async () => {
      const response = await fetch(`${details.adminEndpoint.replace(/\/$/, "")}/counters`, {
        headers: { authorization: `Bearer ${details.adminToken}` },
      });
      if (!response.ok) throw new Error(`kms-local admin counters: ${response.status}`);
      const counters = (await response.json()) as Record<string, unknown>;
      const operations = (counters.operations ?? counters) as Record<string, { requests?: number }>;
      return operations.GenerateRandom?.requests ?? 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
