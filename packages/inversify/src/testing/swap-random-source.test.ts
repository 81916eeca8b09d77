import { RandomSourceError } from "@rngkit/core";
import { DeterministicSource, step } from "@rngkit/testing";
import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { createRandomModule } from "../create-random-module.js";
import { resolveCrypto, resolveRandomSource } from "../tokens.js";
import { useDeterministicSource, useScriptedSource } from "./swap-random-source.js";

async function appContainer() {
  const container = new Container();
  await container.load(createRandomModule({ source: "local" }));
  return container;
}

describe("test swapping", () => {
  it("swaps in a DeterministicSource: reproducible values through the drop-in, then restores the real source", async () => {
    const container = await appContainer();
    const swap = useDeterministicSource(container, { seed: "test-1" });
    const crypto = await resolveCrypto(container);
    expect(crypto.source).toBe(swap.source);
    const expected = await new DeterministicSource({ seed: "test-1" }).bytes(16);
    expect(crypto.randomBytes(16).equals(expected)).toBe(true);
    await swap.restore();
    expect(swap.source.closed).toBe(true);
    const real = await resolveRandomSource(container);
    expect(real.name).toBe("node-crypto");
    expect(real.closed).toBe(false);
    await container.unbindAllAsync();
  });

  it("swaps in a ScriptedSource to make the app see failures", async () => {
    const container = await appContainer();
    const swap = useScriptedSource(container, { script: [step.fail("Throttled")] });
    const source = await resolveRandomSource(container);
    const error = await source.bytes(8).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "Throttled")).toBe(true);
    expect(swap.source.calls).toHaveLength(1);
    await swap.restore();
    await container.unbindAllAsync();
  });

  it("leaves an already built real source running while swapped, and restores the same instance", async () => {
    const container = await appContainer();
    const real = await resolveRandomSource(container);
    const swap = useDeterministicSource(container, { seed: 1 });
    expect(await resolveRandomSource(container)).toBe(swap.source);
    expect(real.closed).toBe(false);
    await swap.restore();
    await swap.restore();
    expect(await resolveRandomSource(container)).toBe(real);
    await container.unbindAllAsync();
    expect(real.closed).toBe(true);
  });
});
