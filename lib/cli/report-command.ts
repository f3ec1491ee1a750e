// `trellis report`: one document for a pull-request comment (Markdown) or a self-contained page (HTML).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { reportDocument } from "../review/report-document.ts";
import { reportHtml } from "../review/report-html.ts";
import { reportMarkdown } from "../review/report-markdown.ts";
import { fsErrorCode, fsProblem } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";
import { REVIEW_OPTIONS, reviewFromOptions } from "./review-options.ts";

const FORMATS = ["markdown", "html"] as const;

export async function reportCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...REVIEW_OPTIONS,
    format: { type: "string", default: "markdown" },
    out: { type: "string" },
    "full-report": { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!(FORMATS as readonly string[]).includes(values.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  const document = reportDocument(await reviewFromOptions(values, io, true));
  const fullReport =
    values["full-report"] ?? `the full report is what \`trellis report --base ${values.base} --format html\` writes`;
  const text = values.format === "html" ? await reportHtml(document) : reportMarkdown(document, fullReport);
  if (values.out) {
    try {
      await writeFile(resolve(values.out), text);
    } catch (error) {
      if (!fsErrorCode(error)) throw error;
      io.err(`trellis report: ${visible(fsProblem(resolve(values.out), error, "writing"))}`);
      return 2;
    }
    io.out(`wrote ${values.format} report to ${resolve(values.out)} (${text.length} characters)`);
  } else {
    io.out(text.trimEnd());
  }
  return 0;
}
