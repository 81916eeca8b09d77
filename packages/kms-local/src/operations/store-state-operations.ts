/**
 * ConnectCustomKeyStore, DisconnectCustomKeyStore and DeleteCustomKeyStore: each takes a required
 * CustomKeyStoreId (1..64) and answers `{}`; the state rules live in KeyStoreRegistry.
 */
import { Problems } from "../protocol/constraints.js";
import { validation } from "../protocol/errors.js";
import { type Input, string } from "../protocol/shapes.js";
import type { KeyStoreRegistry } from "../stores/key-store-registry.js";
import type { Operation, OperationName } from "./operation.js";

function storeOperation(
  name: OperationName,
  change: (stores: KeyStoreRegistry, id: string) => void,
): Operation {
  return {
    name,
    action: `kms:${name}`,
    members: { CustomKeyStoreId: string },
    run(input: Input, context) {
      const id = input.CustomKeyStoreId as string | undefined;
      const problems = new Problems();
      problems.notNull("customKeyStoreId", id);
      problems.length("customKeyStoreId", id, 1, 64);
      if (problems.list.length > 0) throw validation(problems.list);
      change(context.stores, id as string);
      return {};
    },
  };
}

export const connectCustomKeyStore = storeOperation("ConnectCustomKeyStore", (stores, id) =>
  stores.connect(id),
);
export const disconnectCustomKeyStore = storeOperation("DisconnectCustomKeyStore", (stores, id) =>
  stores.disconnect(id),
);
export const deleteCustomKeyStore = storeOperation("DeleteCustomKeyStore", (stores, id) => stores.delete(id));
