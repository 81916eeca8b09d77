/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=<a;b;c>, Signature=<hex>` (SigV4, "Add the signature to the request"), with the Coral
 * error messages AWS sends for a missing or malformed one (as recorded by dynalite).
 */
import { incompleteSignature, invalidSignature, missingAuthenticationToken } from "../protocol/errors.js";

export interface AuthorizationHeader {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseAuthorization(header: string | undefined, hasDate: boolean): AuthorizationHeader {
  if (header === undefined || !header.trim().startsWith("AWS4-")) throw missingAuthenticationToken();
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  for (const part of (space < 0 ? "" : trimmed.slice(space + 1)).split(/[,\s]+/)) {
    const equals = part.indexOf("=");
    if (equals > 0) params.set(part.slice(0, equals), part.slice(equals + 1));
  }
  let missing = "";
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!params.get(name)) missing += `Authorization header requires '${name}' parameter. `;
  }
  if (!hasDate)
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing) throw incompleteSignature(`${missing}Authorization=${algorithm}`);
  if (algorithm !== "AWS4-HMAC-SHA256") {
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `,
    );
  }
  const credential = params.get("Credential") ?? "";
  const scope = credential.replace(/\/+$/, "").split("/");
  if (scope.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string];
  if (terminator !== "aws4_request") {
    throw invalidSignature(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `,
    );
  }
  const signature = params.get("Signature") ?? "";
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: (params.get("SignedHeaders") ?? "").split(";").filter((name) => name.length > 0),
    signature,
  };
}
