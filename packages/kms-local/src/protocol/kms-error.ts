/**
 * An error answered the way AWS KMS answers it (awsJson1_1): status code, a JSON body
 * `{"__type": ..., "message": ...}` and the `X-Amzn-ErrorType` header. Errors raised by the Coral
 * framework itself rather than by KMS (SerializationException, UnknownOperationException, the
 * authentication errors) carry Coral's namespace in `__type`, as AWS sends them
 * (`com.amazon.coral.service#SerializationException`); clients strip everything up to `#`.
 */

/** Where an error comes from, which decides how its type is spelt on the wire. */
export type ErrorOrigin = "kms" | "coral";

export class KmsError extends Error {
  override readonly name = "KmsError";
  constructor(
    /** The shape name, e.g. `ThrottlingException`. */
    readonly type: string,
    message: string | undefined,
    readonly status: number,
    readonly origin: ErrorOrigin = "kms",
    /** SerializationException spells its message `Message`, as Coral does. */
    readonly messageKey: "message" | "Message" = "message",
  ) {
    super(message ?? "");
    this.hasMessage = message !== undefined;
  }

  readonly hasMessage: boolean;

  /** The `__type` of the body. */
  get wireType(): string {
    return this.origin === "coral" ? `com.amazon.coral.service#${this.type}` : this.type;
  }

  /** The `X-Amzn-ErrorType` header. */
  get errorTypeHeader(): string {
    return this.origin === "coral"
      ? `${this.type}:http://internal.amazon.com/coral/com.amazon.coral.service/`
      : this.type;
  }

  body(): string {
    const body: Record<string, string> = { __type: this.wireType };
    if (this.hasMessage) body[this.messageKey] = this.message;
    return JSON.stringify(body);
  }
}
