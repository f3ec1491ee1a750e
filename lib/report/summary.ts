// Counts shared by every report format. Suppressed and baselined findings are counted, never silently dropped.
import type { Finding } from "../policies/rule.ts";
import type { CheckResult } from "../policies/run.ts";

export interface Summary {
  /** Errors and warnings that count: neither suppressed nor in the baseline. */
  readonly errors: number;
  readonly warnings: number;
  /** Findings accepted by a trellis.io/ignore annotation or by the config's overrides. */
  readonly suppressed: number;
  /** Findings the baseline holds. */
  readonly baselined: number;
  readonly objects: number;
  readonly files: number;
  /** Files and folders of the input that were not read, each named in the report. */
  readonly skipped: number;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const findings = results.flatMap((result) => result.findings);
  const active = findings.filter((f) => !f.suppression);
  return {
    errors: active.filter((f) => f.severity === "error").length,
    warnings: active.filter((f) => f.severity === "warning").length,
    suppressed: findings.filter((f) => f.suppression && f.suppression.kind !== "baseline").length,
    baselined: findings.filter((f) => f.suppression?.kind === "baseline").length,
    objects: results.reduce((sum, result) => sum + result.objects, 0),
    files: results.reduce((sum, result) => sum + result.files, 0),
    skipped: results.reduce((sum, result) => sum + (result.skipped?.length ?? 0), 0),
  };
}

/** "Deployment orders/order-api", or the file for a document that is not an object. */
export function objectLabel(finding: Finding): string {
  return finding.kind === ""
    ? "(document)"
    : `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ""}${finding.name}`;
}

/** Every skipped file once, in order (an environment's run and the shared folder's may name the same one). */
export function skippedFiles(results: readonly CheckResult[]): { file: string; reason: string }[] {
  const seen = new Map<string, string>();
  for (const result of results)
    for (const entry of result.skipped ?? []) if (!seen.has(entry.file)) seen.set(entry.file, entry.reason);
  return [...seen].map(([file, reason]) => ({ file, reason }));
}
