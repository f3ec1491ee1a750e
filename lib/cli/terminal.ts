// How the CLI talks to a terminal: colour only on one, never with NO_COLOR (any non-empty value) or --no-color;
// progress lines only without --quiet.
import { showProgress } from "../telemetry/progress.ts";
import type { CommandIo, Io } from "./options.ts";

export interface ColorInputs {
  /** Whether the stream colour would go to is a terminal. */
  readonly terminal: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --no-color was given. */
  readonly noColor: boolean;
}

export function colorWanted({ terminal, env, noColor }: ColorInputs): boolean {
  if (noColor) return false;
  if ((env.NO_COLOR ?? "") !== "") return false;
  return terminal === true;
}

/** The Io a command runs with, from the global options main read. */
export function commandIo(io: Io, globals: { readonly quiet: boolean; readonly noColor: boolean }): CommandIo {
  return {
    ...io,
    color: colorWanted({ terminal: io.outIsTerminal, env: io.env ?? process.env, noColor: globals.noColor }),
    quiet: globals.quiet,
    progress: globals.quiet ? () => {} : io.err,
  };
}

/** Step-by-step progress of long work on standard error (lib/telemetry/progress.ts); none with --quiet. */
export function progressOf(io: CommandIo, phases: readonly string[]): () => void {
  return io.quiet ? () => {} : showProgress(process.stderr, { phases });
}
