/**
 * A RandomSource that runs another source in a worker thread. The point is latency, not throughput: a
 * remote source's client does its work on the thread that awaits it (the AWS SDK signs, sends and parses
 * on the event loop, about half a millisecond of CPU per GenerateRandom call), and every request queued
 * behind that work waits. Behind a pool, `new PoolSource(await WorkerSource.start(...))`, the serving
 * thread only copies each finished 1 KiB chunk out of a transferred buffer.
 */
import { Worker } from "node:worker_threads";
import {
  RandomSourceBase,
  RandomSourceError,
  type SourceCapabilities,
  toRandomSourceError,
  wrongLengthError,
} from "@rngkit/core";
import { deserializeError, type FromWorker, type ToWorker, type WorkerStart } from "./protocol.js";
import { resolveWorkerSourceOptions, type WorkerSourceOptions } from "./worker-source-options.js";

/**
 * The thread's compiled entry. From the TypeScript sources (this package's own tests) it is still the
 * build's: a worker thread on Node 20 gets no TypeScript loader from `--import` hooks.
 */
function workerEntry(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../dist/worker-main.js", here) : new URL("./worker-main.js", here);
}

interface PendingFill {
  readonly view: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Started {
  readonly worker: Worker;
  readonly name: string;
  readonly capabilities: SourceCapabilities;
}

function unavailable(source: string, message: string): RandomSourceError {
  return new RandomSourceError("Unavailable", `${source}: ${message}`, { source, retryable: false });
}

/** Starts the thread and waits for its `ready` (or its failure, its exit, or the start timeout). */
function startWorker(options: ReturnType<typeof resolveWorkerSourceOptions>): Promise<Started> {
  const workerData: WorkerStart = {
    module: options.module,
    exportName: options.exportName,
    options: options.options,
  };
  let worker: Worker;
  try {
    worker = new Worker(workerEntry(), {
      workerData,
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
      ...(options.execArgv === undefined ? {} : { execArgv: [...options.execArgv] }),
    });
  } catch (error) {
    // Node refuses some settings only here (an execArgv flag a worker cannot take, bad resource limits).
    const message = error instanceof Error ? error.message : String(error);
    return Promise.reject(
      new RandomSourceError("InvalidArgument", `worker: the worker thread could not start: ${message}`, {
        source: "worker",
      }),
    );
  }
  /** Ends a thread that will not be used; an error it raises meanwhile is not the caller's to handle. */
  const discard = () => {
    worker.on("error", () => {});
    void worker.terminate();
  };
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => {
      settle();
      discard();
      reject(
        new RandomSourceError(
          "Timeout",
          `worker: the source was not ready within ${options.startTimeoutMs} ms`,
          {
            source: "worker",
          },
        ),
      );
    }, options.startTimeoutMs);
    const onMessage = (message: FromWorker) => {
      settle();
      if (message.type === "ready") {
        resolve({ worker, name: message.name, capabilities: message.capabilities });
      } else {
        discard();
        reject(
          message.type === "startFailed"
            ? deserializeError(message.error)
            : unavailable("worker", `unexpected first message ${message.type}`),
        );
      }
    };
    const onError = (error: Error) => {
      settle();
      reject(unavailable("worker", `the worker thread failed to start: ${error.message}`));
    };
    const onExit = (code: number) => {
      settle();
      reject(unavailable("worker", `the worker thread exited with code ${code} before it was ready`));
    };
    const settle = () => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
    };
    worker.once("message", onMessage).once("error", onError).once("exit", onExit);
  });
}

export class WorkerSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities: SourceCapabilities;
  readonly #worker: Worker;
  readonly #closeTimeoutMs: number;
  readonly #pending = new Map<number, PendingFill>();
  #nextId = 0;
  /** Set when the thread fails or exits unexpectedly: every call from then on fails with it. */
  #failure: RandomSourceError | undefined;
  readonly #exited: Promise<void>;

  /**
   * Starts a worker thread, builds the source there, and resolves once it is ready. Fails with
   * `InvalidArgument` for options that cannot work (a module that does not import, an export that is
   * not a source), `Timeout` when the source is not built in `startTimeoutMs`, or the source's own error.
   */
  static async start(options: WorkerSourceOptions): Promise<WorkerSource> {
    const resolved = resolveWorkerSourceOptions(options);
    const started = await startWorker(resolved);
    return new WorkerSource(started, resolved.name, resolved.closeTimeoutMs);
  }

  private constructor(started: Started, name: string | undefined, closeTimeoutMs: number) {
    super();
    this.name = name ?? `worker(${started.name})`;
    this.capabilities = Object.freeze({
      maxBytesPerCall: started.capabilities.maxBytesPerCall,
      sync: false,
      remote: started.capabilities.remote,
    });
    this.#worker = started.worker;
    this.#closeTimeoutMs = closeTimeoutMs;
    this.#exited = new Promise((resolve) => started.worker.once("exit", () => resolve()));
    started.worker.on("message", (message: FromWorker) => this.#onMessage(message));
    started.worker.on("error", (error) => this.#fail(`the worker thread failed: ${error.message}`));
    started.worker.on("messageerror", () => this.#fail("a message from the worker thread could not be read"));
    started.worker.on("exit", (code) => {
      if (!this.closed) this.#fail(`the worker thread exited with code ${code}`);
    });
    // An idle worker does not keep the process alive; one with calls in flight does (see fillBytes).
    started.worker.unref();
  }

  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#forget(id);
        this.#post({ type: "abort", id });
        reject(toRandomSourceError(signal.reason, this.name, signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#pending.set(id, {
        view,
        resolve: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      });
      if (this.#pending.size === 1) this.#worker.ref();
      this.#post({ type: "fill", id, byteLength: view.byteLength });
    });
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  /** Drops a call's entry; the thread may stay unref'd once nothing is in flight. */
  #forget(id: number): PendingFill | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
    return pending;
  }

  #onMessage(message: FromWorker): void {
    if (message.type === "filled") {
      const bytes = new Uint8Array(message.bytes);
      const pending = this.#forget(message.id);
      // A late answer to an aborted call: its bytes are nobody's, so they are wiped, never served.
      if (pending === undefined) {
        bytes.fill(0);
        return;
      }
      if (bytes.byteLength !== pending.view.byteLength) {
        bytes.fill(0);
        pending.reject(wrongLengthError(this.name, pending.view.byteLength, bytes.byteLength));
        return;
      }
      pending.view.set(bytes);
      bytes.fill(0);
      pending.resolve();
    } else if (message.type === "failed") {
      this.#forget(message.id)?.reject(deserializeError(message.error));
    }
  }

  /** The thread is gone or broken: every call in flight and every later call fails closed. */
  #fail(message: string): void {
    this.#failure ??= unavailable(this.name, message);
    for (const id of [...this.#pending.keys()]) this.#forget(id)?.reject(this.#failure);
    // A thread that sent what could not be read may still be running calls: nothing will use them.
    void this.#worker.terminate();
  }

  /**
   * Asks the thread to close its source and end; one that has not ended by `closeTimeoutMs` (its source's
   * close hangs), or that has failed already, is terminated. Resolves once the thread is gone.
   */
  protected override async onClose(): Promise<void> {
    this.#worker.ref();
    const graceMs = this.#failure === undefined ? this.#closeTimeoutMs : 0;
    const deadline = setTimeout(() => void this.#worker.terminate(), graceMs);
    if (this.#failure === undefined) this.#post({ type: "close" });
    await this.#exited;
    clearTimeout(deadline);
  }
}
