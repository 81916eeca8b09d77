/**
 * The service's own tests, as a team using rngkit would write them: the real stack on kms-local for one
 * test, then the source swapped for a deterministic one (to pin the token) and for a failing one (to see
 * the 503).
 */
import type { Server } from "node:http";
import { useDeterministicSource, useScriptedSource } from "@rngkit/inversify/testing";
import { type KmsLocal, startKmsLocal } from "@rngkit/kms-local";
import { DeterministicSource, step } from "@rngkit/testing";
import type { Container } from "inversify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildContainer } from "../src/container.js";
import { createHttpApp, listen } from "../src/http-app.js";
import { TokenService } from "../src/token-service.js";

let kms: KmsLocal;
let container: Container;
let server: Server | undefined;

beforeAll(async () => {
  kms = await startKmsLocal();
});
afterAll(() => kms.close());

async function startApp(): Promise<string> {
  container = await buildContainer(
    { source: "kms", region: kms.region, endpoint: kms.endpoint, pool: true },
    { kmsClientConfig: { credentials: { ...kms.credentials } } },
  );
  server = createHttpApp(await container.getAsync(TokenService));
  return listen(server);
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await container.unbindAllAsync();
});

const post = (url: string) => fetch(`${url}/sessions`, { method: "POST" });

describe("session service", () => {
  it("issues distinct 256-bit tokens from a pool over KMS", async () => {
    const url = await startApp();
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await post(url);
      expect(response.status).toBe(201);
      const { token } = (await response.json()) as { token: string };
      expect(Buffer.from(token, "base64url").byteLength).toBe(32);
      tokens.add(token);
    }
    expect(tokens.size).toBe(20);
    expect(kms.counters.get("GenerateRandom").requests).toBeGreaterThan(0);
  });

  it("issues the token a seeded source dictates when the test swaps it in", async () => {
    container = await buildContainer({ source: "local" });
    const swap = useDeterministicSource(container, { seed: "session-test" });
    server = createHttpApp(await container.getAsync(TokenService));
    const url = await listen(server);
    const { token } = (await (await post(url)).json()) as { token: string };
    const expected = (await new DeterministicSource({ seed: "session-test" }).bytes(32)).toString(
      "base64url",
    );
    expect(token).toBe(expected);
    await swap.restore();
  });

  it("answers 503 with the reason, and a Retry-After when retrying may help, when the source fails", async () => {
    container = await buildContainer({ source: "local" });
    const swap = useScriptedSource(container, {
      script: [step.fail("Throttled"), step.fail("AccessDenied")],
    });
    server = createHttpApp(await container.getAsync(TokenService));
    const url = await listen(server);
    const throttled = await post(url);
    expect(throttled.status).toBe(503);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(await throttled.json()).toEqual({ error: "Throttled", retryable: true });
    const denied = await post(url);
    expect(denied.headers.get("retry-after")).toBeNull();
    expect(await denied.json()).toEqual({ error: "AccessDenied", retryable: false });
    expect((await post(url)).status).toBe(201);
    await swap.restore();
  });
});
