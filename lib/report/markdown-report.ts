// A pull-request comment: a summary line, a table of findings, the accepted ones with their reasons, and the files
// that were not read. Every value from the input is escaped for GitHub's Markdown.
import type { Finding } from "../policies/rule.ts";
import type { CheckResult } from "../policies/run.ts";
import { markdownCode, markdownText } from "./escape.ts";
import { objectLabel, skippedFiles, summarize } from "./summary.ts";

const where = (f: Finding) =>
  `${markdownCode(`${f.file}:${f.line}`, true)}${f.path ? ` ${markdownCode(f.path, true)}` : ""}`;

export function markdownReport(results: readonly CheckResult[]): string {
  const s = summarize(results);
  const findings = results.flatMap((result) => result.findings);
  const active = findings.filter((f) => !f.suppression);
  const accepted = findings.filter((f) => f.suppression);
  const counts = [
    `${s.objects} objects in ${s.files} files.`,
    s.suppressed > 0 ? `${s.suppressed} suppressed.` : "",
    s.baselined > 0 ? `${s.baselined} in the baseline.` : "",
    s.skipped > 0 ? `${s.skipped} skipped.` : "",
  ].filter(Boolean);
  const lines = [`### trellis check: ${s.errors} error(s), ${s.warnings} warning(s)`, "", counts.join(" ")];
  if (active.length > 0) {
    lines.push("", "| severity | rule | object | where | finding | fix |", "|---|---|---|---|---|---|");
    for (const f of active)
      lines.push(
        `| ${f.severity} | ${markdownCode(f.rule, true)} | ${markdownText(objectLabel(f))} | ${where(f)} | ${markdownText(f.message)} | ${markdownText(f.fix)} |`,
      );
  }
  if (accepted.length > 0) {
    lines.push(
      "",
      `<details><summary>${accepted.length} accepted finding(s)</summary>`,
      "",
      "| rule | object | where | accepted by | reason |",
      "|---|---|---|---|---|",
    );
    for (const f of accepted)
      lines.push(
        `| ${markdownCode(f.rule, true)} | ${markdownText(objectLabel(f))} | ${where(f)} | ${f.suppression?.kind} | ${markdownText(f.suppression?.justification ?? "")} |`,
      );
    lines.push("", "</details>");
  }
  const skipped = skippedFiles(results);
  if (skipped.length > 0)
    lines.push(
      "",
      "Not read:",
      "",
      ...skipped.map((entry) => `- ${markdownCode(entry.file)}: ${markdownText(entry.reason)}`),
    );
  return `${lines.join("\n")}\n`;
}
