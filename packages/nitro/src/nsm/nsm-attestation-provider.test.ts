import { generateKeyPairSync } from "node:crypto";
import { verifyAttestationDocument } from "@rngkit/attestation";
import { rejectionOf } from "@rngkit/testing";
import { decode, encode } from "cbor2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TestAttestationProvider } from "../test-attestation-provider.js";
import { NsmAttestationProvider } from "./nsm-attestation-provider.js";
import { NSM_IOCTL_REQUEST, type NsmDevice, nsmIoctlDevice } from "./nsm-device.js";

const spki = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
  type: "spki",
  format: "der",
});

/** A stand-in NSM: decodes the request as the NSM would and answers with a test authority's document. */
function fakeNsm(authority = new TestAttestationProvider()): { device: NsmDevice; requests: unknown[] } {
  const requests: unknown[] = [];
  const device: NsmDevice = async (request) => {
    const decoded = decode(request, { preferMap: true }) as Map<string, Map<string, Uint8Array | null>>;
    requests.push(decoded);
    const fields = decoded.get("Attestation");
    if (fields === undefined) return encode(new Map([["Error", "InvalidOperation"]]));
    const document = await authority.attest({
      publicKey: fields.get("public_key") as Uint8Array,
      ...(fields.get("nonce") ? { nonce: fields.get("nonce") as Uint8Array } : {}),
      ...(fields.get("user_data") ? { userData: fields.get("user_data") as Uint8Array } : {}),
    });
    return encode(new Map([["Attestation", new Map([["document", new Uint8Array(document)]])]]));
  };
  return { device, requests };
}

afterEach(() => {
  vi.doUnmock("koffi");
  vi.resetModules();
});

describe("NsmAttestationProvider with an injected device", () => {
  it("sends the public key, nonce and user data and returns the document the NSM signed", async () => {
    const authority = new TestAttestationProvider();
    const { device, requests } = fakeNsm(authority);
    const provider = new NsmAttestationProvider({ device });
    const nonce = new Uint8Array(32).fill(1);
    const document = await provider.attest({ publicKey: spki, nonce, userData: new Uint8Array([7]) });
    const verified = verifyAttestationDocument(document, {
      trustedRoots: [authority.rootCertificate],
      requireRecipientKey: true,
    });
    expect(verified.document.publicKey?.equals(spki)).toBe(true);
    expect(verified.document.nonce?.equals(Buffer.from(nonce))).toBe(true);
    expect(verified.document.userData?.equals(Buffer.from([7]))).toBe(true);
    const fields = (requests[0] as Map<string, Map<string, unknown>>).get("Attestation");
    expect([...(fields?.keys() ?? [])]).toEqual(["user_data", "nonce", "public_key"]);
  });

  it("reports the NSM's Error answer as AttestationFailed", async () => {
    const provider = new NsmAttestationProvider({
      device: () => encode(new Map([["Error", "InternalError"]])),
    });
    const error = await rejectionOf(provider.attest({ publicKey: spki }));
    expect(error.reason).toBe("AttestationFailed");
    expect(error.message).toMatch(/Error InternalError/);
  });

  it("reports a throwing device as AttestationFailed with the cause kept", async () => {
    const broken = new Error("EIO");
    const provider = new NsmAttestationProvider({
      device: () => {
        throw broken;
      },
    });
    const error = await rejectionOf(provider.attest({ publicKey: spki }));
    expect(error.reason).toBe("AttestationFailed");
    expect(error.cause).toBe(broken);
  });

  it("honours an abort before asking the device", async () => {
    const { device, requests } = fakeNsm();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      new NsmAttestationProvider({ device }).attest(
        { publicKey: spki },
        controller.signal && { signal: controller.signal },
      ),
    ).rejects.toThrow("stop");
    expect(requests).toEqual([]);
  });

  it("refuses a device that is not a function", () => {
    expect(() => new NsmAttestationProvider({ device: "dev" as never })).toThrow(/device must be a function/);
  });
});

describe("the /dev/nsm device through koffi (outside an enclave)", () => {
  it("uses the driver's ioctl number, _IOWR(0x0A, 0, 32 bytes)", () => {
    expect(NSM_IOCTL_REQUEST >>> 0).toBe(0xc0200a00);
  });

  it("gives a clear Unsupported error where there is no /dev/nsm", async () => {
    const provider = new NsmAttestationProvider({ devicePath: "/dev/nsm-not-here" });
    const error = await rejectionOf(provider.attest({ publicKey: spki }));
    expect(error.reason).toBe("Unsupported");
    expect(error.message).toBe(
      "nsm: cannot open /dev/nsm-not-here: ENOENT (errno 2): this process is not running inside an AWS Nitro Enclave",
    );
  });

  it("reaches the ioctl and reports a file that is not the NSM", async () => {
    const device = nsmIoctlDevice("/dev/null");
    const error = await rejectionOf(Promise.resolve().then(() => device(new Uint8Array([0xa0]))));
    expect(error.reason).toBe("AttestationFailed");
    expect(error.message).toMatch(
      /the NSM request failed: ENOTTY \(errno 25\): \/dev\/null is not the Nitro Secure Module/,
    );
  });

  it("says to install koffi when it is missing", async () => {
    vi.doMock("koffi", () => {
      throw new Error("Cannot find package 'koffi'");
    });
    const { nsmIoctlDevice: fresh } = await import("./nsm-device.js");
    const error = await rejectionOf(Promise.resolve().then(() => fresh()(new Uint8Array([0xa0]))));
    expect(error.reason).toBe("Unsupported");
    expect(error.message).toMatch(/needs the optional dependency koffi.*npm install koffi@3\.3\.4/);
  });
});
