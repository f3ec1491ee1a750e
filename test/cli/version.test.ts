// `trellis --version`: Trellis's version from package.json, each upstream release the blueprint pins, and the engines
// the CLI builds, one per line.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blueprint } from "../../blueprint.ts";
import { KUBERNETES_VERSION } from "../../lib/tools/control-plane.ts";
import { HELM } from "../../lib/tools/helm.ts";
import { PULUMI_VERSION } from "../../lib/tools/pulumi.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";

describe("trellis --version", () => {
  it("prints Trellis's version, the pinned releases and the engines' versions, one per line; exit 0", async () => {
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`trellis ${version}`);
    const line = (name: string, pinned: string) => new RegExp(`^  ${name.replace(/[()]/g, "\\$&")} +${pinned}$`);
    expect(blueprint.releases.length).toBeGreaterThan(0);
    for (const release of blueprint.releases)
      expect(lines).toContainEqual(expect.stringMatching(line(release.name, release.version)));
    expect(lines).toContainEqual(
      expect.stringMatching(line("Kubernetes (local cluster, kubectl)", KUBERNETES_VERSION)),
    );
    expect(lines).toContainEqual(expect.stringMatching(line("Helm", HELM.version)));
    expect(lines).toContainEqual(expect.stringMatching(line("Pulumi", PULUMI_VERSION)));
    expect(run.stderr).toBe("");
  });

  it("is an option of trellis itself, not of a command", async () => {
    const run = await runCli(["check", "--version"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option --version");
  });
});
