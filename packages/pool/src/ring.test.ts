import { describe, expect, it } from "vitest";
import { ByteRing } from "./ring.js";

const counting = (from: number, length: number) => Uint8Array.from({ length }, (_, i) => from + i);

describe("ByteRing", () => {
  it("hands bytes out first in first out across the wrap, zeroing each as it leaves", () => {
    const memory = new Uint8Array(10);
    const ring = new ByteRing(memory);
    ring.push(counting(1, 8));
    const first = new Uint8Array(6);
    ring.take(first);
    expect([...first]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...memory]).toEqual([0, 0, 0, 0, 0, 0, 7, 8, 0, 0]);
    ring.push(counting(9, 6)); // wraps: 9 10 at the end, 11-14 at the start
    expect([...memory]).toEqual([11, 12, 13, 14, 0, 0, 7, 8, 9, 10]);
    expect(ring.level).toBe(8);
    const second = new Uint8Array(7);
    ring.take(second);
    expect([...second]).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect([...memory]).toEqual([0, 0, 0, 14, 0, 0, 0, 0, 0, 0]);
    expect(ring.level).toBe(1);
    expect(ring.removed).toBe(13);
  });

  it("takes multiples of four bytes (the word path) and odd sizes alike, wrap or no wrap", () => {
    const memory = new Uint8Array(24);
    const ring = new ByteRing(memory);
    ring.push(counting(1, 20));
    const words = new Uint8Array(8);
    ring.take(words);
    expect([...words]).toEqual([...counting(1, 8)]);
    expect([...memory.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    ring.take(new Uint8Array(3)); // head 11: unaligned
    const unaligned = new Uint8Array(8);
    ring.take(unaligned);
    expect([...unaligned]).toEqual([...counting(12, 8)]);
    ring.push(counting(21, 12)); // 21-24 at the end, 25-32 at the start
    const across = new Uint8Array(12); // a multiple of four across the wrap: the byte loop
    ring.take(across);
    expect([...across]).toEqual([...counting(20, 12)]);
    expect(memory.filter((byte) => byte !== 0).length).toBe(ring.level);
    expect(ring.level).toBe(1);
  });

  it("takes large requests (the native copy path) across the wrap the same way", () => {
    const memory = new Uint8Array(200);
    const ring = new ByteRing(memory);
    ring.push(counting(0, 150).map((byte) => byte + 1));
    ring.take(new Uint8Array(120));
    ring.push(counting(151, 100).map((byte) => byte & 0xff || 1));
    const large = new Uint8Array(130);
    ring.take(large);
    expect([...large]).toEqual([...counting(121, 30), ...counting(151, 100)].map((byte) => byte & 0xff || 1));
    expect(memory.filter((byte) => byte !== 0).length).toBe(ring.level);
    expect(ring.level).toBe(0);
  });

  it("drops and clears by zeroing, and counts what left", () => {
    const memory = new Uint8Array(8);
    const ring = new ByteRing(memory);
    ring.push(counting(1, 6));
    ring.take(new Uint8Array(4));
    ring.push(counting(7, 5));
    ring.drop(3);
    // 5, 6 and 7 dropped; 8 to 11 are left, across the wrap.
    expect([...memory]).toEqual([9, 10, 11, 0, 0, 0, 0, 8]);
    expect(ring.level).toBe(4);
    expect(ring.clear()).toBe(4);
    expect(memory.every((byte) => byte === 0)).toBe(true);
    expect(ring.removed).toBe(11);
  });
});
