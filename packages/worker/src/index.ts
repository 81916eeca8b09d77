export { WorkerSource } from "./worker-source.js";
export type { WorkerSourceOptions } from "./worker-source-options.js";
