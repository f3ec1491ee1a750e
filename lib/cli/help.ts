// `trellis --help` and `trellis <command> --help`, printed from the usage table (usage.ts) and the exit codes
// (exit-codes.ts).
import { exitCodeLines } from "./exit-codes.ts";
import {
  COMMAND_NAMES,
  COMMANDS,
  GLOBAL_OPTIONS,
  optionSynopsis,
  VERSION_OPTION,
  type CommandName,
  type CommandUsage,
  type OptionUsage,
} from "./usage.ts";

const WIDTH = 100;

/** The first line of every help: what Trellis is. */
export const TAGLINE = "trellis: typed GitOps blueprint for Dapr and OpenTelemetry on Kubernetes";

/** "trellis check [PATH|-]... [--profile ...] ...": required options bare, the others in brackets. */
export function synopsis(name: CommandName): string {
  return synopsisItems(name).join(" ");
}

function synopsisItems(name: CommandName): string[] {
  const usage: CommandUsage = COMMANDS[name];
  const options = Object.entries(usage.options).map(([option, entry]) => {
    const text = optionSynopsis(option, entry) + (entry.multiple ? "..." : "");
    return entry.required ? text : `[${text}]`;
  });
  return [`trellis ${name}`, ...(usage.operands ? [usage.operands.synopsis] : []), ...options];
}

/** The synopsis over lines of WIDTH at most, broken between items, never inside one. */
function synopsisLines(name: CommandName): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of synopsisItems(name)) {
    if (line !== "" && line.length + 1 + item.length > WIDTH) {
      lines.push(line);
      line = `      ${item}`;
    } else line = line === "" ? `  ${item}` : `${line} ${item}`;
  }
  return [...lines, line];
}

export function overview(): string {
  const commands = COMMAND_NAMES.map((name) => [`trellis ${name}`, COMMANDS[name].summary] as const);
  return [
    TAGLINE,
    "",
    "Usage: trellis <command> [options]",
    "",
    "Commands:",
    ...columns(commands),
    "",
    "Global options (every command):",
    ...columns([...globalRows(), [VERSION_OPTION.name, VERSION_OPTION.meaning]]),
    "",
    "Exit codes:",
    ...exitCodeLines().flatMap((line) => wrap(line, "     ")),
    "",
    "Run trellis <command> --help (or trellis help <command>) for its options and examples.",
    "",
  ].join("\n");
}

export function commandHelp(name: CommandName): string {
  const usage: CommandUsage = COMMANDS[name];
  const options = Object.entries(usage.options).map(([option, entry]) => optionRow(option, entry));
  return [
    `trellis ${name}: ${usage.summary}`,
    "",
    "Usage:",
    ...synopsisLines(name),
    "",
    ...usage.details.map((line) => `  ${line}`),
    ...(usage.operands ? ["", "Operands:", ...columns([[usage.operands.synopsis, usage.operands.meaning]])] : []),
    ...(options.length > 0 ? ["", "Options:", ...columns(options)] : []),
    "",
    "Global options:",
    ...columns(globalRows()),
    "",
    "Examples:",
    ...usage.examples.flatMap((example) => [`  ${example.command}`, ...wrap(`      ${example.meaning}`, "      ")]),
    "",
  ].join("\n");
}

function optionRow(name: string, option: OptionUsage): readonly [string, string] {
  const short = option.short ? `, -${option.short}` : "";
  const repeat = option.multiple ? "..." : "";
  const required = option.required ? " (required)" : "";
  return [`${optionSynopsis(name, option)}${repeat}${short}`, `${option.meaning}${required}`];
}

function globalRows(): (readonly [string, string])[] {
  return Object.entries(GLOBAL_OPTIONS).map(([name, option]) => optionRow(name, option));
}

/** Two columns: the left padded to the widest that fits, a longer one on its own line. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const limit = 30;
  const width = Math.min(limit, Math.max(...rows.map(([left]) => left.length)));
  const indent = " ".repeat(2 + width + 2);
  return rows.flatMap(([left, right]) =>
    left.length > width
      ? [`  ${left}`, ...wrap(`${indent}${right}`, indent)]
      : wrap(`  ${left.padEnd(width)}  ${right}`, indent),
  );
}

/** Breaks a line at spaces before WIDTH; the following lines start with `indent`. */
function wrap(line: string, indent: string): string[] {
  const lines: string[] = [];
  let rest = line;
  while (rest.length > WIDTH) {
    const cut = rest.lastIndexOf(" ", WIDTH);
    if (cut <= indent.length) break;
    lines.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut + 1).trimStart();
  }
  lines.push(rest);
  return lines;
}
