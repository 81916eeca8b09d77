/**
 * The worker thread's entry: builds the source, then answers `fill` requests with transferred buffers
 * until told to close. Runs only inside a worker started by WorkerSource.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { RandomSource } from "@rngkit/core";
import { buildSource } from "./build-source.js";
import { type FromWorker, serializeError, type ToWorker, type WorkerStart } from "./protocol.js";

function portToParent(): MessagePort {
  if (parentPort === null) throw new Error("@rngkit/worker: worker-main runs only in a worker thread");
  return parentPort;
}
const port = portToParent();
/**
 * Posts to the parent. An answer that cannot be posted is wiped and replaced by a failure, so that the
 * call it answers still settles; what cannot be posted at all (the port closed meanwhile) is dropped.
 */
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => {
  try {
    port.postMessage(message, transfer);
  } catch {
    for (const buffer of transfer) new Uint8Array(buffer).fill(0);
    if (message.type !== "filled" && message.type !== "failed") return;
    const error = serializeError(new Error("its answer could not be sent to the parent thread"), "worker");
    try {
      port.postMessage({ type: "failed", id: message.id, error } satisfies FromWorker);
    } catch {}
  }
};

/** The buffer's whole ArrayBuffer when it owns it (bytes() promises that), else a copy; the original is zeroed. */
function ownedArrayBuffer(bytes: Buffer): ArrayBuffer {
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return buffer;
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  bytes.fill(0);
  return copy.buffer;
}

function serve(source: RandomSource): void {
  const calls = new Map<number, AbortController>();
  port.on("message", (message: ToWorker) => {
    if (message.type === "fill") {
      const controller = new AbortController();
      calls.set(message.id, controller);
      source.bytes(message.byteLength, { signal: controller.signal }).then(
        (bytes) => {
          calls.delete(message.id);
          const buffer = ownedArrayBuffer(bytes);
          post({ type: "filled", id: message.id, bytes: buffer }, [buffer]);
        },
        (error: unknown) => {
          calls.delete(message.id);
          post({ type: "failed", id: message.id, error: serializeError(error, source.name) });
        },
      );
    } else if (message.type === "abort") {
      calls.get(message.id)?.abort();
    } else {
      for (const controller of calls.values()) controller.abort();
      // Closing the port lets the thread end once the source has let go of its sockets and timers.
      void source
        .close()
        .catch(() => {})
        .finally(() => port.close());
    }
  });
}

const { module, exportName, options } = workerData as WorkerStart;
try {
  const source = await buildSource(module, exportName, options);
  serve(source);
  post({ type: "ready", name: source.name, capabilities: { ...source.capabilities } });
} catch (error) {
  post({ type: "startFailed", error: serializeError(error, "worker") });
  port.close();
}
