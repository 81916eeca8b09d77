import { defineProject } from "vitest/config";
import { rngkitProject } from "../vitest.shared.ts";

export default defineProject(
  // reliability/ is its own project (test/reliability/vitest.config.ts).
  rngkitProject("interop", { include: ["**/*.test.ts"], exclude: ["**/node_modules/**", "reliability/**"] }),
);
