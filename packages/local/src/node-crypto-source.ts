/**
 * node:crypto's CSPRNG (OpenSSL's DRBG, seeded by the kernel) as a RandomSource: the reference every
 * other source is measured against, and the fallback users compose explicitly when they want one.
 */
import { randomFill, randomFillSync } from "node:crypto";
import { MAX_RANDOM_BYTES, type SourceCapabilities, SyncRandomSourceBase } from "@rngkit/core";

const CAPABILITIES: SourceCapabilities = Object.freeze({
  maxBytesPerCall: MAX_RANDOM_BYTES,
  sync: true,
  remote: false,
});

export class NodeCryptoSource extends SyncRandomSourceBase {
  readonly name = "node-crypto";
  readonly capabilities = CAPABILITIES;

  /**
   * crypto.randomFill runs on libuv's thread pool and cannot be interrupted, so an abort takes effect
   * when the fill returns: the base class then zeroes the view and rejects with `Aborted`.
   */
  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      randomFill(view, (error) => {
        if (error) reject(error);
        else if (signal.aborted) reject(signal.reason);
        else resolve();
      });
    });
  }

  protected fillBytesSync(view: Uint8Array): void {
    randomFillSync(view);
  }
}
