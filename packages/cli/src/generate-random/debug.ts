/**
 * `--debug`: what rngkit decided and did, on stderr, one `rngkit debug:` line each: the settings and
 * where they came from, the mode, the source path, and one line per KMS call (size, attempt, time,
 * outcome, request id) from @rngkit/kms's diagnostics channel. Never a random byte, never a secret:
 * an access key id is shown by its last four characters, a secret never.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { KmsCallEvent } from "@rngkit/kms";

export interface Debug {
  readonly enabled: boolean;
  log(message: string): void;
  /** Logs every KMS call until the returned function is called. */
  watchKmsCalls(): () => void;
}

export function maskAccessKeyId(id: string): string {
  return id.length <= 4 ? "****" : `${"*".repeat(Math.min(16, id.length - 4))}${id.slice(-4)}`;
}

export function createDebug(enabled: boolean, write: (text: string) => void): Debug {
  const log = (message: string) => {
    if (enabled) write(`rngkit debug: ${message}\n`);
  };
  return {
    enabled,
    log,
    watchKmsCalls: () => {
      if (!enabled) return () => {};
      const onCall = (message: unknown) => {
        const event = message as KmsCallEvent;
        log(
          `${event.operation} attempt ${event.attempt}: ${event.byteLength} bytes, ${event.durationMs.toFixed(1)} ms, ` +
            `${event.error ?? "ok"}${event.requestId === undefined ? "" : `, request id ${event.requestId}`}`,
        );
      };
      diagnosticsChannel.subscribe("rngkit:kms:call", onCall);
      return () => diagnosticsChannel.unsubscribe("rngkit:kms:call", onCall);
    },
  };
}
