/**
 * A failed request reported as the aws CLI reports it, so scripts that parse its stderr keep working:
 * a service error is an empty line, then `An error occurred (<Code>) when calling the GenerateRandom
 * operation: <message>` (exit 254); an endpoint that cannot be reached is `Could not connect to the
 * endpoint URL: "<url>"` (exit 255). A source's own failure (no service involved) uses the same shape
 * with its reason as the code. Neither an error nor its cause ever holds random bytes.
 */
import { RandomSourceError } from "@rngkit/core";
import { CliError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";

interface SdkError {
  readonly name: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The SDK exception in an error's cause chain, if the service answered at all. */
export function sdkErrorOf(error: unknown): SdkError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const candidate = current as Partial<SdkError> & { cause?: unknown };
    if (typeof candidate.name === "string" && typeof candidate.$metadata?.httpStatusCode === "number") {
      return candidate as SdkError;
    }
    current = candidate.cause;
  }
  return undefined;
}

function awsLine(code: string, message: string): string {
  return `\nAn error occurred (${code}) when calling the GenerateRandom operation: ${message}\n`;
}

/** The CliError for a failure of the request or of the source stack; `endpointUrl` for network failures. */
export function toServiceError(error: unknown, endpointUrl: string | undefined): CliError {
  const sdk = sdkErrorOf(error);
  if (sdk !== undefined) {
    return new CliError(EXIT.service, awsLine(sdk.name, sdk.message ?? "Unknown"), { cause: error });
  }
  if (RandomSourceError.is(error, "Aborted")) {
    return new CliError(EXIT.interrupted, "\nrngkit: interrupted\n", { cause: error });
  }
  if (
    RandomSourceError.is(error, "Unavailable", "Timeout") &&
    endpointUrl !== undefined &&
    error.source !== "config"
  ) {
    const what =
      error.reason === "Timeout" ? "Read timeout on endpoint URL" : "Could not connect to the endpoint URL";
    return new CliError(EXIT.failure, `\n${what}: "${endpointUrl}"\n`, { cause: error });
  }
  if (RandomSourceError.is(error)) {
    return new CliError(EXIT.service, awsLine(error.reason, error.message), { cause: error });
  }
  throw error;
}

/** The URL the aws CLI names in connection errors: the endpoint with a trailing slash. */
export function endpointForMessages(
  endpoint: string | undefined,
  region: string | undefined,
): string | undefined {
  if (endpoint !== undefined) return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  return region === undefined ? undefined : `https://kms.${region}.amazonaws.com/`;
}
