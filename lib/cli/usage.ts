// Every command's usage as data: what it does, its operands, each option with its meaning, and examples. The
// overview (`trellis --help`), each command's help (`trellis <command> --help`), option parsing and the shell
// completion scripts are all read from this one table, so none of them can name an option another lacks.
import { SEVERITIES } from "./severity.ts";

/** One option of a command, as parseArgs reads it plus what help and completion say about it. */
export interface OptionUsage {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean;
  /** The value's name in usage lines: NAME, DIR, FILE. Only for string options. */
  readonly value?: string;
  /** The values it takes: shown in help, offered by completion, and checked when parsed. */
  readonly choices?: readonly string[];
  /**
   * The command checks the choice itself, later (check's --profile: so that a JSON or SARIF document still
   * carries the error); parsing does not.
   */
  readonly choiceCheckedByCommand?: boolean;
  /** What completion offers for the value: folders, files, the repository's git refs, or nothing (free text). */
  readonly complete?: "folder" | "file" | "git-ref";
  /** Must be given. */
  readonly required?: boolean;
  /** One line: what it does. */
  readonly meaning: string;
}

export interface OperandUsage {
  /** As written in usage lines: "[PATH]...". */
  readonly synopsis: string;
  readonly meaning: string;
  /** What completion offers: files and folders, commands, or a fixed list. */
  readonly complete: "file" | "command" | readonly string[];
}

export interface Example {
  readonly command: string;
  readonly meaning: string;
}

export interface CommandUsage {
  /** One line for the overview. */
  readonly summary: string;
  /** More lines for the command's own help. */
  readonly details: readonly string[];
  /** Absent: the command takes no operand, and any is bad usage. */
  readonly operands?: OperandUsage;
  readonly options: Readonly<Record<string, OptionUsage>>;
  readonly examples: readonly Example[];
}

const root = {
  type: "string",
  value: "DIR",
  complete: "folder",
  meaning: "the project folder (default: the nearest folder up from here holding trellis.config.ts)",
} as const satisfies OptionUsage;

const environments = (meaning: string) =>
  ({ type: "string", multiple: true, value: "NAME", meaning }) as const satisfies OptionUsage;

/** What `trellis diff` and `trellis report` share: the two sides and what to compare. */
const review = {
  base: {
    type: "string",
    value: "REF",
    required: true,
    complete: "git-ref",
    meaning: "the git ref to compare with (a commit, branch or tag), e.g. origin/main",
  },
  head: {
    type: "string",
    value: "REF",
    complete: "git-ref",
    meaning: "the git ref of the change (default: the working tree)",
  },
  env: environments("only this environment (repeatable; default: every environment and the shared argocd/)"),
  root,
  "no-charts": {
    type: "boolean",
    default: false,
    meaning: "do not render changed charts with Helm (no Helm is found or built); report their version moves only",
  },
} as const satisfies Record<string, OptionUsage>;

/** Options every command takes; main reads them before the command runs. */
export const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h", meaning: "print this command's usage, options and examples, and exit 0" },
  quiet: {
    type: "boolean",
    short: "q",
    meaning: "print only errors and the command's result: no progress lines, no engine builds announced",
  },
  "no-color": {
    type: "boolean",
    meaning: "no colour (also: NO_COLOR set to anything; colour is only ever shown on a terminal)",
  },
} as const satisfies Record<string, OptionUsage>;

export const COMMANDS = {
  synth: {
    summary: "render environments into <root>/deploy/<env>/<layer>/",
    details: [
      "Renders every environment's declarations into one folder per environment and layer. Without --env,",
      "renders every environment and removes folders of undeclared ones. Nothing is written when any",
      "declaration is wrong: every problem is printed, one line each, with its file, field and fix.",
    ],
    options: {
      env: environments("render only this environment (repeatable; default: every environment)"),
      root,
      out: { type: "string", value: "DIR", complete: "folder", meaning: "the output folder (default: <root>/deploy)" },
      timeout: {
        type: "string",
        value: "SECONDS",
        meaning: "stop evaluating the declarations after this many seconds (default: 30)",
      },
      "lock-wait": {
        type: "string",
        value: "SECONDS",
        meaning: "wait this long for another synth writing the same output folder (default: 60)",
      },
    },
    examples: [
      { command: "trellis synth", meaning: "every environment into deploy/" },
      { command: "trellis synth --env dev --out /tmp/deploy", meaning: "dev only, somewhere else" },
    ],
  },
  validate: {
    summary: "check manifests with kubeconform -strict; with --with-charts, every gate over the whole inventory",
    details: [
      "Validates files or folders of manifests against the Kubernetes and CRD schemas (schema locations from",
      "trellis.config.ts unless given). --with-charts runs every gate over each environment's inventory",
      "(Trellis's objects and every chart's output): kubeconform, AppProject permissions, chart value keys,",
      "Argo CD health and the collector's own config check.",
    ],
    operands: {
      synopsis: "[PATH]...",
      meaning: "files or folders of manifests (default: <root>/deploy)",
      complete: "file",
    },
    options: {
      root,
      "schema-location": {
        type: "string",
        multiple: true,
        value: "LOC",
        meaning: "a kubeconform schema location (repeatable; default: trellis.config.ts's)",
      },
      "with-charts": {
        type: "boolean",
        default: false,
        meaning: "every gate over each environment's inventory, charts' output included (no PATH then)",
      },
      env: environments("with --with-charts: only this environment (repeatable)"),
    },
    examples: [
      { command: "trellis validate", meaning: "everything in deploy/" },
      { command: "trellis validate deploy/prod", meaning: "one environment's files" },
      { command: "trellis validate --with-charts --env prod", meaning: "every gate over prod's whole inventory" },
    ],
  },
  check: {
    summary: "run the policy rules over manifests (docs/policies.md)",
    details: [
      "Runs every policy rule over files or folders of Kubernetes YAML or JSON, or over standard input (- or",
      "/dev/stdin), each set with the profile its environment declares (its AppProject's trellis.io/profile label;",
      "prod where none does). Without PATH, checks each <root>/deploy/<env>/. Exit 1 when any finding is an error",
      "that is not accepted (trellis.io/ignore annotations, check.overrides in trellis.config.ts, a baseline).",
      "Severities:",
      ...SEVERITIES.map((severity) => `  ${severity.name}: ${severity.meaning}`),
    ],
    operands: {
      synopsis: "[PATH|-]...",
      meaning: "files or folders of manifests; - or /dev/stdin reads standard input (default: <root>/deploy/<env>/)",
      complete: "file",
    },
    options: {
      profile: {
        type: "string",
        value: "PROFILE",
        choices: ["dev", "staging", "prod"],
        choiceCheckedByCommand: true,
        meaning: "whose severities apply (default: the one each environment declares; prod where none does)",
      },
      format: {
        type: "string",
        default: "text",
        value: "FORMAT",
        choices: ["text", "json", "sarif", "markdown"],
        meaning: "text for a terminal, json or sarif for tools, markdown for a pull request (default: text)",
      },
      root,
      "with-charts": {
        type: "boolean",
        default: false,
        meaning: "check each environment's inventory instead: Trellis's objects and every chart's output",
      },
      baseline: {
        type: "string",
        value: "FILE",
        complete: "file",
        meaning: "report only findings that this baseline does not hold",
      },
      "write-baseline": {
        type: "string",
        value: "FILE",
        complete: "file",
        meaning: "record today's findings by fingerprint in FILE, to accept them",
      },
      reason: { type: "string", value: "TEXT", meaning: "with --write-baseline: why the findings are accepted" },
    },
    examples: [
      { command: "trellis check", meaning: "every deploy/<env>/ with its own profile" },
      {
        command: "trellis check manifests/ --profile staging --format sarif",
        meaning: "any folder, for code scanning",
      },
      { command: "helm template my-chart | trellis check -", meaning: "a chart's output, from standard input" },
      {
        command: 'trellis check --write-baseline .trellis/baseline.json --reason "known, tracked in #42"',
        meaning: "accept today's findings",
      },
    ],
  },
  inventory: {
    summary: "what Argo CD will apply per environment: Trellis's objects plus every chart's output",
    details: [
      "Renders each environment and every chart Application with Helm, as Argo CD does, and prints the",
      "counts; with --out, writes one file per object to DIR/<env>/<application>/. Charts come from",
      "charts.cache in trellis.config.ts.",
    ],
    options: {
      env: environments("only this environment (repeatable; default: every environment)"),
      root,
      out: {
        type: "string",
        value: "DIR",
        complete: "folder",
        meaning: "also write one file per object to DIR/<env>/<application>/",
      },
    },
    examples: [
      { command: "trellis inventory", meaning: "the counts of every environment" },
      { command: "trellis inventory --env prod --out /tmp/inventory", meaning: "prod's objects, one file each" },
    ],
  },
  rehearse: {
    summary: "install each environment on a throw-away local cluster: Pulumi bootstrap, Argo CD sync, deletion safety",
    details: [
      "Preview, up, checks of what the cluster holds; then the real Argo CD syncs the environment (every",
      "Application Synced and Healthy, in wave order), refuses the negative cases, and the delivery objects are",
      "un-labelled and deleted without taking a workload; a second preview that must change nothing, destroy.",
      "Generated test secrets, a private PULUMI_HOME and state. Needs root. Everything it started is stopped.",
    ],
    options: {
      env: environments("only this environment (repeatable; default: every environment)"),
      report: {
        type: "string",
        value: "FILE",
        complete: "file",
        meaning: "write the JSON report to FILE (one environment: an object; several: an array of them)",
      },
      from: {
        type: "string",
        value: "REV",
        meaning:
          "install REV's deploy/ first, then upgrade to the working tree's; previous: the newest commit whose output differs",
      },
      root,
    },
    examples: [
      { command: "trellis rehearse", meaning: "every environment, one after another" },
      { command: "trellis rehearse --env dev", meaning: "dev only" },
      { command: "trellis rehearse --env dev --report dev.json", meaning: "dev, with the JSON report" },
      { command: "trellis rehearse --env dev --from previous", meaning: "dev's last change, rehearsed as an upgrade" },
    ],
  },
  diff: {
    summary: "what a change does to each environment, object by object and field by field",
    details: [
      "Both sides rendered from their own declarations: objects added (with their fields), removed and changed",
      "(old → new, values in full), grouped by layer, with who may call what, scopes, topics, delivery and",
      "tracing summarised, and what changed charts render differently.",
    ],
    options: {
      ...review,
      format: {
        type: "string",
        default: "text",
        value: "FORMAT",
        choices: ["text", "json", "markdown"],
        meaning: "text for a terminal, json for tools, markdown for a pull request (default: text)",
      },
      "exit-code": { type: "boolean", default: false, meaning: "exit 1 when anything changed" },
    },
    examples: [
      { command: "trellis diff --base origin/main", meaning: "the working tree against main" },
      {
        command: "trellis diff --base v0.4.0 --head v0.5.0 --env prod --format markdown",
        meaning: "two tags, prod only",
      },
    ],
  },
  report: {
    summary: "the diff as one pull-request comment (Markdown) or a self-contained HTML page",
    details: [
      "A summary table, what the change means, the policy findings it introduces and fixes, a Mermaid drawing",
      "per environment, and every object's details. Markdown stays under GitHub's comment limit (whole",
      "sections are left out with a note past it); HTML is one self-contained page.",
    ],
    options: {
      ...review,
      format: {
        type: "string",
        default: "markdown",
        value: "FORMAT",
        choices: ["markdown", "html"],
        meaning: "markdown for a pull-request comment, html for one page (default: markdown)",
      },
      out: {
        type: "string",
        value: "FILE",
        complete: "file",
        meaning: "write the report to FILE (default: standard output)",
      },
      "full-report": {
        type: "string",
        value: "TEXT",
        meaning: "where the full report is, said where the Markdown leaves something out",
      },
    },
    examples: [
      { command: "trellis report --base origin/main --out report.md", meaning: "a pull-request comment" },
      {
        command: "trellis report --base origin/main --format html --out report.html --no-charts",
        meaning: "one page, without Helm",
      },
    ],
  },
  graph: {
    summary: "an environment's topology: apps, invocations, topics, components and the trace path",
    details: ["Apps by namespace, invocation edges with their verbs, topics, components and the trace path."],
    options: {
      env: { type: "string", value: "NAME", required: true, meaning: "the environment to draw" },
      format: {
        type: "string",
        default: "mermaid",
        value: "FORMAT",
        choices: ["mermaid", "dot", "json"],
        meaning: "mermaid, Graphviz dot, or json nodes and edges (default: mermaid)",
      },
      root,
    },
    examples: [
      { command: "trellis graph --env prod", meaning: "as Mermaid" },
      { command: "trellis graph --env prod --format dot | dot -Tsvg > prod.svg", meaning: "as a picture" },
    ],
  },
  components: {
    summary: "the Dapr component types of the pinned release, or one type's metadata fields",
    details: [
      "Lists every spec.type the pinned daprd loads, with its versions, maturity and other names; with TYPE,",
      "that type's metadata fields: type, required, default, allowed values, which are sensitive (secretKeyRef",
      "only). The same contracts synth checks components/ against and check's dapr/component-metadata uses.",
    ],
    operands: {
      synopsis: "[TYPE]",
      meaning: "one component type, e.g. state.redis (default: every type)",
      complete: [],
    },
    options: {
      version: {
        type: "string",
        value: "V",
        meaning: "with TYPE: this version of it (default: the version daprd prefers, else the newest)",
      },
      format: {
        type: "string",
        default: "table",
        value: "FORMAT",
        choices: ["table", "json"],
        meaning: "aligned columns for a terminal, or json for tools (default: table)",
      },
    },
    examples: [
      { command: "trellis components", meaning: "every type" },
      { command: "trellis components state.postgresql --version v1", meaning: "one type's fields at one version" },
      { command: "trellis components pubsub.kafka --format json", meaning: "the same, for tools" },
    ],
  },
  help: {
    summary: "print the overview, or one command's usage, options and examples",
    details: ["The same as trellis --help, or trellis <command> --help."],
    operands: { synopsis: "[COMMAND]", meaning: "the command to explain", complete: "command" },
    options: {},
    examples: [{ command: "trellis help check", meaning: "check's options and examples" }],
  },
  completion: {
    summary: "print a completion script for bash, zsh or fish",
    details: ["Completes commands, their options and the options' values. Load it in the shell's start-up file."],
    operands: { synopsis: "SHELL", meaning: "bash, zsh or fish", complete: ["bash", "zsh", "fish"] },
    options: {},
    examples: [
      { command: "source <(trellis completion bash)", meaning: "bash, in ~/.bashrc" },
      { command: "trellis completion zsh > ~/.zfunc/_trellis", meaning: "zsh, with ~/.zfunc on fpath" },
      { command: "trellis completion fish > ~/.config/fish/completions/trellis.fish", meaning: "fish" },
    ],
  },
} as const satisfies Record<string, CommandUsage>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** What main does before any command: print the version. */
export const VERSION_OPTION = {
  name: "--version",
  meaning: "print Trellis's version, the pinned upstream releases and the engines it builds, and exit 0",
} as const;

/** "--env NAME", "--with-charts", "--format text|json". */
export function optionSynopsis(name: string, option: OptionUsage): string {
  if (option.type === "boolean") return `--${name}`;
  return `--${name} ${option.choices ? option.choices.join("|") : (option.value ?? "VALUE")}`;
}
