// One line per finding, for terminals and CI logs; accepted findings are counted, skipped files named. Everything
// from the input is shown with its control characters escaped, so a name cannot drive the terminal. `paint` colours
// the severity word (the CLI passes it on a terminal only: lib/cli/severity.ts).
import type { CheckResult } from "../policies/run.ts";
import { visible } from "./escape.ts";
import { objectLabel, skippedFiles, summarize } from "./summary.ts";

export function textReport(results: readonly CheckResult[], paint?: (severity: string) => string): string {
  const lines = results.flatMap((result) =>
    result.findings
      .filter((f) => !f.suppression)
      .map(
        (f) =>
          `${visible(`${f.file}:${f.line}:`)} ${paint ? paint(f.severity) : visible(f.severity)} ${visible(`${f.rule}: ${objectLabel(f)}${f.path ? ` ${f.path}` : ""}: ${f.message}`)}` +
          `\n  fix: ${visible(f.fix)}`,
      ),
  );
  for (const entry of skippedFiles(results)) lines.push(visible(`skipped ${entry.file}: ${entry.reason}`));
  const s = summarize(results);
  const accepted = [
    s.suppressed > 0 ? `${s.suppressed} suppressed` : "",
    s.baselined > 0 ? `${s.baselined} in the baseline` : "",
    s.skipped > 0 ? `${s.skipped} skipped` : "",
  ].filter(Boolean);
  lines.push(
    `check: ${s.errors} error(s), ${s.warnings} warning(s) in ${s.objects} object(s) from ${s.files} file(s)${accepted.length > 0 ? `; ${accepted.join(", ")}` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}
