// `trellis synth`: render environments into deploy/, or report every declaration problem and write nothing.
import { resolve } from "node:path";
import { DeclarationError } from "../declarations/problems.ts";
import { OutputError } from "../output/replace-folders.ts";
import { synth } from "../synth.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

export async function synthCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    env: { type: "string", multiple: true },
    root: { type: "string" },
    out: { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const root = resolve(values.root ?? ".");
  const out = resolve(values.out ?? resolve(root, "deploy"));
  const started = performance.now();
  try {
    const { folders, written } = await synth(root, out, { environments: values.env ?? [] });
    const files = folders.reduce((sum, folder) => sum + folder.files.length, 0);
    const milliseconds = Math.round(performance.now() - started);
    io.out(
      `rendered ${folders.map((folder) => folder.name).join(", ")}: ${files} files in ${out} ` +
        `(${written.written} written, ${written.kept} unchanged, ${written.removed} removed; ${milliseconds} ms)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof OutputError) {
      io.err(`synth: ${error.message}`);
      return 1;
    }
    if (!(error instanceof DeclarationError)) throw error;
    io.err(error.message);
    io.err(`synth: ${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in the declarations; nothing was written`);
    return 1;
  }
}
