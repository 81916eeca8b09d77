/** What the run happened on: Node, CPU, memory, load and the commit, for the report's header. */
import { execFileSync } from "node:child_process";
import { arch, cpus, loadavg, platform, totalmem } from "node:os";
import type { Environment } from "./types.js";

function git(root: string, args: readonly string[]): string | null {
  try {
    return execFileSync("git", [...args], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}

/** The busiest other processes (command name, nice, %CPU since start) when the run began, from ps. */
function busiest(): string[] {
  try {
    const lines = execFileSync("ps", ["-eo", "pid=,ni=,pcpu=,comm=", "--sort=-pcpu"], { encoding: "utf8" })
      .trim()
      .split("\n");
    return lines
      .map((line) => line.trim().split(/\s+/))
      .filter(([pid, , cpu]) => Number(pid) !== process.pid && Number(cpu) >= 5)
      .slice(0, 4)
      .map(([, nice, cpu, ...command]) => `${command.join(" ")} (nice ${nice}, ${cpu} % CPU)`);
  } catch {
    return [];
  }
}

export const load = (): number[] => loadavg().map((value) => Number(value.toFixed(2)));

export function environment(root: string, loadAtStart: readonly number[]): Omit<Environment, "loadAtEnd"> {
  const status = git(root, ["status", "--porcelain"]);
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: git(root, ["rev-parse", "HEAD"])?.trim() ?? null,
    dirty: status === null ? null : status.trim().length > 0,
    loadAtStart,
    busiestAtStart: busiest(),
  };
}
