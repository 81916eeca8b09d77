import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ResourceWatch } from "./resource-watch.js";

describe("ResourceWatch", () => {
  it("reports nothing when everything opened was closed", async () => {
    const watch = new ResourceWatch();
    const timer = setTimeout(() => {}, 60_000);
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    clearTimeout(timer);
    await new Promise((resolve) => server.close(resolve));
    expect(await watch.settle()).toBeUndefined();
  });

  it("reports a timer left running, even an unref'd one, and a server left listening", async () => {
    const watch = new ResourceWatch();
    const timer = setTimeout(() => {}, 60_000).unref();
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const leak = await watch.settle(100);
    clearTimeout(timer);
    await new Promise((resolve) => server.close(resolve));
    expect(leak?.created.some((line) => line.startsWith("Timeout from"))).toBe(true);
    expect(leak?.created.some((line) => line.startsWith("TCPSERVERWRAP from"))).toBe(true);
    expect(leak?.active.some((line) => line.startsWith("TCPServerWrap +1"))).toBe(true);
  });
});
