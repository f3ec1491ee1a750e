// Counts shared by every report format.
import type { CheckResult } from "../../policies/run.ts";

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly objects: number;
  readonly files: number;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const findings = results.flatMap((result) => result.findings);
  return {
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    objects: results.reduce((sum, result) => sum + result.objects, 0),
    files: results.reduce((sum, result) => sum + result.files, 0),
  };
}
