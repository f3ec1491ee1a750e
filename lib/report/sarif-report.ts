// SARIF 2.1.0 for GitHub code scanning: one run, every rule described, one result per finding.
import type { CheckResult } from "../../policies/run.ts";
import { RULES } from "../../policies/rules.ts";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export function sarifReport(results: readonly CheckResult[], toolVersion: string): string {
  const findings = results.flatMap((result) => result.findings);
  const index = new Map(RULES.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "trellis check",
            version: toolVersion,
            informationUri: "https://github.com/trellis-examples/trellis/blob/main/docs/policies.md",
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.why },
              help: { text: `${rule.fix} (${rule.reference})` },
              properties: { severity: rule.severity },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? 0,
          level: f.severity === "error" ? "error" : "warning",
          message: { text: `${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name}${f.path ? ` ${f.path}` : ""}: ${f.message}. Fix: ${f.fix}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file.replaceAll("\\", "/") }, region: { startLine: Math.max(1, f.line) } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
