// Every rule has a manifest set that breaks it and a near miss that passes, beside the rule's file: the rule in
// policies/<family>/<rule>.ts has <rule>.breaks.yaml and <rule>.passes.yaml in the same folder (<family> is the
// family's folder, FAMILY_FOLDERS below; <rule> is the rule id after its "/"). <rule>.breaks.yaml lists, per profile,
// exactly the findings the rule must report there:
//   # expect prod: error spec.source.targetRevision      (severity, then field path or "(object)")
//   # expect dev: none
// <rule>.passes.yaml (checked with its "# profile:" header, prod by default) gives no finding of its rule and no error
// of any rule that is not suppressed, so it shows the rule's fix and nothing else. Every finding points at the line of
// its field, as the `yaml` package (a second parser) places that field, or of its nearest present parent.
import { blueprint } from "../../blueprint.ts";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from "yaml";
import { pathSegments } from "../../lib/manifests/field-lines.ts";
import { loadManifests } from "../../lib/manifests/load-manifests.ts";
import { PROFILES, type Profile, type Severity } from "../../lib/policies/rule.ts";
import { runChecks } from "../../lib/policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const RULES = blueprint.rules;

const POLICIES = join(PROJECT_ROOT, "policies");
/** The folder of each rule family under policies/, by the rule id's prefix. */
const FAMILY_FOLDERS: Readonly<Record<string, string>> = {
  dapr: "dapr",
  otel: "opentelemetry",
  argocd: "argocd",
  k8s: "kubernetes",
  secrets: "secrets",
  trellis: "trellis",
};
const fixtures = (await readdir(POLICIES, { recursive: true }))
  .filter((file) => /\.(breaks|passes)\.yaml$/.test(file))
  .sort();
/** The rule's file under policies/ without its .ts: its fixtures are this path with .breaks.yaml and .passes.yaml. */
const ruleFile = (id: string) => {
  const [family = "", name = ""] = id.split("/");
  return join(FAMILY_FOLDERS[family] ?? family, name);
};
const fixtureOf = (id: string, which: "breaks" | "passes") => join(POLICIES, `${ruleFile(id)}.${which}.yaml`);

async function findings(file: string, profile: Profile) {
  return runChecks(RULES, await loadManifests([file]), profile).findings;
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
  it("have their two fixtures beside their rule's file, named after the rule id", () => {
    expect(fixtures).toEqual(
      RULES.flatMap((rule) => [`${ruleFile(rule.id)}.breaks.yaml`, `${ruleFile(rule.id)}.passes.yaml`]).sort(),
    );
    expect(
      RULES.filter((rule) => !existsSync(join(POLICIES, `${ruleFile(rule.id)}.ts`))).map((rule) => rule.id),
    ).toEqual([]);
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((rule) => rule.id))(
    "%s reports exactly the expected severity and field path in each profile",
    async (id) => {
      const file = fixtureOf(id, "breaks");
      const expected = await expectations(file);
      expect(
        Object.values(expected).flat().length,
        `breaks.yaml of ${id} expects no finding in any profile`,
      ).toBeGreaterThan(0);
      for (const profile of PROFILES) {
        const own = (await findings(file, profile)).filter((finding) => finding.rule === id);
        expect(
          own.map((finding) => `${finding.severity} ${finding.path || "(object)"}`).sort(),
          `${id} in ${profile}`,
        ).toEqual([...expected[profile]].sort());
        for (const finding of own) {
          expect(finding.message.length).toBeGreaterThan(0);
          expect(finding.fix.length).toBeGreaterThan(0);
          expect(finding.line).toBeGreaterThan(0);
        }
      }
    },
  );

  it.each(RULES.map((rule) => rule.id))("%s passes its near miss, which no rule reports as an error", async (id) => {
    const file = fixtureOf(id, "passes");
    const profile = (/^# profile: (\w+)/.exec(await readFile(file, "utf8"))?.[1] ?? "prod") as Profile;
    const all = await findings(file, profile);
    expect(all.filter((finding) => finding.rule === id)).toEqual([]);
    expect(
      all
        .filter((finding) => finding.severity === "error" && !finding.suppression)
        .map((finding) => `${finding.rule} ${finding.path}: ${finding.message}`),
    ).toEqual([]);
  });

  it.each(RULES.map((rule) => rule.id))("%s points each finding at the line of its field", async (id) => {
    const file = fixtureOf(id, "breaks");
    const text = await readFile(file, "utf8");
    for (const profile of PROFILES) {
      for (const found of (await findings(file, profile)).filter((candidate) => candidate.rule === id)) {
        expect(found.line, `${id} ${found.path} in ${profile}`).toBe(expectedLine(text, found));
      }
    }
  });

  it.each(RULES.filter((rule) => documented(rule.severity)).map((rule) => [rule.id, rule.severity]))(
    "%s behaves as its documented severity says (%s)",
    async (id) => {
      const rule = RULES.find((candidate) => candidate.id === id);
      const promised = documented(rule?.severity ?? "");
      const expected = await expectations(fixtureOf(id, "breaks"));
      for (const profile of PROFILES) {
        const seen = new Set(expected[profile].map((line) => line.split(" ")[0]));
        expect([...seen], `${id} in ${profile}`).toEqual(promised?.[profile] === "none" ? [] : [promised?.[profile]]);
      }
    },
  );

  it("documents severities per profile in a checked form, except these rules whose severity depends on the finding", () => {
    expect(RULES.filter((rule) => !documented(rule.severity)).map((rule) => `${rule.id}: ${rule.severity}`)).toEqual([
      "dapr/component-metadata: error for what daprd refuses or misreads: an unknown type or version, a missing required field, a sensitive field as a literal value, a field name close to a known one (a likely typo); warning for what it ignores or deprecates: an unknown field with no near match, a deprecated field or version",
      "dapr/tracing-disabled: error when samplingRate is not a number in 0..1, warning otherwise",
      "otel/collector-pipeline: error for undefined components, warning for processor order",
      "argocd/unpinned-source: charts: warning in dev, error in staging and prod; git sources: error in prod only",
      "k8s/image-unpinned: error for latest or no tag in every profile; error for a missing digest of a pod container in prod only",
    ]);
  });
});

/**
 * Where the `yaml` package puts a finding's field: the key of a mapping entry, the start of a sequence item, or the
 * nearest parent that exists; the object is found by kind and name among the documents and List items.
 */
function expectedLine(text: string, found: { kind: string; name: string; path: string; line: number }): number {
  const counter = new LineCounter();
  const lineOf = (offset: number) => counter.linePos(offset).line;
  const objects: Node[] = [];
  const collect = (node: Node | null | undefined) => {
    if (!isMap(node)) return;
    const kind = node.get("kind");
    const items = node.get("items");
    if (typeof kind === "string" && kind.endsWith("List") && isSeq(items))
      for (const item of items.items) collect(item as Node);
    else objects.push(node);
  };
  for (const document of parseAllDocuments(text, { lineCounter: counter })) collect(document.contents as Node);
  // Of two objects with one name (a duplicate), the one that starts last at or before the finding.
  const object = objects
    .filter(
      (node) =>
        isMap(node) &&
        node.get("kind") === found.kind &&
        String((node.getIn(["metadata", "name"]) as string | undefined) ?? "") === found.name &&
        lineOf(node.range?.[0] ?? 0) <= found.line,
    )
    .at(-1);
  if (!object || found.kind === "") return found.line;
  let node: Node | undefined = object;
  let line = lineOf(object.range?.[0] ?? 0);
  const segments = pathSegments(found.path);
  for (let index = 0; index < segments.length && node;) {
    const segment = segments[index];
    if (typeof segment === "number") {
      const item: Node | undefined = isSeq(node) ? (node.items[segment] as Node | undefined) : undefined;
      if (!item) break;
      node = item;
      line = lineOf(item.range?.[0] ?? 0);
      index += 1;
      continue;
    }
    let pair;
    let used = 1;
    for (let count = 1; !pair && index + count <= segments.length; count += 1) {
      const key = segments.slice(index, index + count).join(".");
      pair = isMap(node)
        ? node.items.find((candidate) => isScalar(candidate.key) && String(candidate.key.value) === key)
        : undefined;
      used = count;
    }
    if (!pair || !isScalar(pair.key)) break;
    line = lineOf(pair.key.range?.[0] ?? 0);
    node = (pair.value as Node | null) ?? undefined;
    index += used;
  }
  return line;
}
