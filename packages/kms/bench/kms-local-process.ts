/**
 * kms-local in a child process, so that the server's CPU is not the benchmark's: the `kms-local` bin with
 * --json, then faults set through its admin route. Build first (`pnpm build`): the bin runs from dist.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface KmsLocalProcess {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** PUTs a fault spec for an operation (or "*") through the admin route. */
  setFaults(operation: string, spec: unknown): Promise<void>;
  /** Reads one operation's request count from the admin route. */
  requests(operation: string): Promise<number>;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL("../../kms-local/dist/bin.js", import.meta.url));

export async function startKmsLocalProcess(args: readonly string[] = []): Promise<KmsLocalProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "--json", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`kms-local exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
  });
  const details = JSON.parse(line) as {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    adminEndpoint: string;
    adminToken: string;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${details.adminEndpoint.replace(/\/$/, "")}/${path}`, {
      method,
      headers: { authorization: `Bearer ${details.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`kms-local admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, { requests?: number }>>;
  };
  return {
    endpoint: details.endpoint,
    region: details.region,
    credentials: { accessKeyId: details.accessKeyId, secretAccessKey: details.secretAccessKey },
    setFaults: async (operation, spec) => {
      await admin("PUT", `faults/${operation}`, spec);
    },
    requests: async (operation) => {
      const counters = await admin("GET", "counters");
      return (
        (
          counters[operation] ??
          (counters.operations as unknown as Record<string, { requests?: number }>)?.[operation]
        )?.requests ?? 0
      );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
