import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  GenerateRandomCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import type { ConnectionState, KmsLocal } from "../src/index.js";
import { client, expectKmsError, start } from "./helpers.js";

const HSM = "cks-0123456789abcdef0";
const XKS = "cks-00000000000000001";
const xksProxy = {
  uriEndpoint: "https://xks.example.com",
  uriPath: "/kms/xks/v1",
  connectivity: "PUBLIC_ENDPOINT",
  accessKeyId: "ABCDEFGHIJKLMNOPQRST",
} as const;

async function describeState(
  kms: KMSClient,
  id: string,
): Promise<{ state: string | undefined; code: string | undefined }> {
  const { CustomKeyStores } = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }));
  return { state: CustomKeyStores?.[0]?.ConnectionState, code: CustomKeyStores?.[0]?.ConnectionErrorCode };
}

async function waitForState(
  kms: KMSClient,
  id: string,
  state: string,
): Promise<{ state: string | undefined; code: string | undefined }> {
  for (;;) {
    const current = await describeState(kms, id);
    if (current.state === state) return current;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("GenerateRandom with CustomKeyStoreId", () => {
  it("serves from a CONNECTED AWS_CLOUDHSM store", async () => {
    const server = await start({ customKeyStores: [{ id: HSM, name: "hsm" }] });
    const { Plaintext } = await client(server).send(
      new GenerateRandomCommand({ NumberOfBytes: 64, CustomKeyStoreId: HSM }),
    );
    expect(Plaintext?.length).toBe(64);
  });

  it("answers an unknown store with CustomKeyStoreNotFoundException", async () => {
    const server = await start();
    await expectKmsError(
      client(server).send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: "cks-ffffffffffffffff0" }),
      ),
      "CustomKeyStoreNotFoundException",
      "Custom key store cks-ffffffffffffffff0 does not exist in this account and Region.",
      400,
    );
  });

  it("answers an external key store with UnsupportedOperationException", async () => {
    const server = await start({
      customKeyStores: [{ id: XKS, name: "xks", type: "EXTERNAL_KEY_STORE", xksProxy }],
    });
    await expectKmsError(
      client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: XKS })),
      "UnsupportedOperationException",
      /EXTERNAL_KEY_STORE/,
      400,
    );
  });

  it.each(["DISCONNECTED", "CONNECTING", "DISCONNECTING", "FAILED"] as const)(
    "answers a %s store with CustomKeyStoreInvalidStateException",
    async (state) => {
      const server = await start({ customKeyStores: [{ id: HSM, name: "hsm", connectionState: state }] });
      await expectKmsError(
        client(server).send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: HSM })),
        "CustomKeyStoreInvalidStateException",
        new RegExp(`is ${state}\\.`),
        400,
      );
    },
  );

  it("throttles a store at its own quota while others keep being served", async () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const server = await start({
      clock: () => now,
      quotas: { customKeyStoreRequestsPerSecond: 1 },
      customKeyStores: [
        { id: HSM, name: "hsm" },
        { id: "cks-0123456789abcdef1", name: "hsm2" },
      ],
    });
    const kms = client(server, { systemClockOffset: now - Date.now() });
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: HSM }));
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: HSM })),
      "ThrottlingException",
    );
    await kms.send(
      new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: "cks-0123456789abcdef1" }),
    );
    await kms.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
  });
});

describe("the custom key store life cycle", () => {
  it("creates, connects, disconnects and deletes a store", async () => {
    const server = await start({ connectDelayMs: 20 });
    const kms = client(server);
    const { CustomKeyStoreId: id } = await kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: "life",
        CloudHsmClusterId: "cluster-1a23b4cdefg",
        TrustAnchorCertificate: "-----BEGIN CERTIFICATE-----\nMII...\n-----END CERTIFICATE-----",
        KeyStorePassword: "kmsPswd1",
      }),
    );
    expect(id).toMatch(/^cks-[0-9a-f]{17}$/);
    const { CustomKeyStores } = await kms.send(
      new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: "life" }),
    );
    expect(CustomKeyStores).toHaveLength(1);
    expect(CustomKeyStores?.[0]).toMatchObject({
      CustomKeyStoreId: id,
      CustomKeyStoreName: "life",
      CustomKeyStoreType: "AWS_CLOUDHSM",
      CloudHsmClusterId: "cluster-1a23b4cdefg",
      ConnectionState: "DISCONNECTED",
    });
    expect(CustomKeyStores?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(JSON.stringify(CustomKeyStores)).not.toContain("kmsPswd1");
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    expect((await describeState(kms, id as string)).state).toBe("CONNECTING");
    await waitForState(kms, id as string, "CONNECTED");
    expect(
      (await kms.send(new GenerateRandomCommand({ NumberOfBytes: 4, CustomKeyStoreId: id }))).Plaintext
        ?.length,
    ).toBe(4);
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    expect((await describeState(kms, id as string)).state).toBe("DISCONNECTED");
    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await expectKmsError(
      kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id })),
      "CustomKeyStoreNotFoundException",
    );
  });

  it("ends a connection in FAILED with the configured ConnectionErrorCode", async () => {
    const server = await start({
      customKeyStores: [
        {
          id: HSM,
          name: "hsm",
          connectionState: "DISCONNECTED",
          connect: { delayMs: 5, outcome: "INVALID_CREDENTIALS" },
        },
      ],
    });
    const kms = client(server);
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: HSM }));
    expect(await waitForState(kms, HSM, "FAILED")).toEqual({ state: "FAILED", code: "INVALID_CREDENTIALS" });
    server.stores.setConnectBehavior(HSM, { delayMs: 0 });
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: HSM }));
    expect(await describeState(kms, HSM)).toEqual({ state: "DISCONNECTED", code: undefined });
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: HSM }));
    await waitForState(kms, HSM, "CONNECTED");
  });

  it("passes through DISCONNECTING when disconnecting takes time", async () => {
    const server = await start({ disconnectDelayMs: 20, customKeyStores: [{ id: HSM, name: "hsm" }] });
    const kms = client(server);
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: HSM }));
    expect((await describeState(kms, HSM)).state).toBe("DISCONNECTING");
    await waitForState(kms, HSM, "DISCONNECTED");
  });

  it("creates external key stores and refuses GenerateRandom on them", async () => {
    const server = await start();
    const kms = client(server);
    const { CustomKeyStoreId: id } = await kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: "xks",
        CustomKeyStoreType: "EXTERNAL_KEY_STORE",
        XksProxyUriEndpoint: "https://xks.example.com",
        XksProxyUriPath: "/kms/xks/v1",
        XksProxyConnectivity: "PUBLIC_ENDPOINT",
        XksProxyAuthenticationCredential: {
          AccessKeyId: "ABCDEFGHIJKLMNOPQRST",
          RawSecretAccessKey: "s".repeat(43),
        },
      }),
    );
    const { CustomKeyStores } = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }));
    expect(CustomKeyStores?.[0]?.XksProxyConfiguration).toEqual({
      Connectivity: "PUBLIC_ENDPOINT",
      AccessKeyId: "ABCDEFGHIJKLMNOPQRST",
      UriEndpoint: "https://xks.example.com",
      UriPath: "/kms/xks/v1",
    });
    expect(JSON.stringify(CustomKeyStores)).not.toContain("s".repeat(43));
    server.stores.setState(id as string, "CONNECTED");
    await expectKmsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: id })),
      "UnsupportedOperationException",
    );
  });

  it("refuses invalid creations with AWS error types", async () => {
    const server = await start({
      customKeyStores: [{ id: HSM, name: "taken", cloudHsmClusterId: "cluster-1a23b4cdefg" }],
    });
    const kms = client(server);
    const hsm = { TrustAnchorCertificate: "pem", KeyStorePassword: "kmsPswd1" };
    await expectKmsError(
      kms.send(
        new CreateCustomKeyStoreCommand({
          CustomKeyStoreName: "taken",
          CloudHsmClusterId: "cluster-9z99z9zzzzz",
          ...hsm,
        }),
      ),
      "CustomKeyStoreNameInUseException",
    );
    await expectKmsError(
      kms.send(
        new CreateCustomKeyStoreCommand({
          CustomKeyStoreName: "other",
          CloudHsmClusterId: "cluster-1a23b4cdefg",
          ...hsm,
        }),
      ),
      "CloudHsmClusterInUseException",
    );
    await expectKmsError(
      kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: undefined as never })),
      "ValidationException",
      "1 validation error detected: Value null at 'customKeyStoreName' failed to satisfy constraint: Member must not be null",
    );
    const short = await expectKmsError(
      kms.send(
        new CreateCustomKeyStoreCommand({
          CustomKeyStoreName: "n",
          CloudHsmClusterId: "cluster-1a23b4cdefh",
          TrustAnchorCertificate: "pem",
          KeyStorePassword: "abc",
        }),
      ),
      "ValidationException",
    );
    expect(short.message).toContain("Value '***' at 'keyStorePassword'");
    expect(short.message).not.toContain("abc");
    await expectKmsError(
      kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "n" })),
      "ValidationException",
      /required for an AWS_CLOUDHSM/,
    );
    await expectKmsError(
      kms.send(
        new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "n", CustomKeyStoreType: "OTHER" as never }),
      ),
      "ValidationException",
      /Member must satisfy enum value set: \[AWS_CLOUDHSM, EXTERNAL_KEY_STORE\]/,
    );
  });

  it("refuses to delete a store that holds keys", async () => {
    const server = await start({
      customKeyStores: [{ id: HSM, name: "hsm", connectionState: "DISCONNECTED", keyCount: 2 }],
    });
    await expectKmsError(
      client(server).send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: HSM })),
      "CustomKeyStoreHasCMKsException",
    );
  });

  it.each([ConnectCustomKeyStoreCommand, DisconnectCustomKeyStoreCommand, DeleteCustomKeyStoreCommand])(
    "%o answers an unknown store with CustomKeyStoreNotFoundException and a missing id with ValidationException",
    async (Command) => {
      const server = await start();
      const kms = client(server);
      await expectKmsError(
        kms.send(new Command({ CustomKeyStoreId: "cks-99999999999999999" })),
        "CustomKeyStoreNotFoundException",
      );
      await expectKmsError(
        kms.send(new Command({ CustomKeyStoreId: undefined as never })),
        "ValidationException",
        "1 validation error detected: Value null at 'customKeyStoreId' failed to satisfy constraint: Member must not be null",
      );
    },
  );
});

/** AWS's state rules: what each operation does from each ConnectionState. */
const TABLE: readonly [ConnectionState, string, string][] = [
  ["CONNECTED", "Connect", "CONNECTED"],
  ["CONNECTING", "Connect", "CONNECTING"],
  ["DISCONNECTED", "Connect", "CONNECTING"],
  ["DISCONNECTING", "Connect", "CustomKeyStoreInvalidStateException"],
  ["FAILED", "Connect", "CustomKeyStoreInvalidStateException"],
  ["CONNECTED", "Disconnect", "DISCONNECTED"],
  ["CONNECTING", "Disconnect", "DISCONNECTED"],
  ["DISCONNECTED", "Disconnect", "CustomKeyStoreInvalidStateException"],
  ["DISCONNECTING", "Disconnect", "CustomKeyStoreInvalidStateException"],
  ["FAILED", "Disconnect", "DISCONNECTED"],
  ["CONNECTED", "Delete", "CustomKeyStoreInvalidStateException"],
  ["CONNECTING", "Delete", "CustomKeyStoreInvalidStateException"],
  ["DISCONNECTED", "Delete", "deleted"],
  ["DISCONNECTING", "Delete", "CustomKeyStoreInvalidStateException"],
  ["FAILED", "Delete", "CustomKeyStoreInvalidStateException"],
  ["CONNECTED", "GenerateRandom", "CONNECTED"],
  ["CONNECTING", "GenerateRandom", "CustomKeyStoreInvalidStateException"],
  ["DISCONNECTED", "GenerateRandom", "CustomKeyStoreInvalidStateException"],
  ["DISCONNECTING", "GenerateRandom", "CustomKeyStoreInvalidStateException"],
  ["FAILED", "GenerateRandom", "CustomKeyStoreInvalidStateException"],
];

describe("AWS's connection state table", () => {
  async function storeIn(state: ConnectionState): Promise<{ server: KmsLocal; kms: KMSClient }> {
    // A connect delay of an hour holds CONNECTING for the whole test; close() clears the timer.
    const server = await start({ connectDelayMs: 3_600_000, disconnectDelayMs: 0 });
    server.stores.add({ id: HSM, name: "hsm", connectionState: state });
    return { server, kms: client(server) };
  }

  it.each(TABLE)("from %s, %s leads to %s", async (state, operation, expected) => {
    const { kms } = await storeIn(state);
    const id = { CustomKeyStoreId: HSM };
    const call =
      operation === "Connect"
        ? kms.send(new ConnectCustomKeyStoreCommand(id))
        : operation === "Disconnect"
          ? kms.send(new DisconnectCustomKeyStoreCommand(id))
          : operation === "Delete"
            ? kms.send(new DeleteCustomKeyStoreCommand(id))
            : kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, ...id }));
    if (expected.endsWith("Exception")) {
      await expectKmsError(call, expected, undefined, 400);
      expect((await describeState(kms, HSM)).state).toBe(state);
      return;
    }
    await call;
    if (expected === "deleted") {
      await expectKmsError(
        kms.send(new DescribeCustomKeyStoresCommand(id)),
        "CustomKeyStoreNotFoundException",
      );
    } else {
      expect((await describeState(kms, HSM)).state).toBe(expected);
    }
  });
});

describe("DescribeCustomKeyStores", () => {
  it("lists every store, and pages with Limit and Marker", async () => {
    const server = await start({
      customKeyStores: Array.from({ length: 5 }, (_, i) => ({
        id: `cks-0000000000000000${i}`,
        name: `store-${i}`,
      })),
    });
    const kms = client(server);
    const all = await kms.send(new DescribeCustomKeyStoresCommand({}));
    expect(all.CustomKeyStores?.map((store) => store.CustomKeyStoreName)).toEqual([
      "store-0",
      "store-1",
      "store-2",
      "store-3",
      "store-4",
    ]);
    expect(all.Truncated).toBe(false);
    expect(all.NextMarker).toBeUndefined();
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await kms.send(
        new DescribeCustomKeyStoresCommand({ Limit: 2, ...(marker ? { Marker: marker } : {}) }),
      );
      names.push(...(page.CustomKeyStores ?? []).map((store) => store.CustomKeyStoreName ?? ""));
      marker = page.NextMarker;
      expect(page.Truncated).toBe(marker !== undefined);
      pages += 1;
    } while (marker);
    expect(pages).toBe(3);
    expect(names).toEqual(["store-0", "store-1", "store-2", "store-3", "store-4"]);
  });

  it("refuses a foreign marker, a bad limit and an unknown name", async () => {
    const server = await start();
    const kms = client(server);
    await expectKmsError(
      kms.send(new DescribeCustomKeyStoresCommand({ Marker: "nonsense" })),
      "InvalidMarkerException",
    );
    await expectKmsError(
      kms.send(new DescribeCustomKeyStoresCommand({ Limit: 0 })),
      "ValidationException",
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectKmsError(
      kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: "nope" })),
      "CustomKeyStoreNotFoundException",
    );
  });
});
