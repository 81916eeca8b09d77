import { defineProject } from "vitest/config";
import { rngkitProject } from "../../vitest.shared.ts";

export default defineProject(rngkitProject("worker"));
