// The `trellis` command line. What each exit code means is exit-codes.ts; each command's usage is usage.ts, from
// which help, option parsing and shell completion are all made.
import { parseArgs } from "node:util";
import { fsErrorCode, fsErrorMessage } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { phase } from "../telemetry/phases.ts";
import { tracingRequested } from "../telemetry/requested.ts";
import { TRELLIS_VERSION } from "../version.ts";
import type { Blueprint } from "../blueprint.ts";
import { EXIT } from "./exit-codes.ts";
import { commandHelp, overview } from "./help.ts";
import { nearest, optionsOf, parseOptions, UsageError, type CommandIo, type Io } from "./options.ts";
import { commandIo } from "./terminal.ts";
import { COMMAND_NAMES, isCommand, VERSION_OPTION, type CommandName } from "./usage.ts";

export type { Io };

type Command = (args: readonly string[], io: CommandIo, blueprint: Blueprint) => Promise<number>;

/** Each command's module is loaded only when it runs: check need not load cdk8s, nor synth the Pulumi SDK. */
const COMMANDS: Readonly<Record<CommandName, () => Promise<Command>>> = {
  synth: async () => (await import("./synth-command.ts")).synthCommand,
  validate: async () => (await import("./validate-command.ts")).validateCommand,
  check: async () => (await import("./check-command.ts")).checkCommand,
  inventory: async () => (await import("./inventory-command.ts")).inventoryCommand,
  rehearse: async () => (await import("./rehearse-command.ts")).rehearseCommand,
  diff: async () => (await import("./diff-command.ts")).diffCommand,
  report: async () => (await import("./report-command.ts")).reportCommand,
  graph: async () => (await import("./graph-command.ts")).graphCommand,
  components: async () => (await import("./components-command.ts")).componentsCommand,
  help: async () => helpCommand,
  completion: async () => (await import("./completion-command.ts")).completionCommand,
};

/** The blueprint, or how to load it: loaded only when a command runs, so help and usage errors stay instant. */
export type BlueprintSource = Blueprint | (() => Promise<Blueprint>);

export async function main(argv: readonly string[], io: Io, source: BlueprintSource): Promise<number> {
  const blueprint = async () => (typeof source === "function" ? await source() : source);
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h") {
    io.out(overview());
    return command === undefined ? EXIT.usage : EXIT.success;
  }
  if (command === VERSION_OPTION.name) {
    io.out((await import("./version-text.ts")).versionText(await blueprint()));
    return EXIT.success;
  }
  if (!isCommand(command)) {
    const near = nearest(command, COMMAND_NAMES);
    io.err(
      `trellis: unknown command "${visible(command)}"${near ? `; did you mean ${near}?` : ""}; run trellis --help`,
    );
    return EXIT.usage;
  }
  const globals = globalOptions(command, rest);
  if (globals.help) {
    io.out(commandHelp(command));
    return EXIT.success;
  }
  // The SDK is loaded only when the OTEL_* environment asks for traces.
  const tracing = tracingRequested()
    ? (await import("../telemetry/trellis-tracing.ts")).startTracing({ version: TRELLIS_VERSION })
    : undefined;
  try {
    const run = await COMMANDS[command]();
    const loaded = await blueprint();
    return await phase(`trellis ${command}`, { "trellis.command": command }, () =>
      run(rest, commandIo(io, globals), loaded),
    );
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trellis ${command}: ${visible(error.message)}; run trellis ${command} --help`);
      return EXIT.usage;
    }
    // A file-system error no command turned into a message of its own: one line, the path and what to do.
    if (fsErrorCode(error)) {
      io.err(`trellis ${command}: ${visible(fsErrorMessage(error))}`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    await tracing?.shutdown();
  }
}

/**
 * The global options among a command's arguments (--help, --quiet, --no-color), read before the command runs and
 * with its own options known, so that a value (`--reason --quiet`) is not taken for one. The command's own strict
 * parsing accepts them too (options.ts).
 */
function globalOptions(command: CommandName, args: readonly string[]) {
  const config = Object.fromEntries(
    Object.entries(optionsOf(command)).map(([name, option]) => [
      name,
      { type: option.type, ...(option.short ? { short: option.short } : {}) },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Set(tokens.flatMap((token) => (token.kind === "option" ? [token.name] : [])));
  return { help: given.has("help"), quiet: given.has("quiet"), noColor: given.has("no-color") };
}

/** `trellis help [COMMAND]`: the overview, or the command's own help. */
async function helpCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals } = parseOptions(args, "help");
  const [topic, ...more] = positionals;
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}": give one command`);
  if (topic === undefined) {
    io.out(overview());
    return EXIT.success;
  }
  if (!isCommand(topic)) {
    const near = nearest(topic, COMMAND_NAMES);
    throw new UsageError(
      `unknown command "${topic}"${near ? `; did you mean ${near}?` : ""}; the commands: ${COMMAND_NAMES.join(", ")}`,
    );
  }
  io.out(commandHelp(topic));
  return EXIT.success;
}
