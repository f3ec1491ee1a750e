// Runs every rule over one object set with one profile; findings come back in a stable order.
import { compareCodePoints } from "../lib/sort.ts";
import { ObjectSet } from "./object-set.ts";
import type { Finding, Profile } from "./rule.ts";
import { RULES } from "./rules.ts";

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly files: number;
}

export function runChecks(loaded: ConstructorParameters<typeof ObjectSet>[0], profile: Profile): CheckResult {
  const set = new ObjectSet(loaded);
  const findings = RULES.flatMap((rule) => rule.check(set, profile));
  const key = (f: Finding) => [f.file, String(f.line).padStart(8, "0"), f.rule, f.path, f.message].join("\u0000");
  return { findings: [...findings].sort((a, b) => compareCodePoints(key(a), key(b))), objects: set.objects.length, files: set.files };
}
