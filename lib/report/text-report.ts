// One line per finding, for terminals and CI logs.
import type { CheckResult } from "../../policies/run.ts";
import { summarize } from "./summary.ts";

export function textReport(results: readonly CheckResult[]): string {
  const lines = results.flatMap((result) =>
    result.findings.map((f) => {
      const where = `${f.file}:${f.line}`;
      const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name}`;
      return `${where}: ${f.severity} ${f.rule}: ${object}${f.path ? ` ${f.path}` : ""}: ${f.message}\n  fix: ${f.fix}`;
    }),
  );
  const s = summarize(results);
  lines.push(`check: ${s.errors} error(s), ${s.warnings} warning(s) in ${s.objects} object(s) from ${s.files} file(s)`);
  return `${lines.join("\n")}\n`;
}
