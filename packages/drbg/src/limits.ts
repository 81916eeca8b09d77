/**
 * The SP 800-90A Rev. 1 limits both mechanisms here share (§10.1 Table 2 for HMAC_DRBG SHA-256, §10.2.1
 * Table 3 for CTR_DRBG AES-256 with a derivation function): 256-bit security strength, at most 2^19 bits
 * per generate request, at most 2^48 requests between reseeds, inputs of at most 2^35 bits.
 */

/** security_strength: 256 bits. */
export const SECURITY_STRENGTH_BYTES = 32;
/** Entropy input: at least security_strength bits (§8.6.3). */
export const MIN_ENTROPY_BYTES = 32;
/** Nonce: at least security_strength / 2 bits of entropy or uniqueness (§8.6.7). */
export const MIN_NONCE_BYTES = 16;
/** max_number_of_bits_per_request: 2^19 bits. */
export const MAX_BYTES_PER_REQUEST = 65_536;
/** reseed_interval upper bound: 2^48 generate requests. */
export const MAX_RESEED_INTERVAL = 2 ** 48;
/** max_length, max_personalization_string_length and max_additional_input_length: 2^35 bits. */
export const MAX_INPUT_BYTES = 2 ** 32;
