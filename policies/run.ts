// Runs every rule over one object set with one profile; findings come back in a stable order.
import { compareCodePoints } from "../lib/sort.ts";
import { ObjectSet } from "./object-set.ts";
import type { Finding, Profile } from "./rule.ts";
import type { Rule } from "./rule.ts";
import { RULES } from "./rules.ts";
import { phase } from "../lib/telemetry/phases.ts";

/** Rules grouped by family (the part of the id before "/"), in catalogue order: one span each. */
const RULES_BY_FAMILY = RULES.reduce((families, rule) => {
  const family = rule.id.split("/")[0] ?? rule.id;
  families.set(family, [...(families.get(family) ?? []), rule]);
  return families;
}, new Map<string, Rule[]>());

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly files: number;
}

export function runChecks(loaded: ConstructorParameters<typeof ObjectSet>[0], profile: Profile): CheckResult {
  const set = phase("trellis.check.index", { "trellis.objects": loaded.objects.length }, () => new ObjectSet(loaded));
  const findings = [...RULES_BY_FAMILY].flatMap(([family, rules]) =>
    phase("trellis.check.rules", { "trellis.family": family, "trellis.profile": profile, "trellis.rules": rules.length }, () => rules.flatMap((rule) => rule.check(set, profile))),
  );
  const key = (f: Finding) => [f.file, String(f.line).padStart(8, "0"), f.rule, f.path, f.message].join("\u0000");
  return { findings: [...findings].sort((a, b) => compareCodePoints(key(a), key(b))), objects: set.objects.length, files: set.files };
}
