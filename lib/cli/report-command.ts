// `trellis report`: one document for a pull-request comment (Markdown) or a self-contained page (HTML).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { reportDocument } from "../review/report-document.ts";
import { reportHtml } from "../review/report-html.ts";
import { reportMarkdown } from "../review/report-markdown.ts";
import { review } from "../review/review.ts";
import { ReviewInputError } from "../review/sides.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

const FORMATS = ["markdown", "html"] as const;

export async function reportCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    base: { type: "string" },
    head: { type: "string" },
    env: { type: "string", multiple: true },
    format: { type: "string", default: "markdown" },
    out: { type: "string" },
    root: { type: "string" },
    "full-report": { type: "string" },
    "no-charts": { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.base) throw new UsageError("--base <git ref> is required: the commit to compare with, e.g. --base origin/main");
  if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  let result;
  try {
    result = await review({
      repository: resolve(values.root ?? "."),
      base: values.base,
      head: values.head,
      environments: values.env ?? [],
      charts: !values["no-charts"],
      findings: true,
      log: io.err,
    });
  } catch (error) {
    if (error instanceof ReviewInputError) throw new UsageError(error.message);
    throw error;
  }
  const document = reportDocument(result);
  const fullReport = values["full-report"] ?? `the full report is what \`trellis report --base ${values.base} --format html\` writes`;
  const text = values.format === "html" ? await reportHtml(document) : reportMarkdown(document, fullReport);
  if (values.out) {
    await writeFile(resolve(values.out), text);
    io.out(`wrote ${values.format} report to ${resolve(values.out)} (${text.length} characters)`);
  } else {
    io.out(text.trimEnd());
  }
  return 0;
}
