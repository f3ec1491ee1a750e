// `trellis diff`: what a change does to each environment, rendered from both sides' declarations.
import { resolve } from "node:path";
import { diffJson, diffMarkdown, diffText, hasChanges } from "../review/diff-output.ts";
import { review } from "../review/review.ts";
import { ReviewInputError } from "../review/sides.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

const FORMATS = ["text", "json", "markdown"] as const;

export async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    base: { type: "string" },
    head: { type: "string" },
    env: { type: "string", multiple: true },
    format: { type: "string", default: "text" },
    root: { type: "string" },
    "exit-code": { type: "boolean", default: false },
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
      findings: false,
      log: io.err,
    });
  } catch (error) {
    if (error instanceof ReviewInputError) throw new UsageError(error.message);
    throw error;
  }
  const render = values.format === "json" ? diffJson : values.format === "markdown" ? diffMarkdown : diffText;
  io.out(render(result).trimEnd());
  return values["exit-code"] && hasChanges(result) ? 1 : 0;
}
