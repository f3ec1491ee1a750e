// The policy profile is what the environment declares (`profile`), carried by its AppProject's label into deploy/:
// `trellis check` uses it for a deploy/<env>/ folder and for a path alike, and never guesses it from a name. Without
// the label the strictest profile applies; --profile still wins.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { declaredProfile, PROFILE_LABEL } from "../../lib/policies/declared-profile.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

interface Report {
  findings: { severity: string; rule: string }[];
}
const errors = (stdout: string) =>
  (JSON.parse(stdout) as Report).findings.filter((finding) => finding.severity === "error").map((f) => f.rule);
const PROJECT_FILE = join("argocd", "appproject-trellis-dev.yaml");

/** deploy/ copied, dev's AppProject's profile label kept or taken out: `dev/` with the copy as --root. */
async function devOutput(label: "kept" | "removed"): Promise<string[]> {
  const root = await testFolder("declared-profile");
  const deploy = join(root, "deploy");
  await cp(join(PROJECT_ROOT, "deploy"), deploy, { recursive: true });
  if (label === "removed") {
    const file = join(deploy, "dev", PROJECT_FILE);
    const text = await readFile(file, "utf8");
    const without = text.replace(`    ${PROFILE_LABEL}: dev\n`, "");
    expect(without).not.toBe(text);
    await writeFile(file, without);
  }
  return [join(deploy, "dev"), "--root", root];
}

describe("the declared policy profile", () => {
  it("is read from the AppProject's label, else prod", () => {
    const project = (labels: Record<string, string>) => ({ kind: "AppProject", metadata: { name: "p", labels } });
    expect(declaredProfile([{ kind: "ConfigMap" }, project({ [PROFILE_LABEL]: "staging" })])).toBe("staging");
    expect(declaredProfile([project({})])).toBe("prod");
    expect(declaredProfile([project({ [PROFILE_LABEL]: "qa" })])).toBe("prod");
    // A ConfigMap cannot set it.
    expect(declaredProfile([{ kind: "ConfigMap", metadata: { labels: { [PROFILE_LABEL]: "dev" } } }])).toBe("prod");
  });

  it("checks dev's output given as a path with dev's severities, and with prod's once the label is gone", async () => {
    const labelled = await runCli(["check", ...(await devOutput("kept")), "--format", "json"]);
    expect(labelled.code).toBe(0);
    expect(errors(labelled.stdout)).toEqual([]);
    const unlabelled = await runCli(["check", ...(await devOutput("removed")), "--format", "json"]);
    expect(unlabelled.code).toBe(1);
    expect(errors(unlabelled.stdout)).toContain("dapr/control-plane-not-ha");
    const overridden = await runCli(["check", ...(await devOutput("kept")), "--profile", "prod", "--format", "json"]);
    expect(errors(overridden.stdout)).toContain("dapr/control-plane-not-ha");
  });
});
