// The `trellis` command line. Exit codes: 0 success, 1 the input or the output is wrong, 2 bad usage.
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DeclarationError } from "../declarations/problems.ts";
import { OutputError } from "../output/replace-folders.ts";
import { synth } from "../synth.ts";
import { validate } from "./validate-command.ts";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = `trellis: typed GitOps blueprint for Dapr and OpenTelemetry on Kubernetes

Usage:
  trellis synth [--env NAME]... [--root DIR] [--out DIR]
      Render environments into DIR/<env>/<layer>/ (default DIR: <root>/deploy).
      Without --env, renders every environment and removes folders of undeclared ones.
  trellis validate [PATH]... [--root DIR] [--schema-location LOC]...
      Check manifests with kubeconform -strict (default PATH: <root>/deploy).
      Schema locations come from trellis.config.ts unless given here.
  trellis --help

Options:
  --root DIR   project folder holding environments/, apps/ and components/ (default: current folder)
`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    switch (command) {
      case "synth":
        return await synthCommand(rest, io);
      case "validate":
        return await validate(rest, io);
      default:
        io.err(`trellis: unknown command "${command}"; run trellis --help`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trellis ${command}: ${error.message}; run trellis --help`);
      return 2;
    }
    throw error;
  }
}

export class UsageError extends Error {}

export function parseOptions<const O extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: O) {
  try {
    return parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function synthCommand(args: readonly string[], io: Io): Promise<number> {
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
    const { folders } = await synth(root, out, { environments: values.env ?? [] });
    const files = folders.reduce((sum, folder) => sum + folder.files.length, 0);
    const milliseconds = Math.round(performance.now() - started);
    io.out(`rendered ${folders.map((folder) => folder.name).join(", ")}: ${files} files in ${out} (${milliseconds} ms)`);
    return 0;
  } catch (error) {
    if (error instanceof OutputError) {
      io.err(`synth: ${error.message}; no environment folder under ${out} was replaced`);
      return 1;
    }
    if (!(error instanceof DeclarationError)) throw error;
    io.err(error.message);
    io.err(`synth: ${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in the declarations; nothing was written`);
    return 1;
  }
}
