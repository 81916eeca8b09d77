import { spawn } from "node:child_process";
import { Agent } from "node:https";
import { inspect } from "node:util";
import { DescribeCustomKeyStoresCommand, GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { startKmsLocal } from "../src/index.js";
import { client, raw, serviceError, signed, start } from "./helpers.js";

describe("the server", () => {
  it("listens on 127.0.0.1 by default and sends Date and x-amzn-RequestId on every response", async () => {
    const server = await start();
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const responses = [
      await raw(server, await signed(server)),
      await raw(server, await signed(server, { body: '{"NumberOfBytes":0}' })),
      await raw(server, { method: "GET" }),
      await raw(server, { headers: { "content-type": "application/x-amz-json-1.1" }, body: "{" }),
    ];
    const ids = new Set<string>();
    for (const response of responses) {
      expect(Number.isNaN(Date.parse(String(response.headers.date)))).toBe(false);
      ids.add(String(response.headers["x-amzn-requestid"]));
    }
    expect(ids.size).toBe(responses.length);
    expect(responses[1]?.headers["x-amzn-errortype"]).toBe("ValidationException");
  });

  it("sends the Date of its own clock", async () => {
    const at = Date.parse("2031-02-03T04:05:06Z");
    const server = await start({ clock: () => at });
    const response = await raw(server, { method: "GET" });
    expect(response.headers.date).toBe("Mon, 03 Feb 2031 04:05:06 GMT");
  });

  it("close() ends kept-alive connections and is idempotent", async () => {
    const server = await startKmsLocal();
    const kms = client(server);
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    await server.close();
    await server.close();
    const error = await serviceError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 })));
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    kms.destroy();
  });

  it("serves HTTPS with a generated certificate that clients can trust", async () => {
    const server = await start({ https: true });
    expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const kms = new KMSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { ...server.credentials },
      maxAttempts: 1,
      requestHandler: { httpsAgent: new Agent({ ca: server.certificatePem }) },
    });
    expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext?.length).toBe(8);
    const untrusting = client(server);
    const error = await serviceError(untrusting.send(new GenerateRandomCommand({ NumberOfBytes: 8 })));
    expect(String((error as Error & { code?: string }).code)).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/,
    );
  });

  it("keeps secrets out of util.inspect and JSON", async () => {
    const server = await start();
    const text = `${inspect(server, { depth: 5 })}${JSON.stringify(server)}${inspect(server.credentials)}${JSON.stringify(server.credentials)}`;
    expect(text).not.toContain(server.credentials.secretAccessKey);
    expect(text).not.toContain(server.adminToken);
    expect(text).toContain(server.credentials.accessKeyId);
    expect(server.adminToken.length).toBeGreaterThan(16);
  });

  it("declares stores at start-up", async () => {
    const server = await start({
      customKeyStores: [
        { id: "cks-0123456789abcdef0", name: "a" },
        { name: "b", connectionState: "FAILED", connectionErrorCode: "NETWORK_ERRORS" },
      ],
    });
    const { CustomKeyStores } = await client(server).send(new DescribeCustomKeyStoresCommand({}));
    expect(
      CustomKeyStores?.map((store) => [
        store.CustomKeyStoreName,
        store.ConnectionState,
        store.ConnectionErrorCode,
      ]),
    ).toEqual([
      ["a", "CONNECTED", undefined],
      ["b", "FAILED", "NETWORK_ERRORS"],
    ]);
  });

  it.each([
    [{ port: 70_000 }, /options.port/],
    [{ auth: "basic" }, /options.auth/],
    [{ region: "US EAST" }, /options.region/],
    [{ credentials: [] }, /options.credentials/],
    [{ credentials: [{ accessKeyId: "AKIA1234", secretAccessKey: "" }] }, /secretAccessKey/],
    [{ maxBodyBytes: 0 }, /options.maxBodyBytes/],
    [{ adminToken: "short" }, /options.adminToken/],
    [{ quotas: { accountRequestsPerSecond: -1 } }, /accountRequestsPerSecond/],
    [{ customKeyStores: [{ name: "x", id: "nope" }] }, /store.id/],
    [{ faults: { GenerateRandom: { reset: { probability: 3 } } } }, /reset.probability/],
  ])("refuses bad options %o, naming them", async (options, message) => {
    await expect(startKmsLocal(options as never)).rejects.toThrow(message);
  });
});

describe("the kms-local bin", () => {
  it("starts in the foreground, prints endpoint and credentials, serves, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/bin.ts", "--json", "--custom-key-store", "hsm:cks-0123456789abcdef0"],
      {
        cwd: new URL("..", import.meta.url).pathname,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("\n")) resolve(text.split("\n")[0] ?? "");
        });
        child.once("exit", (code) => reject(new Error(`kms-local exited early with ${code}`)));
      });
      const details = JSON.parse(line) as {
        endpoint: string;
        region: string;
        accessKeyId: string;
        secretAccessKey: string;
      };
      expect(details.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const kms = new KMSClient({
        endpoint: details.endpoint,
        region: details.region,
        credentials: { accessKeyId: details.accessKeyId, secretAccessKey: details.secretAccessKey },
        maxAttempts: 1,
      });
      const { Plaintext } = await kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: "cks-0123456789abcdef0" }),
      );
      expect(Plaintext?.length).toBe(8);
      kms.destroy();
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("the README's usage example", () => {
  it("runs as written: await using, credentials passed as they are, faults and counters", async () => {
    const { GenerateRandomCommand: Generate, KMSClient: Client } = await import("@aws-sdk/client-kms");
    let counted: number | undefined;
    {
      await using kms = await startKmsLocal({
        customKeyStores: [{ id: "cks-0123456789abcdef0", name: "hsm" }],
      });
      const sdk = new Client({
        endpoint: kms.endpoint,
        region: kms.region,
        credentials: kms.credentials,
        maxAttempts: 1,
      });
      const { Plaintext } = await sdk.send(new Generate({ NumberOfBytes: 32 }));
      expect(Plaintext?.length).toBe(32);
      kms.faults.set("GenerateRandom", { sequence: ["ThrottlingException", "ok"] });
      expect((await serviceError(sdk.send(new Generate({ NumberOfBytes: 32 })))).name).toBe(
        "ThrottlingException",
      );
      await sdk.send(new Generate({ NumberOfBytes: 32 }));
      counted = kms.counters.get("GenerateRandom").requests;
      sdk.destroy();
    }
    expect(counted).toBe(3);
  });
});
