/**
 * Decorators under vitest: oxc applies experimentalDecorators only to files inside a tsconfig's `include`,
 * which is why this folder has a tsconfig.json of its own (see the README).
 */
import { createRandomModule, RNGKIT } from "@rngkit/inversify";
import { useDeterministicSource } from "@rngkit/inversify/testing";
import { DeterministicSource } from "@rngkit/testing";
import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { SessionService } from "./session-service.js";

describe("constructor injection with decorators under vitest (oxc)", () => {
  it("injects the configured drop-in and source", async () => {
    const container = new Container();
    await container.load(createRandomModule({ source: "local", pool: true }));
    container.bind(SessionService).toSelf().inSingletonScope();
    const service = await container.getAsync(SessionService);
    expect(service.newSessionId()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await service.newKey()).byteLength).toBe(32);
    await container.unbindAllAsync();
  });

  it("injects a swapped-in DeterministicSource, so a test can pin the values", async () => {
    const container = new Container();
    await container.load(createRandomModule({ source: "local" }));
    container.bind(SessionService).toSelf();
    const swap = useDeterministicSource(container, { seed: "sessions" });
    const service = await container.getAsync(SessionService);
    const expected = (await new DeterministicSource({ seed: "sessions" }).bytes(32)).toString("base64url");
    expect(service.newSessionId()).toBe(expected);
    expect(RNGKIT.Crypto).toBe(Symbol.for("rngkit.Crypto"));
    await swap.restore();
    await container.unbindAllAsync();
  });
});
