import { defineProject } from "vitest/config";
import { rngkitProject } from "../../vitest.shared.ts";

/**
 * The reliability suite (issue 11): bounded by default, `RNGKIT_RELIABILITY=long` for the long run.
 * Files run one at a time: the load, statistics and fleet files each want the machine's two cores, and
 * running them side by side would only make each slower.
 */
export default defineProject(
  rngkitProject("reliability", {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  }),
);
