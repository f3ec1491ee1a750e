// The project's overrides (check.overrides in trellis.config.ts): a rule turned off or re-graded for the files a glob
// matches. An "off" finding stays in every report as suppressed, with the entry's reason.
import type { Config } from "../config.ts";
import { CONFIG_FILE } from "../config.ts";
import { InputError } from "../manifests/load-manifests.ts";
import type { Finding } from "../policies/rule.ts";
import type { CheckResult } from "../policies/run.ts";
import { globMatcher } from "./glob.ts";

export type Override = Config["check"]["overrides"][number];

/** Refuses entries that name no known rule: a misspelt id would silence nothing while looking as if it did. */
export function checkOverrides(overrides: readonly Override[], ruleIds: readonly string[]): void {
  const known = new Set(ruleIds);
  const families = new Set(ruleIds.map((id) => `${id.split("/")[0]}/*`));
  const problems = overrides.flatMap((override, index) =>
    override.rules
      .filter((rule) => !known.has(rule) && !families.has(rule))
      .map(
        (rule) =>
          `${CONFIG_FILE}: check.overrides[${index}].rules: "${rule}" is not a rule or family (see docs/policies.md)`,
      ),
  );
  if (problems.length > 0) throw new InputError(problems.join("\n"));
}

export function applyOverrides(results: readonly CheckResult[], overrides: readonly Override[]): CheckResult[] {
  if (overrides.length === 0) return [...results];
  const compiled = overrides.map((override) => ({ ...override, matches: (override.paths ?? ["**"]).map(globMatcher) }));
  const overridden = (finding: Finding): Finding => {
    // An annotation on the object is the more specific word; the last matching entry wins.
    if (finding.suppression) return finding;
    const entry = [...compiled]
      .reverse()
      .find(
        (candidate) =>
          candidate.rules.some(
            (rule) => rule === finding.rule || (rule.endsWith("/*") && finding.rule.startsWith(rule.slice(0, -1))),
          ) && candidate.matches.some((matches) => matches(finding.file)),
      );
    if (!entry) return finding;
    return entry.severity === "off"
      ? { ...finding, suppression: { kind: "config", justification: entry.reason } }
      : { ...finding, severity: entry.severity };
  };
  return results.map((result) => ({ ...result, findings: result.findings.map(overridden) }));
}
