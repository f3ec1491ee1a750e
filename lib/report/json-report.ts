// Exactly one JSON object: {"findings": [...], "skipped": [...], "summary": {...}}, or with "error" when the run
// could not check (exit 2), so a tool reading standard output always gets one document.
import type { CheckResult } from "../policies/run.ts";
import { skippedFiles, summarize } from "./summary.ts";

export function jsonReport(results: readonly CheckResult[]): string {
  const findings = results.flatMap((result) =>
    result.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      path: f.path,
      fix: f.fix,
      fingerprint: f.fingerprint ?? null,
      suppression: f.suppression ?? null,
    })),
  );
  return `${JSON.stringify({ findings, skipped: skippedFiles(results), summary: summarize(results) }, null, 2)}\n`;
}

export function jsonError(message: string): string {
  return `${JSON.stringify({ error: message, findings: [], skipped: [], summary: summarize([]) }, null, 2)}\n`;
}
