/** The operations kms-local serves, by the name in `X-Amz-Target: TrentService.<name>`. */
import { createCustomKeyStore } from "./create-custom-key-store.js";
import { describeCustomKeyStores } from "./describe-custom-key-stores.js";
import { generateRandom } from "./generate-random.js";
import type { Operation, OperationName } from "./operation.js";
import {
  connectCustomKeyStore,
  deleteCustomKeyStore,
  disconnectCustomKeyStore,
} from "./store-state-operations.js";

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map<OperationName, Operation>([
  ["GenerateRandom", generateRandom],
  ["DescribeCustomKeyStores", describeCustomKeyStores],
  ["CreateCustomKeyStore", createCustomKeyStore],
  ["ConnectCustomKeyStore", connectCustomKeyStore],
  ["DisconnectCustomKeyStore", disconnectCustomKeyStore],
  ["DeleteCustomKeyStore", deleteCustomKeyStore],
]);

export const TARGET_PREFIX = "TrentService.";
