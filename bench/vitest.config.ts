import { defineProject } from "vitest/config";
import { rngkitProject } from "../vitest.shared.ts";

// The harness's own logic (discovery, normalisation, targets, report, charts); no benchmark runs in a test.
export default defineProject(rngkitProject("bench", { include: ["test/**/*.test.ts"] }));
