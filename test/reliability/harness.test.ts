/**
 * The suite's own instruments, each shown able to fail: the duplicate detector finds a repeated run and
 * served zeros, the resource watch finds a timer and a socket left open, the outcome checks find an
 * untyped error, a wrong reason and a view not zeroed, and the ent and dieharder verdicts fail a biased
 * or counter-like stream.
 */

import { randomBytes } from "node:crypto";
import { connect, createServer } from "node:net";
import { RandomSourceError } from "@rngkit/core";
import { ResourceWatch } from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { parseDieharder } from "./stats/dieharder.js";
import { judgeEnt, parseEntTerse } from "./stats/ent.js";
import { problemsWith } from "./support/outcomes.js";
import { WindowDetector } from "./support/window-detector.js";

describe("WindowDetector", () => {
  it("finds nothing in distinct random outputs, and raises its level to stay in its memory", () => {
    const detector = new WindowDetector(2 ** 14);
    for (let output = 0; output < 256; output++) detector.add(randomBytes(4096), output);
    expect(detector.repeats).toEqual([]);
    expect(detector.zeroWindows).toBe(0);
    expect(detector.level).toBeGreaterThan(0);
    expect(detector.windowsStored).toBeLessThanOrEqual(0.75 * 2 ** 14);
    expect(detector.windowsScanned).toBe(256 * (4096 - 15));
  });

  it("finds a run served twice, to two outputs at different offsets, after its level has risen", () => {
    // 1.2 M windows in 2^16 slots: level 5, so the 1024-byte run escapes with probability (31/32)^1009 < 1e-13.
    const detector = new WindowDetector(2 ** 16);
    const run = randomBytes(1024);
    for (let output = 0; output < 200; output++) detector.add(randomBytes(4096), output);
    detector.add(Buffer.concat([randomBytes(100), run, randomBytes(7)]), 1_000);
    for (let output = 200; output < 300; output++) detector.add(randomBytes(4096), output);
    detector.add(Buffer.concat([randomBytes(3), run]), 2_000);
    expect(detector.level).toBeGreaterThanOrEqual(2);
    expect(detector.repeats.length).toBeGreaterThan(0);
    expect(detector.repeats[0]).toMatchObject({ firstOutput: 1_000, secondOutput: 2_000 });
  });

  it("finds a run repeated inside one output, and zeroed memory served as random", () => {
    const detector = new WindowDetector(2 ** 12);
    const run = randomBytes(200);
    detector.add(Buffer.concat([run, run]), 7);
    expect(detector.repeats.length).toBeGreaterThan(0);
    expect(detector.repeats[0]).toMatchObject({ firstOutput: 7, secondOutput: 7 });
    detector.add(Buffer.concat([randomBytes(40), Buffer.alloc(16), randomBytes(40)]), 8);
    expect(detector.zeroWindows).toBe(1);
  });
});

describe("ResourceWatch", () => {
  it("finds an unref'd timer and a socket left open, and nothing once they are closed", async () => {
    const watch = new ResourceWatch();
    const timer = setTimeout(() => {}, 60_000).unref();
    const server = createServer((socket) => socket.on("error", () => {}));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address() as { port: number };
    const socket = connect(address.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const leak = await watch.settle(100);
    expect(leak?.active.some((entry) => entry.startsWith("TCPSocketWrap"))).toBe(true);
    expect(leak?.active.some((entry) => entry.startsWith("TCPServerWrap"))).toBe(true);
    expect(leak?.created.some((entry) => entry.startsWith("Timeout"))).toBe(true);
    clearTimeout(timer);
    socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.unref();

    const clean = new ResourceWatch();
    const again = setTimeout(() => {}, 60_000).unref();
    clearTimeout(again);
    expect(await clean.settle()).toBeUndefined();
  });
});

describe("outcome checks", () => {
  it("report an untyped error, a reason not allowed and a view left partly random", () => {
    const typed = new RandomSourceError("Throttled", "t", { source: "s" });
    const problems = problemsWith(
      [
        { ok: true, size: 4 },
        { ok: false, size: 4, error: new Error("plain"), zeroed: true },
        { ok: false, size: 4, error: typed, zeroed: false },
        {
          ok: false,
          size: 4,
          error: new RandomSourceError("AccessDenied", "a", { source: "s" }),
          zeroed: true,
        },
      ],
      ["Throttled"],
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/not a RandomSourceError/);
    expect(problems[1]).toMatch(/not zero-filled/);
    expect(problems[2]).toMatch(/reason AccessDenied not in \[Throttled\]/);
  });
});

describe("ent and dieharder verdicts", () => {
  it("pass ent's figures for 64 MiB of node:crypto and fail a biased and a counter-like stream", () => {
    const good = {
      bytes: 67108864,
      entropy: 7.999997,
      chiSquare: 263.3,
      chiSquareP: 0.35,
      mean: 127.4875,
      monteCarloPi: 3.141966,
      serialCorrelation: -0.000257,
    };
    expect(judgeEnt(good).problems).toEqual([]);
    const biased = { ...good, chiSquare: 2_000, entropy: 7.99997, mean: 127.2 };
    expect(judgeEnt(biased).problems.map((line) => line.split(" ")[0])).toEqual([
      "chi-square",
      "mean",
      "entropy",
    ]);
    // A counter: every byte value exactly equally often (chi-square 0), strongly serially correlated.
    const counter = { ...good, chiSquare: 0, serialCorrelation: 0.02 };
    expect(judgeEnt(counter).problems.map((line) => line.split(" ")[0])).toEqual(["chi-square", "serial"]);
  });

  it("parses ent's terse line and dieharder's result lines", () => {
    expect(
      parseEntTerse(
        "0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation\n1,1048576,7.999826,252.384277,127.4,3.14,0.0001\n",
      ),
    ).toEqual({
      bytes: 1048576,
      entropy: 7.999826,
      chiSquare: 252.384277,
      mean: 127.4,
      monteCarloPi: 3.14,
      serialCorrelation: 0.0001,
    });
    const lines = parseDieharder(
      [
        "#=============================================================================#",
        "        test_name   |ntup| tsamples |psamples|  p-value |Assessment",
        "   diehard_birthdays|   0|       100|     100|0.69565313|  PASSED  ",
        "      sts_serial|   3|    100000|     100|0.99712345|   WEAK   ",
        "  rgb_lagged_sum|  12|   1000000|     100|0.00000000|  FAILED  ",
      ].join("\n"),
    );
    expect(lines.map((line) => [line.test, line.ntup, line.assessment])).toEqual([
      ["diehard_birthdays", 0, "PASSED"],
      ["sts_serial", 3, "WEAK"],
      ["rgb_lagged_sum", 12, "FAILED"],
    ]);
  });
});
