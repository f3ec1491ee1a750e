// Runs every rule over one object set with one profile; findings come back in a stable order, each pointing at the
// line of its field, with its fingerprint, and suppressed where its object's trellis.io/ignore annotation says so.
import { compareCodePoints } from "../sort.ts";
import type { Skipped } from "../manifests/load-manifests.ts";
import { fingerprint } from "./fingerprint.ts";
import { IGNORE_ANNOTATION, parseIgnore } from "./ignore-annotation.ts";
import { ObjectSet, type SetObject } from "./object-set.ts";
import type { Finding, Profile } from "./rule.ts";
import type { Rule } from "./rule.ts";
import { phase } from "../telemetry/phases.ts";

/** Rules grouped by family (the part of the id before "/"), in catalogue order: one span each. */
function byFamily(rules: readonly Rule[]): Map<string, Rule[]> {
  return rules.reduce((families, rule) => {
    const family = rule.id.split("/")[0] ?? rule.id;
    families.set(family, [...(families.get(family) ?? []), rule]);
    return families;
  }, new Map<string, Rule[]>());
}

/** A suppression may not hide the finding that says a suppression is broken. */
const UNSUPPRESSIBLE = new Set(["trellis/ignore-invalid"]);

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly files: number;
  /** What the run covered when a check has several (an environment); part of each fingerprint. */
  readonly scope?: string;
  /** Files and folders of the input that were not read, with why. */
  readonly skipped?: readonly Skipped[];
}

export function runChecks(
  rules: readonly Rule[],
  loaded: ConstructorParameters<typeof ObjectSet>[0] & { readonly skipped?: readonly Skipped[] },
  profile: Profile,
  scope = "",
): CheckResult {
  const set = phase("trellis.check.index", { "trellis.objects": loaded.objects.length }, () => new ObjectSet(loaded));
  const known = new Set(rules.map((rule) => rule.id));
  const raw = [...byFamily(rules)].flatMap(([family, ofFamily]) =>
    phase(
      "trellis.check.rules",
      { "trellis.family": family, "trellis.profile": profile, "trellis.rules": ofFamily.length },
      () => ofFamily.flatMap((rule) => rule.check(set, profile, known)),
    ),
  );
  const objectOf = objectFinder(set);
  const findings = raw.map((found) => {
    const object = objectOf(found);
    const line = object?.fieldLine && found.path !== "" ? object.fieldLine(found.path) : found.line;
    const suppression =
      object && !UNSUPPRESSIBLE.has(found.rule) ? inlineSuppression(object, found.rule, known) : undefined;
    const placed: Finding = { ...found, line };
    return { ...placed, fingerprint: fingerprint(placed, scope), ...(suppression ? { suppression } : {}) };
  });
  const key = (f: Finding) => [f.file, String(f.line).padStart(8, "0"), f.rule, f.path, f.message].join("\u0000");
  return {
    findings: findings.sort((a, b) => compareCodePoints(key(a), key(b))),
    objects: set.objects.length,
    files: set.files,
    ...(scope ? { scope } : {}),
    ...(loaded.skipped ? { skipped: loaded.skipped } : {}),
  };
}

/** The object a finding is about: the one of its file, starting line, kind, namespace and name. */
function objectFinder(set: ObjectSet): (finding: Finding) => SetObject | undefined {
  const byPlace = new Map<string, SetObject>();
  const place = (file: string, line: number, kind: string, namespace: string, name: string) =>
    [file, line, kind, namespace, name].join("\u0000");
  for (const object of set.objects) {
    const key = place(object.file, object.line, object.kind, object.namespace, object.name);
    if (!byPlace.has(key)) byPlace.set(key, object);
  }
  return (finding) => byPlace.get(place(finding.file, finding.line, finding.kind, finding.namespace, finding.name));
}

function inlineSuppression(object: SetObject, rule: string, known: ReadonlySet<string>): Finding["suppression"] {
  const annotations = object.object.metadata?.annotations;
  if (!annotations || typeof annotations !== "object" || !Object.hasOwn(annotations, IGNORE_ANNOTATION))
    return undefined;
  const clause = parseIgnore(annotations[IGNORE_ANNOTATION], known).clauses.find((candidate) =>
    candidate.rules.includes(rule),
  );
  return clause ? { kind: "annotation", justification: clause.reason } : undefined;
}
