export {
  type DecryptRecipientEnvelopeOptions,
  decryptCiphertextForRecipient,
  decryptRecipientEnvelope,
  parseRecipientEnvelope,
  type RecipientEnvelope,
  type RecipientPrivateKey,
} from "@rngkit/attestation";
export type { AttestationProvider, AttestationRequest } from "./attestation-provider.js";
export { mixWithLocalEntropy } from "./entropy-mixer.js";
export { type NitroRefusedEvent, type NitroRotateEvent, nitroChannels } from "./events.js";
export { NitroRecipientSource, type NitroRecipientStats } from "./nitro-recipient-source.js";
export {
  DEFAULT_DOCUMENT_TTL_MS,
  DEFAULT_KEY_PAIR_BUDGET,
  type NitroRecipientSourceOptions,
} from "./nitro-recipient-source-options.js";
export {
  NsmAttestationProvider,
  type NsmAttestationProviderOptions,
} from "./nsm/nsm-attestation-provider.js";
export { NSM_IOCTL_REQUEST, type NsmDevice, nsmIoctlDevice } from "./nsm/nsm-device.js";
export {
  decodeAttestationResponse,
  encodeAttestationRequest,
  type NsmAttestationRequest,
} from "./nsm/nsm-protocol.js";
export type { KeyPairBudget } from "./recipient-key-pair.js";
export {
  TestAttestationProvider,
  type TestAttestationProviderOptions,
} from "./test-attestation-provider.js";
