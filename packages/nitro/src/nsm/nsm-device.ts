/**
 * /dev/nsm through FFI: the one ioctl the NSM driver takes (aws-nitro-enclaves-nsm-api, src/driver/mod.rs,
 * the call libnsm's `nsm_get_attestation_doc` makes): `ioctl(fd, _IOWR(0x0A, 0, struct nsm_message),
 * &message)`, where `nsm_message` is two iovecs, the CBOR request and a response buffer of 0x3000 bytes whose
 * length the driver sets to the response's. Node has no ioctl, so libc's is called through koffi (an
 * optional dependency with prebuilt binaries in its npm packages), loaded only when first needed.
 *
 * Not run on Nitro hardware in this project's CI: the tests cover the CBOR on either side of this call
 * with an injected device function, and this file's failure paths (no koffi, no /dev/nsm, a file that is no
 * NSM) on an ordinary machine.
 */
import { constants as os } from "node:os";
import { RandomSourceError } from "@rngkit/core";
import { NSM_RESPONSE_MAX_BYTES } from "./nsm-protocol.js";

/** Sends one CBOR request to the NSM and returns its CBOR response. Injectable for tests. */
export type NsmDevice = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const O_RDWR = 2;
const O_CLOEXEC = 0o2000000;
/** _IOWR(NSM_IOCTL_MAGIC = 0x0A, 0, sizeof(struct nsm_message) = 32) on 64-bit Linux. */
export const NSM_IOCTL_REQUEST = (3 << 30) | (32 << 16) | (0x0a << 8) | 0;

/** The part of koffi used here. */
interface Koffi {
  load(path: string): { func(signature: string): (...args: unknown[]) => unknown };
  struct(fields: Record<string, unknown>): unknown;
  sizeof(type: unknown): number;
  alloc(type: unknown, length: number): unknown;
  encode(pointer: unknown, type: unknown, value: unknown): void;
  decode(pointer: unknown, type: unknown): unknown;
  view(pointer: unknown, length: number): ArrayBuffer;
  free(pointer: unknown): void;
  errno(): number;
}

function unsupported(message: string, cause?: unknown): RandomSourceError {
  return new RandomSourceError("Unsupported", `nsm: ${message}`, {
    source: "nsm",
    ...(cause === undefined ? {} : { cause }),
  });
}

function errnoName(errno: number): string {
  const name = Object.entries(os.errno).find(([, value]) => value === errno)?.[0];
  return name === undefined ? `errno ${errno}` : `${name} (errno ${errno})`;
}

async function loadKoffi(): Promise<Koffi> {
  try {
    const module = (await import("koffi")) as unknown as { default?: Koffi } & Koffi;
    return module.default ?? module;
  } catch (error) {
    throw unsupported(
      "NsmAttestationProvider needs the optional dependency koffi to reach /dev/nsm: npm install koffi@3.3.4",
      error,
    );
  }
}

/** A device function over `path` (default /dev/nsm). Loads koffi and libc on first use. */
export function nsmIoctlDevice(path = "/dev/nsm", libc = "libc.so.6"): NsmDevice {
  let bound: Promise<(request: Uint8Array) => Uint8Array> | undefined;
  return async (request) => {
    bound ??= bind(path, libc).catch((error: unknown) => {
      bound = undefined;
      throw error;
    });
    return (await bound)(request);
  };
}

async function bind(path: string, libcName: string): Promise<(request: Uint8Array) => Uint8Array> {
  if (process.platform !== "linux")
    throw unsupported(`/dev/nsm exists only in a Nitro Enclave (Linux), not on ${process.platform}`);
  const koffi = await loadKoffi();
  const libc = koffi.load(libcName);
  const open = libc.func("int open(const char *path, int flags)") as (path: string, flags: number) => number;
  const close = libc.func("int close(int fd)") as (fd: number) => number;
  const ioctl = libc.func("int ioctl(int fd, unsigned long request, ...)") as (...args: unknown[]) => number;
  // Anonymous structs: koffi's type names are global, and a provider may be made more than once.
  const iovec = koffi.struct({ iov_base: "void *", iov_len: "size_t" });
  const message = koffi.struct({ request: iovec, response: iovec });
  if (koffi.sizeof(message) !== 32)
    throw unsupported("struct nsm_message is not 32 bytes here: a 64-bit Linux is required");

  return (request) => {
    const fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      const errno = koffi.errno();
      const hint =
        errno === os.errno.ENOENT ? ": this process is not running inside an AWS Nitro Enclave" : "";
      throw unsupported(`cannot open ${path}: ${errnoName(errno)}${hint}`);
    }
    const requestBuffer = koffi.alloc("uint8_t", request.byteLength);
    const responseBuffer = koffi.alloc("uint8_t", NSM_RESPONSE_MAX_BYTES);
    const pointer = koffi.alloc(message, 1);
    try {
      new Uint8Array(koffi.view(requestBuffer, request.byteLength)).set(request);
      koffi.encode(pointer, message, {
        request: { iov_base: requestBuffer, iov_len: request.byteLength },
        response: { iov_base: responseBuffer, iov_len: NSM_RESPONSE_MAX_BYTES },
      });
      if (ioctl(fd, NSM_IOCTL_REQUEST, "void *", pointer) !== 0) {
        const errno = koffi.errno();
        const hint = errno === os.errno.ENOTTY ? `: ${path} is not the Nitro Secure Module` : "";
        throw new RandomSourceError(
          "AttestationFailed",
          `nsm: the NSM request failed: ${errnoName(errno)}${hint}`,
          {
            source: "nsm",
          },
        );
      }
      const answered = koffi.decode(pointer, message) as { response: { iov_len: number | bigint } };
      const length = Number(answered.response.iov_len);
      if (length < 1 || length > NSM_RESPONSE_MAX_BYTES) {
        throw new RandomSourceError(
          "AttestationFailed",
          `nsm: the NSM returned a response of ${length} bytes`,
          {
            source: "nsm",
          },
        );
      }
      return new Uint8Array(koffi.view(responseBuffer, length).slice(0));
    } finally {
      koffi.free(pointer);
      koffi.free(responseBuffer);
      koffi.free(requestBuffer);
      close(fd);
    }
  };
}
