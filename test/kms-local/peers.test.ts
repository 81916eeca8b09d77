import { describe, expect, it } from "vitest";
import { AWS_CLI, ensurePeers, INSTALL_COMMAND, PYTHON } from "./peers.js";

describe("ensurePeers", () => {
  it("finds the AWS CLI and boto3 on this machine (installing them as root when missing)", () => {
    expect(() => ensurePeers()).not.toThrow();
  });

  it("fails with the exact install command when peers are missing and it may not install", () => {
    const run = () =>
      ensurePeers({ awsCli: "/nonexistent/aws", python: "/nonexistent/python3", isRoot: false });
    expect(run).toThrow(`Install them with: ${INSTALL_COMMAND}`);
    expect(run).toThrow(/\/nonexistent\/aws \(Debian's awscli\), boto3 for \/nonexistent\/python3/);
    expect(INSTALL_COMMAND).toBe("apt-get update && apt-get install -y awscli python3-boto3");
    expect([AWS_CLI, PYTHON]).toEqual(["/usr/bin/aws", "/usr/bin/python3"]);
  });
});
