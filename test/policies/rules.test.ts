// Every rule has a manifest set that breaks it and a near miss that passes (test/fixtures/policies/<family>__<rule>/).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load.ts";
import type { Profile } from "../../policies/rule.ts";
import { RULES } from "../../policies/rules.ts";
import { runChecks } from "../../policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "policies");
const folders = (await readdir(FIXTURES)).sort();

async function check(file: string) {
  const profile = (/^# profile: (\w+)/.exec(await readFile(file, "utf8"))?.[1] ?? "prod") as Profile;
  return runChecks(await loadManifests([file]), profile).findings;
}

describe("policy rules", () => {
  it("have one fixture folder each, named after the rule id", () => {
    expect(folders).toEqual(RULES.map((rule) => rule.id.replace("/", "__")).sort());
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((rule) => rule.id))("%s fires on its breaking set and not on its near miss", async (id) => {
    const folder = join(FIXTURES, id.replace("/", "__"));
    const broken = (await check(join(folder, "breaks.yaml"))).filter((finding) => finding.rule === id);
    expect(broken.length, `no ${id} finding in breaks.yaml`).toBeGreaterThan(0);
    for (const finding of broken) {
      expect(finding.message.length).toBeGreaterThan(0);
      expect(finding.fix.length).toBeGreaterThan(0);
      expect(finding.line).toBeGreaterThan(0);
    }
    const passing = (await check(join(folder, "passes.yaml"))).filter((finding) => finding.rule === id);
    expect(passing).toEqual([]);
  });
});
