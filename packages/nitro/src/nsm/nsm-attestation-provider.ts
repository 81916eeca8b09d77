/**
 * Attestation documents from the Nitro Secure Module, for a real enclave: an Attestation request with the
 * enclave's public key (and nonce, user data) sent to /dev/nsm, the signed document back. The device is
 * reached through FFI (nsm-device.ts), loaded on first use; outside an enclave the first call fails with a
 * clear `Unsupported` error. Not run on Nitro hardware in this project's CI (see the README).
 */
import { RandomSourceError } from "@rngkit/core";
import type { AttestationProvider, AttestationRequest } from "../attestation-provider.js";
import { type NsmDevice, nsmIoctlDevice } from "./nsm-device.js";
import { decodeAttestationResponse, encodeAttestationRequest, nsmError } from "./nsm-protocol.js";

export interface NsmAttestationProviderOptions {
  /** The NSM device file. Default "/dev/nsm". */
  readonly devicePath?: string;
  /** Your own transport of CBOR requests to the NSM (tests, or another FFI); replaces the device file. */
  readonly device?: NsmDevice;
}

export class NsmAttestationProvider implements AttestationProvider {
  readonly name = "nsm";
  readonly #device: NsmDevice;

  constructor(options: NsmAttestationProviderOptions = {}) {
    if (options.device !== undefined && typeof options.device !== "function") {
      throw new RandomSourceError("InvalidArgument", "nsm: device must be a function", { source: "nsm" });
    }
    this.#device = options.device ?? nsmIoctlDevice(options.devicePath ?? "/dev/nsm");
  }

  async attest(
    request: AttestationRequest,
    options?: { readonly signal?: AbortSignal },
  ): Promise<Uint8Array> {
    options?.signal?.throwIfAborted();
    const encoded = encodeAttestationRequest({
      publicKey: request.publicKey,
      nonce: request.nonce,
      userData: request.userData,
    });
    let response: Uint8Array;
    try {
      response = await this.#device(encoded);
    } catch (error) {
      if (RandomSourceError.is(error)) throw error;
      throw nsmError(
        `the NSM device failed: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    if (!(response instanceof Uint8Array)) throw nsmError("the NSM device returned no bytes");
    return decodeAttestationResponse(response);
  }
}
