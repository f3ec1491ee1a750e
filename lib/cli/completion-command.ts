// `trellis completion bash|zsh|fish`: the completion script for that shell on standard output.
import { completionScript, SHELLS } from "./completion.ts";
import { EXIT } from "./exit-codes.ts";
import { checkChoice, parseOptions, UsageError, type CommandIo } from "./options.ts";

export async function completionCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals } = parseOptions(args, "completion");
  const [shell, ...more] = positionals;
  if (shell === undefined) throw new UsageError(`SHELL is missing: give one of ${SHELLS.join(", ")}`);
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}": give one shell`);
  checkChoice("SHELL", shell, SHELLS);
  io.out(completionScript(shell as (typeof SHELLS)[number]).trimEnd());
  return EXIT.success;
}
