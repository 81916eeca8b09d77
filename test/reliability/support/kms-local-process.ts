/**
 * kms-local in a child process (its own bin, from source through tsx), for the load test: the server then
 * has a core of its own instead of sharing the test's event loop with the pool, the SDK and the checks.
 * Counters and quotas go through its admin route.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { CountersSnapshot, QuotaSettings } from "@rngkit/kms-local";
import { CREDENTIALS } from "./kms-local.js";

const REPOSITORY = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = fileURLToPath(new URL("../../../packages/kms-local/src/bin.ts", import.meta.url));

export interface KmsLocalProcess {
  readonly endpoint: string;
  readonly region: string;
  counters(): Promise<CountersSnapshot>;
  setQuotas(settings: QuotaSettings): Promise<void>;
  close(): Promise<void>;
}

export async function startKmsLocalProcess(): Promise<KmsLocalProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--conditions=@rngkit/source",
      "--import",
      "tsx",
      BIN,
      "--json",
      "--access-key-id",
      CREDENTIALS.accessKeyId,
      "--secret-access-key",
      CREDENTIALS.secretAccessKey,
    ],
    { cwd: REPOSITORY, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env } },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`kms-local exited ${code} before it listened`)));
  });
  lines.close();
  const details = JSON.parse(first) as {
    endpoint: string;
    region: string;
    adminEndpoint: string;
    adminToken: string;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${details.adminEndpoint}${path}`, {
      method,
      headers: { authorization: `Bearer ${details.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`kms-local admin ${method} ${path}: ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  return {
    endpoint: details.endpoint,
    region: details.region,
    counters: () => admin("GET", "counters") as Promise<CountersSnapshot>,
    setQuotas: async (settings) => {
      await admin("PUT", "quotas", settings);
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
