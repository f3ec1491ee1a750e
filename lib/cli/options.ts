// What every command shares: where it prints and reads, and strict option parsing from the command's usage table
// (usage.ts) that reports bad usage as one line naming the option.
import { parseArgs } from "node:util";
import { COMMANDS, GLOBAL_OPTIONS, optionSynopsis, type CommandName, type OptionUsage } from "./usage.ts";
import { nearestName } from "../edit-distance.ts";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * Standard input, read only when a command is given `-`: bin passes a function returning process.stdin (so it is
   * not touched otherwise), tests a string. Absent: empty.
   */
  readonly stdin?: string | (() => AsyncIterable<string | Uint8Array>);
  /** Whether standard output is a terminal: colour is only ever shown there. Absent: it is not. */
  readonly outIsTerminal?: boolean;
  /** Where NO_COLOR is read; absent: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a command is given: the Io, and what the global options made of it. */
export interface CommandIo extends Io {
  /** Colour may be printed on standard output. */
  readonly color: boolean;
  /** --quiet: only errors and the result. */
  readonly quiet: boolean;
  /** A progress line on standard error; nothing with --quiet. */
  readonly progress: (line: string) => void;
}

/** Bad usage: the CLI exits 2 with one line that names the command's help. */
export class UsageError extends Error {}

type OptionsOf<N extends CommandName> = (typeof COMMANDS)[N]["options"] & typeof GLOBAL_OPTIONS;

type ValueOf<O> = O extends { type: "string" } ? (O extends { multiple: true } ? string[] : string) : boolean;
/** Always there: an option with a default, or one parsing requires. */
type Present<O> = O extends { default: string | boolean } | { required: true } ? true : false;

/** The parsed values, typed from the table: present ones plain, the others optional. */
export type ValuesOf<Options> = {
  -readonly [K in keyof Options as Present<Options[K]> extends true ? K : never]: ValueOf<Options[K]>;
} & {
  -readonly [K in keyof Options as Present<Options[K]> extends true ? never : K]?: ValueOf<Options[K]>;
};

/** parseArgs's own config: the table's entries without what only help and completion read. */
function parseConfig(options: Readonly<Record<string, OptionUsage>>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.multiple ? { multiple: true } : {}),
        ...(option.short ? { short: option.short } : {}),
        ...(option.default !== undefined ? { default: option.default } : {}),
      },
    ]),
  );
}

export function optionsOf(command: CommandName): Readonly<Record<string, OptionUsage>> {
  return { ...COMMANDS[command].options, ...GLOBAL_OPTIONS };
}

/**
 * The command's options and operands, checked against its usage table: unknown options, missing values, choices,
 * required options and operands a command does not take are each a UsageError naming the option.
 */
export function parseOptions<const N extends CommandName>(
  args: readonly string[],
  command: N,
): { values: ValuesOf<OptionsOf<N>>; positionals: string[] } {
  const options = optionsOf(command);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: parseConfig(options), allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageProblem(error, options));
  }
  const values = parsed.values as Record<string, unknown>;
  for (const [name, option] of Object.entries(options)) {
    const value = values[name];
    if (option.required && (value === undefined || value === ""))
      throw new UsageError(`${optionSynopsis(name, option)} is required: ${option.meaning}`);
    if (option.choices && !option.choiceCheckedByCommand && typeof value === "string")
      checkChoice(`--${name}`, value, option.choices);
  }
  if (!("operands" in COMMANDS[command]) && parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}": trellis ${command} takes options only`);
  return { values: values as ValuesOf<OptionsOf<N>>, positionals: parsed.positionals };
}

/** `label` ("--format", "SHELL") is one of `choices`, else bad usage naming it. */
export function checkChoice(label: string, value: string, choices: readonly string[]): void {
  if (!choices.includes(value)) throw new UsageError(`${label} must be one of ${choices.join(", ")}, not "${value}"`);
}

/** parseArgs's error as one line of ours: which option, and what is wrong with it. */
function usageProblem(error: unknown, options: Readonly<Record<string, OptionUsage>>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'(-{1,2}[^'\s<=]+)/.exec(message)?.[1] ?? "";
  const long = named.startsWith("--")
    ? named.slice(2)
    : Object.entries(options).find(([, option]) => option.short === named.slice(1))?.[0];
  const option = long !== undefined ? options[long] : undefined;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const near = nearest(named.replace(/^-+/, ""), Object.keys(options));
    return `unknown option ${named}${near ? `; did you mean --${near}?` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option && long !== undefined) {
    if (option.type === "boolean") return `--${long} takes no value`;
    return `${optionSynopsis(long, option)}: the value is missing (a value starting with - is given as --${long}=-VALUE)`;
  }
  return message.split("\n")[0] ?? message;
}

/** The known name a mistyped one most likely meant: at most two edits away. */
export function nearest(name: string, names: readonly string[]): string | undefined {
  return nearestName(name, names, { maxDistance: 2 });
}
