// `trellis diff`: what a change does to each environment, rendered from both sides' declarations.
import { diffJson, diffMarkdown, diffText, hasChanges } from "../review/diff-output.ts";
import { fsErrorCode, fsErrorMessage } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";
import { REVIEW_OPTIONS, reviewFromOptions } from "./review-options.ts";

const FORMATS = ["text", "json", "markdown"] as const;

export async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...REVIEW_OPTIONS,
    format: { type: "string", default: "text" },
    "exit-code": { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!(FORMATS as readonly string[]).includes(values.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
  let result;
  try {
    result = await reviewFromOptions(values, io, false);
  } catch (error) {
    if (!fsErrorCode(error)) throw error;
    // One line, and with --format json still one document that carries the error.
    const message = fsErrorMessage(error);
    io.err(`trellis diff: ${visible(message)}`);
    if (values.format === "json") io.out(JSON.stringify({ error: message, environments: [] }, null, 2));
    return 2;
  }
  const render = values.format === "json" ? diffJson : values.format === "markdown" ? diffMarkdown : diffText;
  io.out(render(result).trimEnd());
  return values["exit-code"] && hasChanges(result) ? 1 : 0;
}
