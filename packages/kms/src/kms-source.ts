/**
 * AWS KMS GenerateRandom as a RandomSource. Any length is served by chunked calls of at most 1024 bytes
 * through core's fillInChunks, with bounded concurrency; every response's length is checked exactly.
 */
import type { GenerateRandomCommandInput, KMSClient } from "@aws-sdk/client-kms";
import {
  fillInChunks,
  RandomSourceBase,
  RandomSourceError,
  type SourceCapabilities,
  wrongLengthError,
} from "@rngkit/core";
import { type KmsCallOptions, sendGenerateRandom } from "./generate-random-call.js";
import {
  KMS_MAX_BYTES_PER_CALL,
  type KmsSourceOptions,
  resolveKmsSourceOptions,
} from "./kms-source-options.js";
import type { ResolvedRetryPolicy } from "./retry-policy.js";

const CAPABILITIES: SourceCapabilities = Object.freeze({
  maxBytesPerCall: KMS_MAX_BYTES_PER_CALL,
  sync: false,
  remote: true,
});

export class KmsSource extends RandomSourceBase {
  readonly name: string;
  readonly capabilities = CAPABILITIES;
  protected readonly client: KMSClient;
  protected readonly retry: ResolvedRetryPolicy;
  protected readonly timeoutMs: number;
  readonly #ownsClient: boolean;
  readonly #concurrency: number;

  /** The default name's prefix: `kms:<region>`. */
  protected static readonly kind: string = "kms";

  constructor(options: KmsSourceOptions = {}) {
    super();
    const resolved = resolveKmsSourceOptions(options, (new.target as typeof KmsSource).kind);
    this.name = resolved.name;
    this.client = resolved.client;
    this.retry = resolved.retry;
    this.timeoutMs = resolved.timeoutMs;
    this.#ownsClient = resolved.ownsClient;
    this.#concurrency = resolved.concurrency;
  }

  protected fillBytes(view: Uint8Array, signal: AbortSignal): Promise<void> {
    return fillInChunks(view, (byteLength, callSignal) => this.generate(byteLength, callSignal), {
      source: this.name,
      maxBytesPerCall: KMS_MAX_BYTES_PER_CALL,
      concurrency: this.#concurrency,
      signal,
    });
  }

  /** The GenerateRandom input for one chunk; CloudHsmKeyStoreSource adds its CustomKeyStoreId. */
  protected requestFor(byteLength: number): GenerateRandomCommandInput {
    return { NumberOfBytes: byteLength };
  }

  protected callOptions(signal: AbortSignal): KmsCallOptions {
    return { source: this.name, retry: this.retry, timeoutMs: this.timeoutMs, signal };
  }

  /** One chunk: exactly `byteLength` bytes of Plaintext, or InvalidResponse with no SDK output attached. */
  protected async generate(byteLength: number, signal: AbortSignal): Promise<Uint8Array> {
    const output = await sendGenerateRandom(
      this.client,
      this.requestFor(byteLength),
      this.callOptions(signal),
    );
    const plaintext = output.Plaintext;
    if (!(plaintext instanceof Uint8Array)) {
      throw new RandomSourceError("InvalidResponse", `${this.name}: GenerateRandom returned no Plaintext`, {
        source: this.name,
      });
    }
    if (plaintext.byteLength !== byteLength) {
      plaintext.fill(0);
      throw wrongLengthError(this.name, byteLength, plaintext.byteLength);
    }
    return plaintext;
  }

  protected override onClose(): void {
    if (this.#ownsClient) this.client.destroy();
  }
}
