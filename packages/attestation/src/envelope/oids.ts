/** Object identifiers of the CMS KMS returns to a Recipient (RFC 5652, RFC 8017 §A.2.1, RFC 3565, RFC 5754). */
export const OID_ENVELOPED_DATA = "1.2.840.113549.1.7.3";
export const OID_DATA = "1.2.840.113549.1.7.1";
export const OID_RSAES_OAEP = "1.2.840.113549.1.1.7";
export const OID_MGF1 = "1.2.840.113549.1.1.8";
export const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
export const OID_AES256_CBC = "2.16.840.1.101.3.4.1.42";
/** id-pSpecified, the only OAEP label source (RFC 8017 §A.2.1); KMS uses the empty label. */
export const OID_P_SPECIFIED = "1.2.840.113549.1.1.9";
