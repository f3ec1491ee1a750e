// Runs the CLI in process like test/support/project.ts's runCli, with what runCli leaves out: standard input, a
// terminal on standard output, and the environment the CLI reads NO_COLOR from.
import { blueprint } from "../../blueprint.ts";
import { main } from "../../lib/cli/main.ts";
import type { Io } from "../../lib/cli/options.ts";
import type { CliRun } from "../support/project.ts";

export type IoExtras = Pick<Io, "stdin" | "outIsTerminal" | "env">;

export async function runWith(argv: readonly string[], extras: IoExtras): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`), ...extras },
    blueprint,
  );
  return { code, stdout, stderr };
}
