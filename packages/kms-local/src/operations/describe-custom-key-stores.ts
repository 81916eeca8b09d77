/**
 * DescribeCustomKeyStores (KMS API reference): all stores, or the one named by CustomKeyStoreId or
 * CustomKeyStoreName (CustomKeyStoreNotFoundException when none matches); Limit 1..1000 (default 100) and
 * Marker paging with `NextMarker` and `Truncated`. Markers are opaque; a foreign one is InvalidMarkerException.
 */
import { Problems } from "../protocol/constraints.js";
import {
  customKeyStoreNameNotFound,
  customKeyStoreNotFound,
  invalidMarker,
  validation,
} from "../protocol/errors.js";
import { integer, string } from "../protocol/shapes.js";
import type { CustomKeyStore } from "../stores/types.js";
import type { Operation } from "./operation.js";

const DEFAULT_LIMIT = 100;
const MARKER_PREFIX = "kms-local:";

export const describeCustomKeyStores: Operation = {
  name: "DescribeCustomKeyStores",
  action: "kms:DescribeCustomKeyStores",
  members: { CustomKeyStoreId: string, CustomKeyStoreName: string, Limit: integer, Marker: string },
  run(input, context) {
    const id = input.CustomKeyStoreId as string | undefined;
    const name = input.CustomKeyStoreName as string | undefined;
    const limit = input.Limit as number | undefined;
    const marker = input.Marker as string | undefined;
    const problems = new Problems();
    problems.length("customKeyStoreId", id, 1, 64);
    problems.length("customKeyStoreName", name, 1, 256);
    problems.range("limit", limit, 1, 1000);
    problems.length("marker", marker, 1, 320);
    if (problems.list.length > 0) throw validation(problems.list);
    let stores = context.stores.list();
    if (id !== undefined) {
      stores = stores.filter((store) => store.id === id);
      if (stores.length === 0) throw customKeyStoreNotFound(id);
    }
    if (name !== undefined) {
      stores = stores.filter((store) => store.name === name);
      if (stores.length === 0) throw customKeyStoreNameNotFound(name);
    }
    const start = marker === undefined ? 0 : readMarker(marker, stores.length);
    const page = stores.slice(start, start + (limit ?? DEFAULT_LIMIT));
    const next = start + page.length;
    const truncated = next < stores.length;
    return {
      CustomKeyStores: page.map(describe),
      ...(truncated ? { NextMarker: `${MARKER_PREFIX}${next}` } : {}),
      Truncated: truncated,
    };
  },
};

function readMarker(marker: string, total: number): number {
  const offset = marker.startsWith(MARKER_PREFIX) ? Number(marker.slice(MARKER_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > total) throw invalidMarker();
  return offset;
}

/** A CustomKeyStoresListEntry as KMS serialises it (CreationDate in epoch seconds). */
export function describe(store: CustomKeyStore): Record<string, unknown> {
  return {
    CustomKeyStoreId: store.id,
    CustomKeyStoreName: store.name,
    CustomKeyStoreType: store.type,
    ConnectionState: store.connectionState,
    ...(store.connectionErrorCode === undefined ? {} : { ConnectionErrorCode: store.connectionErrorCode }),
    ...(store.cloudHsmClusterId === undefined ? {} : { CloudHsmClusterId: store.cloudHsmClusterId }),
    ...(store.trustAnchorCertificate === undefined
      ? {}
      : { TrustAnchorCertificate: store.trustAnchorCertificate }),
    CreationDate: store.creationDate.getTime() / 1000,
    ...(store.xksProxy === undefined
      ? {}
      : {
          XksProxyConfiguration: {
            Connectivity: store.xksProxy.connectivity,
            AccessKeyId: store.xksProxy.accessKeyId,
            UriEndpoint: store.xksProxy.uriEndpoint,
            UriPath: store.xksProxy.uriPath,
            ...(store.xksProxy.vpcEndpointServiceName === undefined
              ? {}
              : { VpcEndpointServiceName: store.xksProxy.vpcEndpointServiceName }),
          },
        }),
  };
}
