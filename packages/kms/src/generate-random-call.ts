/**
 * The layer under every KMS-backed source: one KMS call (GenerateRandom, or the DescribeCustomKeyStores
 * a key-store source needs), with rngkit's retries and a per-attempt timeout, returning the raw SDK
 * output. KmsSource, CloudHsmKeyStoreSource and the Nitro recipient source all call it, so retry
 * behaviour is written once.
 */
import {
  DescribeCustomKeyStoresCommand,
  type DescribeCustomKeyStoresCommandInput,
  type DescribeCustomKeyStoresCommandOutput,
  GenerateRandomCommand,
  type GenerateRandomCommandInput,
  type GenerateRandomCommandOutput,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { abortedError, RandomSourceError } from "@rngkit/core";
import pRetry from "p-retry";
import { type KmsCallEvent, type KmsRetryEvent, kmsChannels } from "./events.js";
import { isClockSkewError, mapKmsError } from "./map-kms-error.js";
import type { ResolvedRetryPolicy } from "./retry-policy.js";

export interface KmsCallOptions {
  /** The calling source's name, for errors and events. */
  readonly source: string;
  readonly retry: ResolvedRetryPolicy;
  /** Each attempt is abandoned (reason `Timeout`, retryable) after this long, in ms. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** What one call does: its operation's name, the bytes it asks for, and how to send it once. */
interface KmsCall<T extends { $metadata?: { requestId?: string } }> {
  readonly operation: string;
  readonly byteLength: number;
  readonly send: (abortSignal: AbortSignal) => Promise<T>;
}

function timeoutError(source: string, operation: string, timeoutMs: number): RandomSourceError {
  return new RandomSourceError("Timeout", `${source}: ${operation} took longer than ${timeoutMs} ms`, {
    source,
  });
}

/**
 * One HTTP attempt, bounded by its own timer, which is always cleared (no timer outlives the call). The
 * attempt's signal is linked to the caller's by a listener rather than `AbortSignal.any`, which costs a
 * WeakRef and a finalizer per attempt (measurable at thousands of calls per second).
 */
async function attemptOnce<T extends { $metadata?: { requestId?: string } }>(
  call: KmsCall<T>,
  options: KmsCallOptions,
  attempt: number,
): Promise<T> {
  const { source, timeoutMs, signal } = options;
  const { operation } = call;
  const attemptController = new AbortController();
  const timer = setTimeout(
    () => attemptController.abort(timeoutError(source, operation, timeoutMs)),
    timeoutMs,
  );
  const onCallerAbort = () => attemptController.abort(signal?.reason);
  signal?.addEventListener("abort", onCallerAbort, { once: true });
  const started = performance.now();
  let failure: RandomSourceError | undefined;
  let requestId: string | undefined;
  try {
    const output = await call.send(attemptController.signal);
    requestId = output.$metadata?.requestId;
    return output;
  } catch (error) {
    if (signal?.aborted) failure = abortedError(source, signal);
    else if (attemptController.signal.aborted) failure = attemptController.signal.reason as RandomSourceError;
    else failure = mapKmsError(error, source, operation);
    requestId = failure.details?.requestId as string | undefined;
    throw failure;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCallerAbort);
    if (kmsChannels.call.hasSubscribers) {
      const event: KmsCallEvent = {
        source,
        operation,
        byteLength: call.byteLength,
        attempt,
        durationMs: performance.now() - started,
        ...(failure === undefined ? {} : { error: failure.reason }),
        ...(requestId === undefined ? {} : { requestId }),
      };
      kmsChannels.call.publish(event);
    }
    if (failure?.reason === "Throttled" && kmsChannels.throttle.hasSubscribers) {
      kmsChannels.throttle.publish({ source, operation });
    }
  }
}

/**
 * Sends one call with rngkit's retry policy: throttling, 5xx, dependency timeouts, per-attempt timeouts
 * and network errors are retried with jittered exponential backoff, a clock-skew error at most once,
 * nothing else. The caller's abort is honoured during backoff and gives reason `Aborted`.
 */
async function sendWithRetry<T extends { $metadata?: { requestId?: string } }>(
  call: KmsCall<T>,
  options: KmsCallOptions,
): Promise<T> {
  const { retry, signal, source } = options;
  const { operation } = call;
  let skewRetried = false;
  try {
    return await pRetry((attempt) => attemptOnce(call, options, attempt), {
      retries: retry.maxAttempts - 1,
      minTimeout: retry.minDelayMs,
      maxTimeout: retry.maxDelayMs,
      factor: retry.factor,
      maxRetryTime: retry.maxElapsedMs,
      randomize: true,
      signal,
      shouldRetry: ({ error, attemptNumber }) => {
        if (!RandomSourceError.is(error) || !error.retryable) return false;
        if (isClockSkewError(error.cause)) {
          if (skewRetried) return false;
          skewRetried = true;
        }
        if (kmsChannels.retry.hasSubscribers) {
          const event: KmsRetryEvent = { source, operation, attempt: attemptNumber, reason: error.reason };
          kmsChannels.retry.publish(event);
        }
        return true;
      },
    });
  } catch (error) {
    if (signal?.aborted) throw RandomSourceError.is(error, "Aborted") ? error : abortedError(source, signal);
    throw mapKmsError(error, source, operation);
  }
}

/**
 * Sends GenerateRandom with `input` as it stands and returns the SDK's output untouched. The output may
 * hold Plaintext or CiphertextForRecipient: never log it, never attach it to an error.
 */
export function sendGenerateRandom(
  client: KMSClient,
  input: GenerateRandomCommandInput,
  options: KmsCallOptions,
): Promise<GenerateRandomCommandOutput> {
  return sendWithRetry(
    {
      operation: "GenerateRandom",
      byteLength: input.NumberOfBytes ?? 0,
      send: (abortSignal) => client.send(new GenerateRandomCommand(input), { abortSignal }),
    },
    options,
  );
}

/** Sends DescribeCustomKeyStores with the same retry policy, for key-store preflight and health. */
export function sendDescribeCustomKeyStores(
  client: KMSClient,
  input: DescribeCustomKeyStoresCommandInput,
  options: KmsCallOptions,
): Promise<DescribeCustomKeyStoresCommandOutput> {
  return sendWithRetry(
    {
      operation: "DescribeCustomKeyStores",
      byteLength: 0,
      send: (abortSignal) => client.send(new DescribeCustomKeyStoresCommand(input), { abortSignal }),
    },
    options,
  );
}
