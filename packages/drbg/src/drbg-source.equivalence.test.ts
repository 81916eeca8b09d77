/**
 * DrbgSource is the tested DRBG and nothing else: its output equals CtrDrbg's (or HmacDrbg's) fed the
 * same seed material by hand, byte for byte, across read-ahead, chunking, reseeds and prediction
 * resistance. Seeds come from a deterministic stream that the test replays.
 */
import { DeterministicSource } from "@rngkit/testing";
import { describe, expect, it, vi } from "vitest";
import { ControlledSeed, replaySeed } from "../test/controlled-seed.js";
import { CtrDrbg } from "./ctr-drbg.js";
import type { Drbg } from "./drbg.js";
import { DrbgSource } from "./drbg-source.js";
import { HmacDrbg } from "./hmac-drbg.js";

const personalization = Buffer.from("equivalence test");
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** Instantiates `drbg` as DrbgSource does: 48 bytes, entropy input then nonce. */
function instantiateLike(drbg: Drbg, next: (byteLength: number) => Buffer): Drbg {
  const material = next(48);
  drbg.instantiate(material.subarray(0, 32), material.subarray(32), personalization);
  return drbg;
}

/** What DrbgSource serves for one large request: generate calls of at most 64 KiB, in order. */
function generateChunked(drbg: Drbg, byteLength: number): Buffer {
  const parts: Buffer[] = [];
  for (let left = byteLength; left > 0; left -= 65_536) parts.push(drbg.generate(Math.min(65_536, left)));
  return Buffer.concat(parts);
}

describe.each([
  ["ctr-drbg", () => new CtrDrbg()],
  ["hmac-drbg", () => new HmacDrbg()],
] as const)("DrbgSource(%s) equals the bare DRBG", (mechanism, makeDrbg) => {
  it("with read-ahead off: each request is generate calls of at most 64 KiB, reseeds included", async () => {
    const source = new DrbgSource(new ControlledSeed("eq-1"), {
      mechanism,
      personalization,
      readAheadBytes: 0,
    });
    const next = replaySeed("eq-1");
    await source.ready();
    const drbg = instantiateLike(makeDrbg(), next);

    expect(hex(source.fillSync(new Uint8Array(100_000)))).toBe(hex(generateChunked(drbg, 100_000)));
    expect(hex(await source.bytes(33))).toBe(hex(drbg.generate(33)));
    expect(hex(await source.fill(new Uint8Array(200_000)))).toBe(hex(generateChunked(drbg, 200_000)));

    await source.reseed();
    drbg.reseed(next(32));
    expect(hex(source.fillSync(new Uint8Array(7)))).toBe(hex(drbg.generate(7)));
    await source.close();
  });

  it("with read-ahead: requests of up to 256 bytes are cut in order from 4 KiB generate calls", async () => {
    const source = new DrbgSource(new ControlledSeed("eq-2"), { mechanism, personalization });
    const next = replaySeed("eq-2");
    await source.ready();
    const drbg = instantiateLike(makeDrbg(), next);

    const served: Uint8Array[] = [source.fillSync(new Uint8Array(32)), source.fillSync(new Uint8Array(256))];
    const large = source.fillSync(new Uint8Array(300)); // over 256: its own generate call
    served.push(await source.bytes(4000)); // over 256: its own generate call
    served.push(source.fillSync(new Uint8Array(200)));
    const stream = drbg.generate(4096);
    expect(hex(large)).toBe(hex(drbg.generate(300)));
    expect(hex(served[2] as Uint8Array)).toBe(hex(drbg.generate(4000)));
    expect(hex(Buffer.concat([served[0], served[1]] as Uint8Array[]))).toBe(hex(stream.subarray(0, 288)));
    expect(hex(served[3] as Uint8Array)).toBe(hex(stream.subarray(288, 488)));

    // A reseed drops what was generated ahead: nothing from before it is served after it.
    await source.reseed();
    drbg.reseed(next(32));
    expect(hex(source.fillSync(new Uint8Array(16)))).toBe(hex(drbg.generate(4096).subarray(0, 16)));
    await source.close();
  });
});

describe("DrbgSource reseeds as the bare DRBG would", () => {
  it("after a background reseed at the bytes threshold, the next output follows drbg.reseed(next 32 bytes)", async () => {
    const source = new DrbgSource(new ControlledSeed("eq-3"), {
      personalization,
      readAheadBytes: 0,
      reseedAfterBytes: 1000,
    });
    const next = replaySeed("eq-3");
    await source.ready();
    const drbg = instantiateLike(new CtrDrbg(), next);
    expect(hex(source.fillSync(new Uint8Array(1000)))).toBe(hex(drbg.generate(1000)));
    await source.ready(); // waits for the background reseed the threshold started
    drbg.reseed(next(32));
    expect(hex(source.fillSync(new Uint8Array(64)))).toBe(hex(drbg.generate(64)));
    await source.close();
  });

  it("with prediction resistance, each 64 KiB generate call follows a reseed with 32 fresh bytes", async () => {
    const source = new DrbgSource(new DeterministicSource({ seed: "eq-4" }), {
      personalization,
      predictionResistance: true,
    });
    const next = replaySeed("eq-4");
    const first = await source.bytes(100);
    const drbg = instantiateLike(new CtrDrbg(), next);
    drbg.reseed(next(32));
    expect(hex(first)).toBe(hex(drbg.generate(100)));

    const large = await source.bytes(70_000);
    const entropy = next(64);
    drbg.reseed(entropy.subarray(0, 32));
    const head = drbg.generate(65_536);
    drbg.reseed(entropy.subarray(32));
    expect(hex(large)).toBe(hex(Buffer.concat([head, drbg.generate(70_000 - 65_536)])));

    const sync = source.fillSync(new Uint8Array(10));
    drbg.reseed(next(32));
    expect(hex(sync)).toBe(hex(drbg.generate(10)));
    await source.close();
  });

  it("never asks its DRBG for more than 65,536 bytes in one generate call", async () => {
    const sizes: number[] = [];
    const original = CtrDrbg.prototype.generateInto;
    const spy = vi.spyOn(CtrDrbg.prototype, "generateInto").mockImplementation(function (
      this: CtrDrbg,
      target,
      extra,
    ) {
      sizes.push(target.byteLength);
      original.call(this, target, extra);
    });
    try {
      const source = new DrbgSource(new DeterministicSource({ seed: "eq-5" }));
      await source.bytes(1024 * 1024 + 5);
      source.fillSync(new Uint8Array(3 * 65_536));
      await source.close();
    } finally {
      spy.mockRestore();
    }
    expect(sizes.length).toBe(17 + 3);
    expect(Math.max(...sizes)).toBe(65_536);
  });
});
