// `trellis report`: one document for a pull-request comment (Markdown) or a self-contained page (HTML).
import type { Blueprint } from "../blueprint.ts";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { reportDocument } from "../review/report-document.ts";
import { reportHtml } from "../review/report-html.ts";
import { reportMarkdown } from "../review/report-markdown.ts";
import { fsErrorCode, fsProblem } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, type CommandIo } from "./options.ts";
import { reviewFromOptions } from "./review-options.ts";

export async function reportCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  // --base is required and --format one of its choices: parseOptions says so otherwise. --no-charts, shared with
  // diff, leaves Helm out.
  const { values } = parseOptions(args, "report");
  const document = reportDocument(await reviewFromOptions(values, io, blueprint, true));
  const fullReport =
    values["full-report"] ?? `the full report is what \`trellis report --base ${values.base} --format html\` writes`;
  const text = values.format === "html" ? await reportHtml(document) : reportMarkdown(document, fullReport);
  if (values.out) {
    try {
      await writeFile(resolve(values.out), text);
    } catch (error) {
      if (!fsErrorCode(error)) throw error;
      io.err(`trellis report: ${visible(fsProblem(resolve(values.out), error, "writing"))}`);
      return EXIT.usage;
    }
    io.out(`wrote ${values.format} report to ${resolve(values.out)} (${text.length} characters)`);
  } else {
    io.out(text.trimEnd());
  }
  return EXIT.success;
}
