/**
 * The AWS Nitro Enclaves root certificate G1 (CN=aws.nitro-enclaves, P-384, valid 2019-10-28 to 2049-10-28),
 * pinned by its full DER. AWS publishes it as AWS_NitroEnclaves_Root-G1; the same bytes are `cabundle[0]` of
 * every genuine attestation document. Its SHA-256 is checked by a test against the constant below.
 */
import { Buffer } from "node:buffer";

const ROOT_G1_BASE64 =
  "MIICETCCAZagAwIBAgIRAPkxdWgbkK/hHUbMtOTn+FYwCgYIKoZIzj0EAwMwSTELMAkGA1UEBhMCVVMxDzANBgNVBAoMBkFtYXpv" +
  "bjEMMAoGA1UECwwDQVdTMRswGQYDVQQDDBJhd3Mubml0cm8tZW5jbGF2ZXMwHhcNMTkxMDI4MTMyODA1WhcNNDkxMDI4MTQyODA1" +
  "WjBJMQswCQYDVQQGEwJVUzEPMA0GA1UECgwGQW1hem9uMQwwCgYDVQQLDANBV1MxGzAZBgNVBAMMEmF3cy5uaXRyby1lbmNsYXZl" +
  "czB2MBAGByqGSM49AgEGBSuBBAAiA2IABPwCVOumCMHzaHDimtqQvkY4MpJzbolL//Zy2YlES1BR5TSksfbb48C8WBoyt7F2Bw7e" +
  "EtaaP+ohG2bnUs990d0JX28TcPQXCEPZ3BABIeTPYwEoCWZEh8l5YoQwTcU/9KNCMEAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4E" +
  "FgQUkCW1DdkFR+eWw5b6cp3PmanfS5YwDgYDVR0PAQH/BAQDAgGGMAoGCCqGSM49BAMDA2kAMGYCMQCjfy+Rocm9Xue4YnwWmNJV" +
  "A44fA0P5W2OpYow9OYCVRaEevL8uO1XYru5xtMPWrfMCMQCi85sWBbJwKKXdS6BptQFuZbT73o/gBh1qUxl/nNr12UO8Yfwr6wPL" +
  "b+6NIwLz3/Y=";

/** SHA-256 of the G1 root's DER, hex. */
export const AWS_NITRO_ENCLAVES_ROOT_G1_SHA256 =
  "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b";

/** The DER of the AWS Nitro Enclaves root G1. A fresh copy on every call, so no caller can alter the pin. */
export function awsNitroEnclavesRootG1(): Buffer {
  return Buffer.from(ROOT_G1_BASE64, "base64");
}
