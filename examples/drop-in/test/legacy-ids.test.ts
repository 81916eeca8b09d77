import { randomBytes as nodeRandomBytes } from "node:crypto";
import { DeterministicSource, ScriptedSource, step } from "@rngkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey, nonceAsync, pin, requestId } from "../src/legacy-ids.js";
import { useSource } from "../src/random.js";

let restore: (() => void) | undefined;
afterEach(() => restore?.());

function use(source: ConstructorParameters<typeof DeterministicSource>[0] | ScriptedSource) {
  const next = source instanceof ScriptedSource ? source : new DeterministicSource(source);
  const previous = useSource(next);
  restore = () => {
    useSource(previous);
  };
  return next;
}

describe("legacy code after the one-line change", () => {
  it("keeps node:crypto's shapes", async () => {
    expect(apiKey()).toMatch(/^rk_[A-Za-z0-9_-]{32}$/);
    expect(requestId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(pin()).toMatch(/^\d{6}$/);
    expect((await nonceAsync()).byteLength).toBe(16);
    expect(typeof nodeRandomBytes).toBe("function");
  });

  it("draws from the configured source: a seeded one pins every value", async () => {
    use({ seed: "legacy" });
    const first = [apiKey(), requestId(), pin()];
    use({ seed: "legacy" });
    expect([apiKey(), requestId(), pin()]).toEqual(first);
  });

  it("sees the source's failures through the callback form", async () => {
    use(new ScriptedSource({ script: [step.fail("Unavailable")] }));
    await expect(nonceAsync()).rejects.toMatchObject({ reason: "Unavailable" });
    // Over a source without fillSync, the sync forms say so rather than falling back silently.
    expect(() => apiKey()).toThrowError(/needs a source that serves synchronously/);
  });
});
