// `trellis diff`: what a change does to each environment, rendered from both sides' declarations.
import type { Blueprint } from "../blueprint.ts";
import { diffJson, diffMarkdown, diffText, hasChanges } from "../review/diff-output.ts";
import { fsErrorCode, fsErrorMessage } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, type CommandIo } from "./options.ts";
import { reviewFromOptions } from "./review-options.ts";

export async function diffCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  // --base is required and --format one of its choices: parseOptions says so otherwise.
  const { values } = parseOptions(args, "diff");
  let result;
  try {
    result = await reviewFromOptions(values, io, blueprint, false);
  } catch (error) {
    if (!fsErrorCode(error)) throw error;
    // One line, and with --format json still one document that carries the error.
    const message = fsErrorMessage(error);
    io.err(`trellis diff: ${visible(message)}`);
    if (values.format === "json") io.out(JSON.stringify({ error: message, environments: [] }, null, 2));
    return EXIT.usage;
  }
  const render = values.format === "json" ? diffJson : values.format === "markdown" ? diffMarkdown : diffText;
  io.out(render(result).trimEnd());
  return values["exit-code"] && hasChanges(result) ? EXIT.failure : EXIT.success;
}
