/**
 * The errors kms-local answers with, built in one place so their wording never drifts. Types and status
 * codes follow the KMS service model (botocore data/kms/2014-11-01/service-2.json); messages are AWS's where
 * they were recorded (../shared/facts/kms-and-nitro.md: validation, throttling; the Coral authentication and
 * serialization messages as recorded by dynalite against AWS) and rngkit's own wording elsewhere (marked
 * "rngkit wording" in the README).
 */
import { KmsError } from "./kms-error.js";

/** Status codes of modelled KMS errors (service model `httpError`); everything else is 400. */
const STATUS: Readonly<Record<string, number>> = {
  DependencyTimeoutException: 503,
  KMSInternalException: 500,
  KMSInvalidStateException: 409,
  NotFoundException: 400,
  ThrottlingException: 400,
  InternalFailure: 500,
  ServiceUnavailableException: 503,
  RequestTimeoutException: 408,
  RequestEntityTooLargeException: 413,
};

/** Default messages of errors injected by name without one. */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  ThrottlingException:
    "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
  DependencyTimeoutException:
    "The system timed out while trying to fulfill the request. You can retry the request.",
  KMSInternalException:
    "The request was rejected because an internal exception occurred. The request can be retried.",
};

export function statusOf(type: string): number {
  return STATUS[type] ?? 400;
}

/** An error a test asked for by name (fault injection). */
export function injectedError(type: string, message?: string, status?: number): KmsError {
  return new KmsError(
    type,
    message ?? DEFAULT_MESSAGES[type] ?? `Injected ${type}`,
    status ?? statusOf(type),
  );
}

export const throttling = (): KmsError => injectedError("ThrottlingException");

/** One or more constraint violations, in Coral's format. */
export function validation(problems: readonly string[]): KmsError {
  const count = problems.length;
  return new KmsError(
    "ValidationException",
    `${count} validation error${count === 1 ? "" : "s"} detected: ${problems.join("; ")}`,
    400,
  );
}

/** A ValidationException with a message of its own (e.g. "NumberOfBytes is required."). */
export function validationMessage(message: string): KmsError {
  return new KmsError("ValidationException", message, 400);
}

export function serialization(message?: string): KmsError {
  return new KmsError("SerializationException", message, 400, "coral", "Message");
}

export function unknownOperation(): KmsError {
  return new KmsError("UnknownOperationException", undefined, 400, "coral");
}

export function missingAuthenticationToken(): KmsError {
  return new KmsError(
    "MissingAuthenticationTokenException",
    "Request is missing Authentication Token",
    400,
    "coral",
  );
}

export function incompleteSignature(message: string): KmsError {
  return new KmsError("IncompleteSignatureException", message, 400, "coral");
}

export function invalidSignature(message: string): KmsError {
  return new KmsError("InvalidSignatureException", message, 400, "coral");
}

export const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

export function unrecognizedClient(): KmsError {
  return new KmsError(
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
    400,
    "coral",
  );
}

export function expiredToken(): KmsError {
  return new KmsError(
    "ExpiredTokenException",
    "The security token included in the request is expired",
    400,
    "coral",
  );
}

export function accessDenied(principalArn: string, action: string): KmsError {
  return new KmsError(
    "AccessDeniedException",
    `User: ${principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    400,
  );
}

export function customKeyStoreNotFound(id: string): KmsError {
  return new KmsError(
    "CustomKeyStoreNotFoundException",
    `Custom key store ${id} does not exist in this account and Region.`,
    400,
  );
}

export function customKeyStoreNameNotFound(name: string): KmsError {
  return new KmsError(
    "CustomKeyStoreNotFoundException",
    `Custom key store with name ${name} does not exist in this account and Region.`,
    400,
  );
}

export function customKeyStoreInvalidState(message: string): KmsError {
  return new KmsError("CustomKeyStoreInvalidStateException", message, 400);
}

export function unsupportedOperation(message: string): KmsError {
  return new KmsError("UnsupportedOperationException", message, 400);
}

export function customKeyStoreNameInUse(name: string): KmsError {
  return new KmsError(
    "CustomKeyStoreNameInUseException",
    `Custom key store name ${name} is already in use in this account and Region.`,
    400,
  );
}

export function cloudHsmClusterInUse(clusterId: string): KmsError {
  return new KmsError(
    "CloudHsmClusterInUseException",
    `CloudHSM cluster ${clusterId} is already associated with a custom key store.`,
    400,
  );
}

export function customKeyStoreHasKeys(id: string): KmsError {
  return new KmsError(
    "CustomKeyStoreHasCMKsException",
    `Custom key store ${id} contains KMS keys. Schedule the deletion of its keys before deleting it.`,
    400,
  );
}

export function invalidMarker(): KmsError {
  return new KmsError("InvalidMarkerException", "The marker is not valid.", 400);
}

export function kmsInternal(): KmsError {
  return injectedError("KMSInternalException");
}

export function requestEntityTooLarge(limit: number): KmsError {
  return new KmsError(
    "RequestEntityTooLargeException",
    `Request body is larger than the limit of ${limit} bytes.`,
    413,
  );
}

export function requestTimeout(): KmsError {
  return new KmsError("RequestTimeoutException", "The request body was not received in time.", 408);
}
