/**
 * Maps what the AWS SDK throws for a KMS call onto RandomSourceError reasons. The SDK error stays as
 * `cause` (its `$metadata` carries the request id for support cases); an error body holds no random
 * bytes. Names and status codes: the KMS service model (botocore data/kms/2014-11-01/service-2.json).
 */
import { RandomSourceError, type RandomSourceErrorDetails, type RandomSourceErrorReason } from "@rngkit/core";

interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $fault?: "client" | "server";
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

const BY_NAME: Readonly<Record<string, readonly [RandomSourceErrorReason, boolean]>> = {
  ThrottlingException: ["Throttled", true],
  TooManyRequestsException: ["Throttled", true],
  LimitExceededException: ["Throttled", true],
  DependencyTimeoutException: ["Unavailable", true],
  KMSInternalException: ["Unavailable", true],
  ServiceUnavailableException: ["Unavailable", true],
  AccessDeniedException: ["AccessDenied", false],
  UnrecognizedClientException: ["AccessDenied", false],
  InvalidSignatureException: ["AccessDenied", false],
  IncompleteSignature: ["AccessDenied", false],
  IncompleteSignatureException: ["AccessDenied", false],
  MissingAuthenticationTokenException: ["AccessDenied", false],
  ExpiredTokenException: ["AccessDenied", false],
  InvalidClientTokenId: ["AccessDenied", false],
  CustomKeyStoreNotFoundException: ["KeyStoreNotFound", false],
  CustomKeyStoreInvalidStateException: ["KeyStoreInvalidState", false],
  UnsupportedOperationException: ["Unsupported", false],
  UnknownOperationException: ["Unsupported", false],
  ValidationException: ["InvalidArgument", false],
  SerializationException: ["InvalidArgument", false],
  InvalidParameterValue: ["InvalidArgument", false],
};

/** Errors that mean the request's clock is off; the SDK has corrected its offset when one arrives. */
const CLOCK_SKEW = /signature expired|request ?time ?too ?skewed|requestexpired|clock skew/i;

/** Socket-level failures: the request may never have reached KMS, so trying again is safe. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

export function isClockSkewError(error: unknown): boolean {
  const { name = "", message = "" } = (error ?? {}) as SdkErrorShape;
  return (
    CLOCK_SKEW.test(name) ||
    ((name === "InvalidSignatureException" || name === "AccessDeniedException") && CLOCK_SKEW.test(message))
  );
}

/** Turns an SDK or network error into the RandomSourceError rngkit reports and retries on. */
export function mapKmsError(
  error: unknown,
  source: string,
  operation: string,
  details?: RandomSourceErrorDetails,
): RandomSourceError {
  if (RandomSourceError.is(error)) return error;
  const shape = (error ?? {}) as SdkErrorShape;
  const name = shape.name ?? "Error";
  const status = shape.$metadata?.httpStatusCode;
  const withDetails = (reason: RandomSourceErrorReason, retryable: boolean, what: string) =>
    new RandomSourceError(reason, `${source}: ${operation} failed: ${what}`, {
      source,
      retryable,
      cause: error,
      details: {
        ...(status === undefined ? {} : { httpStatusCode: status }),
        ...(shape.$metadata?.requestId === undefined ? {} : { requestId: shape.$metadata.requestId }),
        ...details,
      },
    });
  const described = `${name}: ${shape.message ?? "(no message)"}`;

  if (isClockSkewError(error)) return withDetails("AccessDenied", true, `${described} (clock skew)`);
  const known = BY_NAME[name];
  if (known) return withDetails(known[0], known[1], described);
  if (status === 429) return withDetails("Throttled", true, described);
  if (status !== undefined && status >= 500) return withDetails("Unavailable", true, described);
  const code = shape.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (
    status === undefined &&
    (code === undefined ? /socket hang up|network/i.test(described) : NETWORK_CODES.has(code))
  ) {
    return withDetails("Unavailable", true, `network error: ${code ?? described}`);
  }
  return withDetails("Unavailable", false, described);
}
