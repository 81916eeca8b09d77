import { RandomSourceError } from "@rngkit/core";
import { describeRandomSource } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { NodeCryptoSource } from "./node-crypto-source.js";

describeRandomSource("NodeCryptoSource", () => new NodeCryptoSource());

describe("NodeCryptoSource", () => {
  it("is named node-crypto and declares sync, local service", () => {
    const source = new NodeCryptoSource();
    expect(source.name).toBe("node-crypto");
    expect(source.capabilities).toEqual({ maxBytesPerCall: 2 ** 31 - 1, sync: true, remote: false });
  });

  it("rejects a fill whose signal aborts while the thread pool is filling, leaving zeros", async () => {
    const source = new NodeCryptoSource();
    const controller = new AbortController();
    const target = new Uint8Array(64 * 1024 * 1024);
    const pending = source.fill(target, { signal: controller.signal });
    controller.abort(new Error("stop"));
    const error = await pending.catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "Aborted")).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
  });
});
