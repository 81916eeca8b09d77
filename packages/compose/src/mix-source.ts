/**
 * MixSource: bytes at least as unpredictable as those of the strongest of its upstreams.
 *
 * Construction. Every 32-byte output block i is HKDF-Extract (RFC 5869 §2.2) with a fixed, public salt:
 *
 *     out_i = HMAC-SHA-256(salt = "rngkit/compose MixSource v1", i ‖ a_i ‖ b_i ‖ …)
 *
 * where a_i, b_i, … are 32 fresh bytes drawn from each upstream for that block (independent draws, made
 * concurrently, never reused). This is SP 800-133 Rev. 2 §6.3 Method 3, the "key-extraction process"
 * NIST approves for combining several keys and other data (here the block counter) into one key, and
 * Krawczyk's analysis of HMAC as a computational randomness extractor ("Cryptographic Extraction and Key
 * Derivation: The HKDF Scheme", CRYPTO 2010) is why one unpredictable input suffices: whatever the other
 * inputs are, even chosen by an adversary who does not know the strong one, the block is as hard to
 * predict as the strong input is (up to SHA-256's 256 bits per block).
 *
 * Why not XOR (Vault's `source=all`): XOR is only as strong as the strongest input when the inputs are
 * independent. Two copies of one seeded source XOR to zeros, and an upstream that can see or predict
 * another's output can cancel it. The hash combiner has neither failure: equal inputs hash to a random-
 * looking block, and cancelling would need a SHA-256 preimage. The same source is still refused twice,
 * because it adds nothing and is a configuration mistake.
 *
 * Cost: 32 bytes from every upstream and one HMAC per 32 output bytes (tens of MB/s), so it suits
 * seeding (DrbgSource(MixSource([kms, local]))) rather than bulk output. Any upstream failing fails the
 * call: serving from the others would silently weaken the promise (DESIGN invariant 2).
 */
import { createHmac } from "node:crypto";
import {
  type ComposedSourceOptions,
  MAX_RANDOM_BYTES,
  type RandomSource,
  RandomSourceBase,
  type SourceCapabilities,
  toRandomSourceError,
} from "@rngkit/core";
import { allSync, type FillSync, syncFill } from "./sync-fill.js";
import { checkOwnsUpstream, checkUpstreams, closeAll, composedName } from "./upstreams.js";

export interface MixSourceOptions extends ComposedSourceOptions {
  /** Default `mix(<upstream names>)`. */
  readonly name?: string;
}

const BLOCK = 32;
const SALT = Buffer.from("rngkit/compose MixSource v1", "latin1");
/** Output per round of upstream draws: bounds the memory a large request holds at once. */
const ROUND_BYTES = 64 * 1024;

export class MixSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  /** Present when every upstream serves synchronously (see sync-fill.ts). */
  declare readonly fillSync?: FillSync;
  readonly #upstreams: readonly RandomSource[];
  readonly #ownsUpstream: boolean;

  constructor(upstreams: readonly RandomSource[], options: MixSourceOptions = {}) {
    super();
    this.#upstreams = checkUpstreams(upstreams, "mix", 2);
    this.name = composedName("mix", this.#upstreams, options.name);
    this.#ownsUpstream = checkOwnsUpstream(options.ownsUpstream, this.name);
    const sync = allSync(this.#upstreams);
    this.capabilities = Object.freeze({
      maxBytesPerCall: MAX_RANDOM_BYTES,
      sync,
      remote: this.#upstreams.some((upstream) => upstream.capabilities.remote),
    });
    if (sync) {
      Object.defineProperty(this, "fillSync", {
        value: syncFill(
          this,
          (view) => this.#fillBytesSync(view),
          (byteLength, started, error) => this.publishFill(byteLength, true, started, error),
        ),
      });
    }
  }

  protected async fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    for (let offset = 0; offset < view.byteLength; offset += ROUND_BYTES) {
      const out = view.subarray(offset, Math.min(view.byteLength, offset + ROUND_BYTES));
      const draws = await this.#drawAll(Math.ceil(out.byteLength / BLOCK) * BLOCK, signal);
      try {
        combine(draws, out, offset / BLOCK);
      } finally {
        for (const draw of draws) draw.fill(0);
      }
    }
  }

  #fillBytesSync(view: Uint8Array): void {
    for (let offset = 0; offset < view.byteLength; offset += ROUND_BYTES) {
      const out = view.subarray(offset, Math.min(view.byteLength, offset + ROUND_BYTES));
      const length = Math.ceil(out.byteLength / BLOCK) * BLOCK;
      const draws: Uint8Array[] = [];
      try {
        for (const upstream of this.#upstreams) {
          draws.push((upstream as RandomSource & { fillSync: FillSync }).fillSync(Buffer.alloc(length)));
        }
        combine(draws, out, offset / BLOCK);
      } finally {
        for (const draw of draws) draw.fill(0);
      }
    }
  }

  /** One draw from every upstream, concurrently; on the first failure the others are aborted and awaited. */
  async #drawAll(byteLength: number, signal: AbortSignal): Promise<Uint8Array[]> {
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    let failure: unknown;
    const settled = await Promise.allSettled(
      this.#upstreams.map((upstream) =>
        upstream.bytes(byteLength, { signal: both }).catch((error: unknown) => {
          failure ??= toRandomSourceError(error, upstream.name, signal);
          stop.abort(failure);
          throw error;
        }),
      ),
    );
    const draws = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    if (failure !== undefined) {
      for (const draw of draws) draw.fill(0);
      throw failure;
    }
    return draws;
  }

  protected override async onClose(): Promise<void> {
    if (this.#ownsUpstream) await closeAll(this.#upstreams);
  }
}

/** out block i (counting from `firstBlock`) = HMAC-SHA-256(SALT, I2OSP(i, 8) ‖ draw_0[i] ‖ draw_1[i] ‖ …). */
function combine(draws: readonly Uint8Array[], out: Uint8Array, firstBlock: number): void {
  const counter = Buffer.alloc(8);
  for (let block = 0; block * BLOCK < out.byteLength; block++) {
    counter.writeBigUInt64BE(BigInt(firstBlock + block));
    const hmac = createHmac("sha256", SALT).update(counter);
    for (const draw of draws) hmac.update(draw.subarray(block * BLOCK, (block + 1) * BLOCK));
    const digest = hmac.digest();
    out.set(digest.subarray(0, Math.min(BLOCK, out.byteLength - block * BLOCK)), block * BLOCK);
    digest.fill(0);
  }
}
