/** Object identifiers used by the certificates this package checks and issues (RFC 5480, RFC 5758). */
export const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
export const OID_SECP384R1 = "1.3.132.0.34";
export const OID_PRIME256V1 = "1.2.840.10045.3.1.7";
export const OID_ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";
export const OID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
