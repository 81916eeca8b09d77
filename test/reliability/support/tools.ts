/**
 * ent and dieharder (Debian packages of those names), which the statistics tests run. Missing, they are
 * installed when this process runs as root (as .ci/run does); otherwise the tests fail with the command
 * that installs them. Never skipped.
 */
import { execFileSync } from "node:child_process";

export const STATISTICS_INSTALL_COMMAND = "apt-get update && apt-get install -y ent dieharder";

function missing(): string[] {
  return ["ent", "dieharder"].filter((tool) => {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
}

export function ensureStatisticsTools(): void {
  const absent = missing();
  if (absent.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${absent.join(" and ")} missing. Install with: ${STATISTICS_INSTALL_COMMAND}`);
  }
  execFileSync("sh", ["-c", STATISTICS_INSTALL_COMMAND], {
    stdio: "ignore",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const still = missing();
  if (still.length > 0)
    throw new Error(`${still.join(" and ")} still missing after: ${STATISTICS_INSTALL_COMMAND}`);
}
