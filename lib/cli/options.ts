// What every command shares: where it prints, and strict option parsing that reports bad usage.
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Bad usage: the CLI exits 2. */
export class UsageError extends Error {}

export function parseOptions<const O extends NonNullable<ParseArgsConfig["options"]>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
