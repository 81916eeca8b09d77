import { createHmac } from "node:crypto";
import { RandomSourceError } from "@rngkit/core";
import { NodeCryptoSource } from "@rngkit/local";
import {
  byteFrequencyTest,
  DeterministicSource,
  describeRandomSource,
  ScriptedSource,
  step,
} from "@rngkit/testing";
import { describe, expect, it } from "vitest";
import { PatternSource } from "../test/pattern-source.js";
import { MixSource } from "./mix-source.js";

describeRandomSource(
  "MixSource over NodeCryptoSource and DeterministicSource",
  () => new MixSource([new NodeCryptoSource(), new DeterministicSource({ seed: "mix" })]),
);
describeRandomSource(
  "MixSource over two async sources",
  () => new MixSource([new ScriptedSource({ name: "a", concurrency: 4 }), new ScriptedSource({ name: "b" })]),
);

/** The documented construction, computed by hand: block i = HMAC-SHA-256(salt, I2OSP(i, 8) ‖ a_i ‖ b_i). */
function expectedMix(a: Uint8Array, b: Uint8Array, byteLength: number): Buffer {
  const blocks: Buffer[] = [];
  for (let block = 0; block * 32 < byteLength; block++) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(block));
    blocks.push(
      createHmac("sha256", "rngkit/compose MixSource v1")
        .update(counter)
        .update(a.subarray(block * 32, block * 32 + 32))
        .update(b.subarray(block * 32, block * 32 + 32))
        .digest(),
    );
  }
  return Buffer.concat(blocks).subarray(0, byteLength);
}

describe("MixSource", () => {
  it("outputs HKDF-Extract of fresh 32-byte draws per block, exactly as documented", async () => {
    const mix = new MixSource([
      new DeterministicSource({ seed: "x", name: "x" }),
      new DeterministicSource({ seed: "y", name: "y" }),
    ]);
    const output = await mix.bytes(100);
    const a = new DeterministicSource({ seed: "x" }).fillSync(new Uint8Array(128));
    const b = new DeterministicSource({ seed: "y" }).fillSync(new Uint8Array(128));
    expect(output.toString("hex")).toBe(expectedMix(a, b, 100).toString("hex"));
    const next = mix.fillSync?.(new Uint8Array(32)) as Uint8Array;
    const a2 = new DeterministicSource({ seed: "x" }).fillSync(new Uint8Array(160)).subarray(128);
    const b2 = new DeterministicSource({ seed: "y" }).fillSync(new Uint8Array(160)).subarray(128);
    expect(Buffer.from(next).toString("hex")).toBe(expectedMix(a2, b2, 32).toString("hex"));
    await mix.close();
  });

  it("stays unpredictable when one input is constant, and two copies of one seeded stream do not cancel (XOR would give zeros)", async () => {
    const withStuck = new MixSource([new PatternSource("zeros", () => 0), new NodeCryptoSource()]);
    const copies = new MixSource([
      new DeterministicSource({ seed: "same", name: "copy-1" }),
      new DeterministicSource({ seed: "same", name: "copy-2" }),
    ]);
    for (const mix of [withStuck, copies]) {
      const output = await mix.bytes(256 * 1024);
      expect(output.every((byte) => byte === 0)).toBe(false);
      const { pUpper, pLower } = byteFrequencyTest(output);
      expect(Math.min(pUpper, pLower)).toBeGreaterThan(1e-9);
      await mix.close();
    }
  });

  it("draws 32 bytes per output block from every upstream, concurrently", async () => {
    const a = new ScriptedSource({ name: "a", maxBytesPerCall: 1 << 20 });
    const b = new ScriptedSource({ name: "b", maxBytesPerCall: 1 << 20 });
    const mix = new MixSource([a, b]);
    await mix.bytes(33);
    await mix.bytes(70_000); // two rounds: 65,536 then 4,464 (rounded up to 4,480)
    expect(a.calls.map((call) => call.byteLength)).toEqual([64, 65_536, 4_480]);
    expect(b.calls.map((call) => call.byteLength)).toEqual([64, 65_536, 4_480]);
    await mix.close();
  });

  it("fails when any upstream fails (reason kept, view zeroed), aborting the other draws", async () => {
    const hanging = new ScriptedSource({ name: "hanging", script: [step.hang()] });
    const failing = new ScriptedSource({ name: "failing", script: [step.fail("AccessDenied")] });
    const mix = new MixSource([hanging, failing]);
    const target = new Uint8Array(64).fill(9);
    const error = await mix.fill(target).catch((caught: unknown) => caught);
    expect(RandomSourceError.is(error, "AccessDenied")).toBe(true);
    expect(target.every((byte) => byte === 0)).toBe(true);
    expect(hanging.calls).toEqual([{ byteLength: 64, step: "hang" }]);
    expect((await mix.bytes(8)).byteLength).toBe(8); // the hang was aborted, the source still serves
    await mix.close();
  });

  it("refuses the same source twice, two sources of one name, and fewer than two", () => {
    const one = new NodeCryptoSource();
    const refuses = (upstreams: unknown, message: string) =>
      expect(() => new MixSource(upstreams as never)).toThrowError(
        expect.objectContaining({
          reason: "InvalidArgument",
          message: expect.stringContaining(message),
        }) as Error,
      );
    refuses([one, one], "upstreams[1] (node-crypto) is given twice");
    refuses([one, new NodeCryptoSource()], "two upstreams are named node-crypto");
    refuses([one], "needs at least 2 upstreams");
    refuses([one, {}], "upstreams[1] is not a RandomSource");
    refuses(one, "upstreams must be an array");
  });

  it("is sync only over sync upstreams, is remote if any upstream is, and owns its upstreams", async () => {
    const scripted = new ScriptedSource({ name: "remote" });
    const local = new NodeCryptoSource();
    const mixed = new MixSource([local, scripted]);
    expect(mixed.name).toBe("mix(node-crypto,remote)");
    expect(mixed.capabilities).toMatchObject({ sync: false, remote: true });
    expect("fillSync" in mixed).toBe(false);
    await mixed.close();
    expect(local.closed && scripted.closed).toBe(true);
    const kept = [new NodeCryptoSource(), new DeterministicSource({ seed: 1 })];
    await new MixSource(kept, { ownsUpstream: false }).close();
    expect(kept.some((upstream) => upstream.closed)).toBe(false);
  });
});
