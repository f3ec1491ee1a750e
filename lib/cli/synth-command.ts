// `trellis synth`: render environments into deploy/, or report every declaration problem and write nothing.
// Exit 0 written; 1 the declarations are wrong or the output holds files Trellis did not write; 2 bad usage, a
// file that cannot be read or written, or another run holding the output.
import type { Blueprint } from "../blueprint.ts";
import { resolve } from "node:path";
import { DeclarationError, formatProblem } from "../declarations/problems.ts";
import { errnoReason, OutputError } from "../output/output-error.ts";
import { synth } from "../synth.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";

const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_LOCK_WAIT_SECONDS = 60;

export async function synthCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { values } = parseOptions(args, "synth");
  const timeoutSeconds = seconds(values.timeout, "--timeout", DEFAULT_TIMEOUT_SECONDS);
  const lockWaitSeconds = seconds(values["lock-wait"], "--lock-wait", DEFAULT_LOCK_WAIT_SECONDS);
  const root = projectRoot(values.root);
  const out = resolve(values.out ?? resolve(root, "deploy"));
  const started = performance.now();
  try {
    const { folders, written, warnings } = await synth(blueprint, root, out, {
      environments: values.env ?? [],
      timeoutMs: timeoutSeconds * 1000,
      lockWaitMs: lockWaitSeconds * 1000,
      onWait: (holder) =>
        io.progress(
          `synth: waiting up to ${lockWaitSeconds} s for trellis ${holder.command} (pid ${holder.pid}), which is writing ${out}`,
        ),
      onRecover: (what) => io.err(`synth: ${what} in ${out}`),
    });
    // What the blueprint's declaration checks warn about (component contracts): printed, and rendered all the same.
    for (const warning of warnings) io.err(`warning: ${formatProblem(warning)}`);
    const files = folders.reduce((sum, folder) => sum + folder.files.length, 0);
    const milliseconds = Math.round(performance.now() - started);
    io.out(
      `rendered ${folders.map((folder) => folder.name).join(", ")}: ${files} files in ${out} ` +
        `(${written.written} written, ${written.kept} unchanged, ${written.removed} removed; ${milliseconds} ms)`,
    );
    return EXIT.success;
  } catch (error) {
    if (error instanceof OutputError) {
      io.err(`synth: ${error.message}`);
      return error.failure === "foreign" ? EXIT.failure : EXIT.usage;
    }
    if (error instanceof DeclarationError) {
      io.err(error.message);
      io.err(
        `synth: ${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in the declarations; nothing was written`,
      );
      return EXIT.failure;
    }
    const failed = error as NodeJS.ErrnoException;
    if (typeof failed.code === "string" && typeof failed.path === "string") {
      io.err(
        `synth: cannot read ${failed.path}: ${errnoReason(failed)}; make it readable by this user; nothing was written`,
      );
      return EXIT.usage;
    }
    throw error;
  }
}

function seconds(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${option} takes a number of seconds (0 or more), not "${text}"`);
  return value;
}
