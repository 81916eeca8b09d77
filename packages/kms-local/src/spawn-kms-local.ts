/**
 * `spawnKmsLocal()`: kms-local in a child process, for benchmarks and for tests whose own process must not
 * pay for the server's CPU (SigV4 verification, JSON, TLS). It runs this package's built `kms-local` bin with
 * `--json`, reads the one line of connection details, and drives faults, quotas and counters through the
 * admin route. `close()` stops the process (SIGTERM) and removes the temporary trust-root files.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { LocalCredentials } from "./auth/credentials.js";
import type { CountersSnapshot } from "./counters.js";
import type { FaultSpec } from "./faults/faults.js";
import type { QuotaLimits, QuotaSettings } from "./quotas/quotas.js";

export interface SpawnKmsLocalOptions {
  /** More `kms-local` flags (`kms-local --help`), e.g. `["--custom-key-store", "hsm:cks-1234567890abcdef0:CONNECTED"]`. */
  readonly args?: readonly string[];
  /** Roots (PEM text or DER) to trust for Recipient attestation documents, passed as `--trust-root` files. */
  readonly trustRoots?: readonly (string | Uint8Array)[];
  /** Applied once the server listens (admin `PUT quotas`); `null` turns a quota off. */
  readonly quotas?: QuotaSettings;
  /** Applied once the server listens (admin `PUT faults/<operation>`), e.g. `{ GenerateRandom: { latency: { fixedMs: 10 } } }`. */
  readonly faults?: Readonly<Record<string, FaultSpec>>;
  /** Node flags for the child, e.g. `["--cpu-prof"]`. */
  readonly execArgv?: readonly string[];
  /** How long to wait for the server to listen, in ms. Default 15,000. */
  readonly startTimeoutMs?: number;
}

export interface KmsLocalProcess {
  readonly pid: number;
  readonly endpoint: string;
  readonly region: string;
  /** The generated credential; the secret is hidden from `util.inspect` and `JSON.stringify`. */
  readonly credentials: LocalCredentials;
  /** Ready for `new KMSClient(clientConfig)` or `new KmsSource({ clientConfig })`. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: LocalCredentials;
  };
  readonly adminEndpoint: string;
  /** The custom key stores declared with `--custom-key-store`. */
  readonly customKeyStores: readonly { readonly id: string; readonly name: string; readonly state: string }[];
  setFaults(operation: string, spec: FaultSpec): Promise<void>;
  /** Clears one operation's faults, or all of them. */
  clearFaults(operation?: string): Promise<void>;
  setQuotas(settings: QuotaSettings): Promise<QuotaLimits>;
  counters(): Promise<CountersSnapshot>;
  /** Requests one operation has received so far (errors included). */
  requests(operation: string): Promise<number>;
  resetCounters(): Promise<void>;
  /** Stops the process and removes its temporary files; idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface Details {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly adminEndpoint: string;
  readonly adminToken: string;
  readonly customKeyStores?: readonly { id: string; name: string; state: string }[];
}

/** The built bin: beside this file in dist, or in dist when this file is the TypeScript source. */
function binPath(): string {
  for (const candidate of ["./bin.js", "../dist/bin.js"]) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("spawnKmsLocal: the kms-local bin (dist/bin.js) is missing: build @rngkit/kms-local first");
}

function waitForDetails(child: ChildProcess, timeoutMs: number): Promise<Details> {
  return new Promise<Details>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(
      () => fail(new Error(`kms-local did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`kms-local exited before listening (${signal ?? `exit ${code}`})`));
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    function cleanup(): void {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("error", fail);
      lines.close();
    }
    child.once("exit", onExit);
    child.once("error", fail);
    lines.once("line", (line) => {
      cleanup();
      try {
        resolve(JSON.parse(line) as Details);
      } catch {
        reject(new Error("kms-local printed no JSON connection details"));
      }
    });
  });
}

/** Starts kms-local in a child process and resolves once it listens. */
export async function spawnKmsLocal(options: SpawnKmsLocalOptions = {}): Promise<KmsLocalProcess> {
  const directory = options.trustRoots?.length ? mkdtempSync(join(tmpdir(), "kms-local-")) : undefined;
  const rootFlags = (options.trustRoots ?? []).flatMap((root, index) => {
    const file = join(directory as string, `trust-root-${index}.${typeof root === "string" ? "pem" : "der"}`);
    writeFileSync(file, root);
    return ["--trust-root", file];
  });
  const child = spawn(
    process.execPath,
    [...(options.execArgv ?? []), binPath(), "--json", ...rootFlags, ...(options.args ?? [])],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const removeFiles = () => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  };
  let details: Details;
  try {
    details = await waitForDetails(child, options.startTimeoutMs ?? 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    removeFiles();
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  // The server never outlives this process, and a forgotten close() does not keep this process alive.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.unref();
  child.stdout?.destroy(); // the bin prints nothing after its one line

  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${details.adminEndpoint.replace(/\/$/, "")}/${path}`, {
      method,
      headers: { authorization: `Bearer ${details.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`kms-local admin ${method} ${path}: ${response.status} ${text}`);
    return text === "" ? {} : JSON.parse(text);
  };
  const setFaults = async (operation: string, spec: FaultSpec) => {
    await admin("PUT", `faults/${encodeURIComponent(operation)}`, spec);
  };
  const setQuotas = (settings: QuotaSettings) => admin("PUT", "quotas", settings) as Promise<QuotaLimits>;
  const counters = () => admin("GET", "counters") as Promise<CountersSnapshot>;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // keep this process alive until the server has stopped
        child.kill("SIGTERM");
      }
      await exited;
      removeFiles();
    })();
    return closing;
  };

  try {
    if (options.quotas !== undefined) await setQuotas(options.quotas);
    for (const [operation, spec] of Object.entries(options.faults ?? {})) await setFaults(operation, spec);
  } catch (error) {
    await close();
    throw error;
  }

  const credentials = new LocalCredentials(
    details.accessKeyId,
    details.secretAccessKey,
    details.sessionToken,
  );
  return {
    pid: child.pid as number,
    endpoint: details.endpoint,
    region: details.region,
    credentials,
    clientConfig: { endpoint: details.endpoint, region: details.region, credentials },
    adminEndpoint: details.adminEndpoint,
    customKeyStores: details.customKeyStores ?? [],
    setFaults,
    clearFaults: async (operation) => {
      await admin("DELETE", operation === undefined ? "faults" : `faults/${encodeURIComponent(operation)}`);
    },
    setQuotas,
    counters,
    requests: async (operation) => (await counters())[operation]?.requests ?? 0,
    resetCounters: async () => {
      await admin("POST", "counters/reset");
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
