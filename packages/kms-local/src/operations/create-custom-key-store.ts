/**
 * CreateCustomKeyStore (KMS API reference): a new DISCONNECTED store. AWS_CLOUDHSM (the default type) needs
 * CloudHsmClusterId, TrustAnchorCertificate and KeyStorePassword; EXTERNAL_KEY_STORE needs the XksProxy*
 * members. Names and CloudHSM clusters are unique per account. The password and the proxy's secret are
 * checked and dropped, never stored or echoed.
 */
import { Problems } from "../protocol/constraints.js";
import { validation, validationMessage } from "../protocol/errors.js";
import { string, structure } from "../protocol/shapes.js";
import { CUSTOM_KEY_STORE_TYPES, type CustomKeyStoreType } from "../stores/types.js";
import type { Operation } from "./operation.js";

const CONNECTIVITY = ["PUBLIC_ENDPOINT", "VPC_ENDPOINT_SERVICE"] as const;

export const createCustomKeyStore: Operation = {
  name: "CreateCustomKeyStore",
  action: "kms:CreateCustomKeyStore",
  members: {
    CustomKeyStoreName: string,
    CloudHsmClusterId: string,
    TrustAnchorCertificate: string,
    KeyStorePassword: string,
    CustomKeyStoreType: string,
    XksProxyUriEndpoint: string,
    XksProxyUriPath: string,
    XksProxyVpcEndpointServiceName: string,
    XksProxyAuthenticationCredential: structure({ AccessKeyId: string, RawSecretAccessKey: string }),
    XksProxyConnectivity: string,
  },
  run(input, context) {
    const name = input.CustomKeyStoreName as string | undefined;
    const clusterId = input.CloudHsmClusterId as string | undefined;
    const trustAnchor = input.TrustAnchorCertificate as string | undefined;
    const password = input.KeyStorePassword as string | undefined;
    const type = input.CustomKeyStoreType as string | undefined;
    const credential = input.XksProxyAuthenticationCredential as
      | { AccessKeyId?: string; RawSecretAccessKey?: string }
      | undefined;
    const connectivity = input.XksProxyConnectivity as string | undefined;
    const problems = new Problems();
    problems.notNull("customKeyStoreName", name);
    problems.length("customKeyStoreName", name, 1, 256);
    problems.length("cloudHsmClusterId", clusterId, 19, 24);
    problems.length("trustAnchorCertificate", trustAnchor, 1, 5000);
    problems.length("keyStorePassword", password, 7, 32, true);
    problems.enumeration("customKeyStoreType", type, CUSTOM_KEY_STORE_TYPES);
    problems.length("xksProxyAuthenticationCredential.accessKeyId", credential?.AccessKeyId, 20, 30, true);
    problems.length(
      "xksProxyAuthenticationCredential.rawSecretAccessKey",
      credential?.RawSecretAccessKey,
      43,
      64,
      true,
    );
    problems.enumeration("xksProxyConnectivity", connectivity, CONNECTIVITY);
    if (problems.list.length > 0) throw validation(problems.list);
    const storeType = (type ?? "AWS_CLOUDHSM") as CustomKeyStoreType;
    if (storeType === "AWS_CLOUDHSM") {
      if (clusterId === undefined || trustAnchor === undefined || password === undefined) {
        throw validationMessage(
          "CloudHsmClusterId, TrustAnchorCertificate and KeyStorePassword are required for an AWS_CLOUDHSM custom key store.",
        );
      }
      const store = context.stores.add({
        name: name as string,
        type: storeType,
        connectionState: "DISCONNECTED",
        cloudHsmClusterId: clusterId,
        trustAnchorCertificate: trustAnchor,
      });
      return { CustomKeyStoreId: store.id };
    }
    const endpoint = input.XksProxyUriEndpoint as string | undefined;
    const path = input.XksProxyUriPath as string | undefined;
    const vpcService = input.XksProxyVpcEndpointServiceName as string | undefined;
    if (
      endpoint === undefined ||
      path === undefined ||
      credential?.AccessKeyId === undefined ||
      connectivity === undefined
    ) {
      throw validationMessage(
        "XksProxyUriEndpoint, XksProxyUriPath, XksProxyAuthenticationCredential and XksProxyConnectivity are required for an EXTERNAL_KEY_STORE custom key store.",
      );
    }
    const store = context.stores.add({
      name: name as string,
      type: storeType,
      connectionState: "DISCONNECTED",
      xksProxy: {
        uriEndpoint: endpoint,
        uriPath: path,
        connectivity: connectivity as (typeof CONNECTIVITY)[number],
        accessKeyId: credential.AccessKeyId,
        ...(vpcService === undefined ? {} : { vpcEndpointServiceName: vpcService }),
      },
    });
    return { CustomKeyStoreId: store.id };
  },
};
