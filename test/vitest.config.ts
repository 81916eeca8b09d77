import { defineProject } from "vitest/config";
import { rngkitProject } from "../vitest.shared.ts";

export default defineProject(
  rngkitProject("interop", { include: ["**/*.test.ts"], exclude: ["**/node_modules/**"] }),
);
