// The `trellis` command line. Exit codes: 0 success, 1 the input or the output is wrong, 2 bad usage.
import { fsErrorCode, fsErrorMessage } from "../manifests/fs-problem.ts";
import { visible } from "../report/escape.ts";
import { phase } from "../telemetry/phases.ts";
import { tracingRequested } from "../telemetry/requested.ts";
import { TRELLIS_VERSION } from "../version.ts";
import type { Blueprint } from "../blueprint.ts";
import { UsageError, type Io } from "./options.ts";

export type { Io };

const USAGE = `trellis: typed GitOps blueprint for Dapr and OpenTelemetry on Kubernetes

Usage:
  trellis synth [--env NAME]... [--root DIR] [--out DIR] [--timeout SECONDS] [--lock-wait SECONDS]
      Render environments into DIR/<env>/<layer>/ (default DIR: <root>/deploy).
      Without --env, renders every environment and removes folders of undeclared ones.
      Declarations are stopped after --timeout (default 30); another synth writing DIR is waited for
      up to --lock-wait (default 60). Exit 1: bad declarations; 2: usage, files, or DIR busy.
  trellis validate [PATH]... [--root DIR] [--schema-location LOC]...
      Check manifests with kubeconform -strict (default PATH: <root>/deploy).
      Schema locations come from trellis.config.ts unless given here.
  trellis validate --with-charts [--env NAME]... [--root DIR]
      Every gate over each environment's inventory (Trellis's objects and every chart's output):
      kubeconform, AppProject permissions, chart value keys, Argo CD health, the collector's config check.
  trellis check [PATH]... [--profile dev|staging|prod] [--format text|json|sarif|markdown] [--root DIR] [--with-charts]
                [--baseline FILE | --write-baseline FILE [--reason TEXT]]
      Run the policy rules (docs/policies.md) over files or folders of Kubernetes YAML or JSON.
      Without PATH, checks each <root>/deploy/<env>/ with that environment's profile;
      with PATH, the profile defaults to prod. Exit 1 when any finding is an error that is not accepted
      (trellis.io/ignore annotations, check.overrides in <root>/trellis.config.ts, a baseline). --with-charts
      checks each environment's inventory instead: Trellis's objects plus every chart's rendered output.
      --write-baseline records today's findings by fingerprint; --baseline FILE reports only newer ones.
  trellis inventory [--env NAME]... [--root DIR] [--out DIR]
      What Argo CD will apply per environment: Trellis's objects plus every chart Application's output,
      rendered with Helm as Argo CD does. Prints the counts; with --out, writes one file per object to
      DIR/<env>/<application>/. Charts come from charts.cache in trellis.config.ts.
  trellis rehearse [--env NAME]... [--root DIR]
      Each environment's Pulumi bootstrap with the real Pulumi engine against a local kube-apiserver:
      preview, up, checks of what the cluster holds, a second preview that must change nothing, destroy.
      Uses generated test secrets, a private PULUMI_HOME and state; stops everything it started.
  trellis diff --base REF [--head REF] [--env NAME]... [--format text|json|markdown] [--exit-code] [--no-charts] [--root DIR]
      What a change does to each environment: both sides rendered from their declarations (HEAD: the working
      tree), objects added, removed and changed down to their fields, grouped by layer, with who may call what,
      scopes, topics, delivery and tracing summarised, and what changed charts render differently.
      --exit-code exits 1 on any change.
  trellis report --base REF [--head REF] [--env NAME]... [--format markdown|html] [--out FILE] [--full-report TEXT]
      The same as one document for a pull request: a summary table, what the change means, the policy findings
      it introduces and fixes, a Mermaid drawing per environment, details; Markdown stays under GitHub's
      comment limit, HTML is one self-contained page.
  trellis graph --env NAME [--format mermaid|dot|json] [--root DIR]
      The environment's topology: apps by namespace, invocations, topics, components and the trace path.
  trellis --help

Options:
  --root DIR   project folder holding environments/, apps/ and components/ (default: current folder)
`;

type Command = (args: readonly string[], io: Io, blueprint: Blueprint) => Promise<number>;

/** Each command's module is loaded only when it runs: check need not load cdk8s, nor synth the Pulumi SDK. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  synth: async () => (await import("./synth-command.ts")).synthCommand,
  validate: async () => (await import("./validate-command.ts")).validateCommand,
  check: async () => (await import("./check-command.ts")).checkCommand,
  inventory: async () => (await import("./inventory-command.ts")).inventoryCommand,
  rehearse: async () => (await import("./rehearse-command.ts")).rehearseCommand,
  diff: async () => (await import("./diff-command.ts")).diffCommand,
  report: async () => (await import("./report-command.ts")).reportCommand,
  graph: async () => (await import("./graph-command.ts")).graphCommand,
};

export async function main(argv: readonly string[], io: Io, blueprint: Blueprint): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined) {
    io.err(`trellis: unknown command "${command}"; run trellis --help`);
    return 2;
  }
  // The SDK is loaded only when the OTEL_* environment asks for traces.
  const tracing = tracingRequested()
    ? (await import("../telemetry/tracing.ts")).startTracing({ version: TRELLIS_VERSION })
    : undefined;
  try {
    const run = await load();
    return await phase(`trellis ${command}`, { "trellis.command": command }, () => run(rest, io, blueprint));
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trellis ${command}: ${error.message}; run trellis --help`);
      return 2;
    }
    // A file-system error no command turned into a message of its own: one line, the path and what to do.
    if (fsErrorCode(error)) {
      io.err(`trellis ${command}: ${visible(fsErrorMessage(error))}`);
      return 2;
    }
    throw error;
  } finally {
    await tracing?.shutdown();
  }
}
