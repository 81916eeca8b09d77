import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { RandomSourceError } from "@rngkit/core";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { NodeCryptoSource } from "@rngkit/local";
import { PoolSource } from "@rngkit/pool";
import { describeRandomSource, ResourceWatch, rejectionOf } from "@rngkit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WorkerSource } from "./worker-source.js";

const fixtures = new URL("../test/fixtures/sources.mjs", import.meta.url);
/**
 * The threads run the built packages (`pnpm test` builds first): vitest resolves the TypeScript sources by
 * the `@rngkit/source` condition, which a worker thread on Node 20 could not load, so its flags drop it.
 */
const execArgv = process.execArgv.filter(
  (flag, i, all) =>
    !flag.endsWith("=@rngkit/source") &&
    flag !== "@rngkit/source" &&
    !((flag === "--conditions" || flag === "-C") && all[i + 1] === "@rngkit/source"),
);
const at = (exportName: string, options?: unknown, more = {}) =>
  WorkerSource.start({ module: fixtures, export: exportName, options, execArgv, ...more });

let kms: KmsLocal;
beforeAll(async () => {
  kms = await startKmsLocal();
});
afterAll(async () => {
  await kms?.close();
});
afterEach(() => {
  kms.faults.clear();
  kms.counters.reset();
});
const clientConfig = () => ({
  endpoint: kms.endpoint,
  region: kms.region,
  credentials: { ...kms.credentials },
});

describeRandomSource("WorkerSource over NodeCryptoSource", () => at("NodeCryptoSource"));
describeRandomSource("WorkerSource over KmsSource on kms-local", () =>
  at("KmsSource", { clientConfig: clientConfig(), concurrency: 16 }),
);

describe("WorkerSource", () => {
  it("is named after the source in the thread and declares its chunk size, async only", async () => {
    await using local = await at("NodeCryptoSource");
    expect(local.name).toBe(`worker(${new NodeCryptoSource().name})`);
    expect(local.capabilities.sync).toBe(false);
    await using remote = await at("KmsSource", { clientConfig: clientConfig() }, { name: "kms-off-thread" });
    expect(remote.name).toBe("kms-off-thread");
    expect(remote.capabilities).toEqual({ maxBytesPerCall: 1024, sync: false, remote: true });
  });

  it("builds the source with a factory function as well as a class", async () => {
    await using source = await at("local");
    expect((await source.bytes(64)).byteLength).toBe(64);
  });

  it("sends a large request to the thread as one message, which the source there chunks", async () => {
    await using source = await at("KmsSource", { clientConfig: clientConfig() });
    const bytes = await source.bytes(5000);
    expect(bytes.byteLength).toBe(5000);
    expect(kms.counters.get("GenerateRandom")).toMatchObject({ requests: 5, randomBytes: 5000 });
  });

  it("passes the source's errors across with their reason and retryable flag, without a cause", async () => {
    await using source = await at("KmsSource", { clientConfig: clientConfig(), retry: { maxAttempts: 1 } });
    kms.faults.set("GenerateRandom", { error: { type: "AccessDeniedException" } });
    const denied = await rejectionOf(source.bytes(32));
    expect(denied).toMatchObject({ reason: "AccessDenied", retryable: false, source: "kms:us-east-1" });
    expect(denied.cause).toBeUndefined();
    kms.faults.set("GenerateRandom", { error: { type: "ThrottlingException" } });
    expect(await rejectionOf(source.bytes(32))).toMatchObject({ reason: "Throttled", retryable: true });
    kms.faults.clear();
    expect((await source.bytes(32)).byteLength).toBe(32);
  });

  it("answers a caller's abort at once, and never hands the aborted call's late bytes to anyone", async () => {
    await using source = await at("ScriptedSource", { script: [{ kind: "hang" }] });
    const controller = new AbortController();
    const pending = source.bytes(64, { signal: controller.signal });
    setTimeout(() => controller.abort("user"), 20);
    expect(await rejectionOf(pending)).toMatchObject({ reason: "Aborted", cause: "user" });
    const next = await source.bytes(64);
    expect(next.byteLength).toBe(64);
    await using late = await at("lateAfterAbort");
    const first = new AbortController();
    const aborted = late.bytes(16, { signal: first.signal });
    first.abort();
    expect((await rejectionOf(aborted)).reason).toBe("Aborted");
    // The thread answers the aborted call with 0xee bytes at 50 ms, while the next call is still waiting
    // (its answer comes at 100 ms): the late bytes must not reach it.
    const after = await late.bytes(16);
    expect(after.equals(Buffer.alloc(16, 0xee))).toBe(false);
  });

  it("fails a wrong-length answer from the thread with InvalidResponse and zeroes the target", async () => {
    await using source = await at("answersTooLong");
    const target = new Uint8Array(32).fill(9);
    const error = await rejectionOf(source.fill(target));
    expect(error.reason).toBe("InvalidResponse");
    expect(error.message).toBe(`${source.name}: an upstream call for 32 bytes returned 33`);
    expect(target.every((byte) => byte === 0)).toBe(true);
  });

  it("fails closed when the thread dies: calls in flight and every later call reject Unavailable", async () => {
    const source = await at("crashesOnFill");
    const error = await rejectionOf(source.bytes(16));
    expect(error.reason).toBe("Unavailable");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("the thread crashed");
    expect((await rejectionOf(source.bytes(16))).reason).toBe("Unavailable");
    await source.close();
  });

  it("close() rejects calls in flight with Closed, closes the source in the thread, and leaves nothing running", async () => {
    const watch = new ResourceWatch();
    // A long close timeout: the thread must end by closing cleanly, not by being terminated.
    const source = await at("ScriptedSource", { script: [{ kind: "hang" }] }, { closeTimeoutMs: 120_000 });
    const pending = rejectionOf(source.bytes(16));
    await source.close();
    expect((await pending).reason).toBe("Closed");
    expect((await rejectionOf(source.bytes(16))).reason).toBe("Closed");
    expect(await watch.settle()).toBeUndefined();
  });

  it("closes a KMS source's connections in the thread", async () => {
    // kms-local runs in this process: its end of every connection the thread opened is watched here.
    const watch = new ResourceWatch();
    const source = await at(
      "KmsSource",
      { clientConfig: clientConfig(), concurrency: 4 },
      { closeTimeoutMs: 120_000 },
    );
    await source.bytes(4096);
    await source.close();
    expect(await watch.settle()).toBeUndefined();
  });

  it("terminates a thread whose source does not close within closeTimeoutMs", async () => {
    const watch = new ResourceWatch();
    const source = await at("neverCloses", undefined, { closeTimeoutMs: 100 });
    await source.bytes(16);
    await source.close();
    expect(source.closed).toBe(true);
    expect(await watch.settle()).toBeUndefined();
  });

  it("serves a pool: 32-byte requests over KMS, sync after ready(), every served byte fresh", async () => {
    await using pool = new PoolSource(await at("KmsSource", { clientConfig: clientConfig() }));
    await pool.ready();
    const sync = pool.fillSync(new Uint8Array(32));
    expect(sync.byteLength).toBe(32);
    const served = await Promise.all(Array.from({ length: 256 }, () => pool.bytes(32)));
    const seen = new Set(served.map((bytes) => bytes.toString("hex")));
    expect(seen.size).toBe(256);
    expect(pool.name).toBe("pool(worker(kms:us-east-1))");
  });

  it("shows only its name in inspect and JSON, never the options it was built with", async () => {
    const config = clientConfig();
    await using source = await at("KmsSource", { clientConfig: config });
    const shown = `${inspect(source, { depth: 5, showHidden: true })} ${JSON.stringify(source)}`;
    expect(shown).toContain("worker(kms:us-east-1)");
    expect(shown).not.toContain(config.credentials.secretAccessKey);
    expect(shown).not.toContain(config.credentials.accessKeyId);
  });

  it("does not keep the process alive while idle", () => {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(new URL("../test/fixtures/idle-process.mjs", import.meta.url))],
      { encoding: "utf8", timeout: 20_000 },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("served 16");
    expect(child.status).toBe(0);
  });
});

describe("WorkerSource.start", () => {
  it.each([
    ["a module that does not import", { module: "file:///nonexistent/rngkit.mjs" }, "could not be imported"],
    ["a missing export", { module: fixtures, export: "Nothing" }, 'no export "Nothing"'],
    [
      "an export that is not a function",
      { module: fixtures, export: "notAFunction" },
      'no export "notAFunction"',
    ],
    [
      "a factory that makes no source",
      { module: fixtures, export: "notASource" },
      "did not make a RandomSource",
    ],
  ])("refuses %s with InvalidArgument", async (_, options, message) => {
    const error = await rejectionOf(WorkerSource.start({ ...options, execArgv }));
    expect(error.reason).toBe("InvalidArgument");
    expect(error.message).toContain(message);
  });

  it("refuses options that cannot reach the thread, and bad timeouts, before starting it", async () => {
    const cases = [
      [
        {
          module: fixtures,
          options: { clientConfig: { region: "eu-west-1", credentials: async () => ({}) } },
        },
        "options.clientConfig.credentials cannot cross to the worker thread",
      ],
      [{ module: fixtures, startTimeoutMs: 0 }, "startTimeoutMs must be a positive integer"],
      [{ module: fixtures, closeTimeoutMs: 1.5 }, "closeTimeoutMs must be a positive integer"],
      [{ module: "" }, "module must be a non-empty string or a URL"],
      [{ module: fixtures, export: "" }, "export must be a non-empty string"],
      [{ module: fixtures, execArgv: "--import tsx" }, "execArgv must be an array of strings"],
      [{ module: fixtures, execArgv: ["--no-such-node-flag"] }, "the worker thread could not start"],
    ] as const;
    for (const [options, message] of cases) {
      const error = await rejectionOf(WorkerSource.start(options as never));
      expect(error.reason).toBe("InvalidArgument");
      expect(error.message).toContain(message);
    }
  });

  it("passes a factory's own failure on as Unavailable, naming it", async () => {
    const error = await rejectionOf(at("refuses", { why: "on purpose" }));
    expect(error.reason).toBe("Unavailable");
    expect(error.message).toContain("refused on purpose");
  });

  it("gives up with Timeout when the source is not built in time, and ends the thread", async () => {
    const watch = new ResourceWatch();
    const error = await rejectionOf(at("neverReady", undefined, { startTimeoutMs: 100 }));
    expect(error.reason).toBe("Timeout");
    expect(error.message).toBe("worker: the source was not ready within 100 ms");
    expect(await watch.settle()).toBeUndefined();
  });

  it("is a RandomSourceError for every refusal", async () => {
    expect(RandomSourceError.is(await rejectionOf(at("Nothing")))).toBe(true);
  });
});
