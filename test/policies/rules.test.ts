// Every rule has a manifest set that breaks it and a near miss that passes (test/fixtures/policies/<family>__<rule>/).
// breaks.yaml lists, per profile, exactly the findings the rule must report there:
//   # expect prod: error spec.source.targetRevision      (severity, then field path or "(object)")
//   # expect dev: none
// passes.yaml (checked with its "# profile:" header, prod by default) gives no finding of its rule and no error of any
// rule, so it shows the rule's fix and nothing else.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load.ts";
import { PROFILES, type Profile, type Severity } from "../../policies/rule.ts";
import { RULES } from "../../policies/rules.ts";
import { runChecks } from "../../policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "policies");
const folders = (await readdir(FIXTURES)).sort();
const folderOf = (id: string) => join(FIXTURES, id.replace("/", "__"));

async function findings(file: string, profile: Profile) {
  return runChecks(await loadManifests([file]), profile).findings;
}

async function expectations(file: string): Promise<Record<Profile, string[]>> {
  const expected: Record<Profile, string[]> = { dev: [], staging: [], prod: [] };
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    const match = /^# expect (dev|staging|prod): (.*)$/.exec(line);
    if (match?.[2] !== undefined && match[2] !== "none") expected[match[1] as Profile].push(match[2]);
  }
  return expected;
}

/** The documented severity per profile, for the documentation forms that say it per profile. */
function documented(severity: string): Record<Profile, Severity | "none"> | undefined {
  const all = (value: Severity) => ({ dev: value, staging: value, prod: value });
  const forms: Record<string, Record<Profile, Severity | "none">> = {
    error: all("error"),
    "error in every profile": all("error"),
    warning: all("warning"),
    "warning in dev, error in staging and prod": { dev: "warning", staging: "error", prod: "error" },
    "error in prod only": { dev: "none", staging: "none", prod: "error" },
    "error in staging and prod, no finding in dev": { dev: "none", staging: "error", prod: "error" },
    "error in prod, warning otherwise": { dev: "warning", staging: "warning", prod: "error" },
  };
  return forms[severity];
}

describe("policy rules", () => {
  it("have one fixture folder each, named after the rule id", () => {
    expect(folders).toEqual(RULES.map((rule) => rule.id.replace("/", "__")).sort());
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((rule) => rule.id))("%s reports exactly the expected severity and field path in each profile", async (id) => {
    const file = join(folderOf(id), "breaks.yaml");
    const expected = await expectations(file);
    expect(Object.values(expected).flat().length, `breaks.yaml of ${id} expects no finding in any profile`).toBeGreaterThan(0);
    for (const profile of PROFILES) {
      const own = (await findings(file, profile)).filter((finding) => finding.rule === id);
      expect(own.map((finding) => `${finding.severity} ${finding.path || "(object)"}`).sort(), `${id} in ${profile}`).toEqual([...expected[profile]].sort());
      for (const finding of own) {
        expect(finding.message.length).toBeGreaterThan(0);
        expect(finding.fix.length).toBeGreaterThan(0);
        expect(finding.line).toBeGreaterThan(0);
      }
    }
  });

  it.each(RULES.map((rule) => rule.id))("%s passes its near miss, which no rule reports as an error", async (id) => {
    const file = join(folderOf(id), "passes.yaml");
    const profile = (/^# profile: (\w+)/.exec(await readFile(file, "utf8"))?.[1] ?? "prod") as Profile;
    const all = await findings(file, profile);
    expect(all.filter((finding) => finding.rule === id)).toEqual([]);
    expect(all.filter((finding) => finding.severity === "error").map((finding) => `${finding.rule} ${finding.path}: ${finding.message}`)).toEqual([]);
  });

  it.each(RULES.filter((rule) => documented(rule.severity)).map((rule) => [rule.id, rule.severity]))(
    "%s behaves as its documented severity says (%s)",
    async (id) => {
      const rule = RULES.find((candidate) => candidate.id === id);
      const promised = documented(rule?.severity ?? "");
      const expected = await expectations(join(folderOf(id), "breaks.yaml"));
      for (const profile of PROFILES) {
        const seen = new Set(expected[profile].map((line) => line.split(" ")[0]));
        expect([...seen], `${id} in ${profile}`).toEqual(promised?.[profile] === "none" ? [] : [promised?.[profile]]);
      }
    },
  );

  it("documents severities per profile in a checked form, except these rules whose severity depends on the finding", () => {
    expect(RULES.filter((rule) => !documented(rule.severity)).map((rule) => `${rule.id}: ${rule.severity}`)).toEqual([
      "dapr/tracing-disabled: error when samplingRate is not a number in 0..1, warning otherwise",
      "otel/collector-pipeline: error for undefined components, warning for processor order",
      "argocd/unpinned-source: charts: warning in dev, error in staging and prod; git sources: error in prod only",
      "k8s/image-unpinned: error for latest or no tag in every profile; error for a missing digest of a pod container in prod only",
    ]);
  });
});
