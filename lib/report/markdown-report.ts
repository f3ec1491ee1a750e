// A pull-request comment: a summary line and a table of findings.
import type { CheckResult } from "../../policies/run.ts";
import { summarize } from "./summary.ts";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export function markdownReport(results: readonly CheckResult[]): string {
  const s = summarize(results);
  const findings = results.flatMap((result) => result.findings);
  const lines = [`### trellis check: ${s.errors} error(s), ${s.warnings} warning(s)`, "", `${s.objects} objects in ${s.files} files.`];
  if (findings.length > 0) {
    lines.push("", "| severity | rule | object | where | finding | fix |", "|---|---|---|---|---|---|");
    for (const f of findings) {
      const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ""}${f.name}`;
      lines.push(`| ${f.severity} | \`${f.rule}\` | ${cell(object)} | \`${cell(f.file)}:${f.line}\`${f.path ? ` \`${cell(f.path)}\`` : ""} | ${cell(f.message)} | ${cell(f.fix)} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
