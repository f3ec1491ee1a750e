// Exactly one JSON object: {"findings": [...], "summary": {...}}.
import type { CheckResult } from "../../policies/run.ts";
import { summarize } from "./summary.ts";

export function jsonReport(results: readonly CheckResult[]): string {
  const findings = results.flatMap((result) =>
    result.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, file: f.file, line: f.line, kind: f.kind, namespace: f.namespace, name: f.name, path: f.path, fix: f.fix })),
  );
  return `${JSON.stringify({ findings, summary: summarize(results) }, null, 2)}\n`;
}
