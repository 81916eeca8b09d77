import { describe, expect, it } from "vitest";
import { ReadAhead } from "./read-ahead.js";

/** A refill that writes 1, 2, 3... into successive buffers. */
function counter() {
  let fills = 0;
  return (buffer: Uint8Array) => {
    buffer.fill(++fills);
    return true;
  };
}

describe("ReadAhead", () => {
  it("cuts requests from the buffer in order, refilling it when empty, across the boundary", () => {
    const readAhead = new ReadAhead(8);
    const refill = counter();
    const first = new Uint8Array(5);
    const second = new Uint8Array(6);
    expect(readAhead.serve(first, 0, refill)).toBe(5);
    expect(readAhead.serve(second, 0, refill)).toBe(6);
    expect([...first]).toEqual([1, 1, 1, 1, 1]);
    expect([...second]).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it("stops where a refill is refused, and serves nothing from before drop()", () => {
    const readAhead = new ReadAhead(4);
    const refill = counter();
    readAhead.serve(new Uint8Array(1), 0, refill);
    const view = new Uint8Array(6);
    expect(readAhead.serve(view, 0, () => false)).toBe(3);
    readAhead.drop();
    expect(readAhead.serve(view, 3, refill)).toBe(6);
    expect([...view]).toEqual([1, 1, 1, 2, 2, 2]);
  });
});
