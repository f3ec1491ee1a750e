// Shell completion scripts for bash, zsh and fish, generated from the usage table (usage.ts): commands, each
// command's options (and the global ones), the values an option takes (its choices, files or folders), and the
// operands (files, commands, shells).
import {
  COMMAND_NAMES,
  COMMANDS,
  GLOBAL_OPTIONS,
  VERSION_OPTION,
  type CommandName,
  type CommandUsage,
  type OptionUsage,
} from "./usage.ts";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The repository's branches and tags, as a shell command. */
const GIT_REFS = `git for-each-ref --format='%(refname:short)' 2>/dev/null`;

/** Names and choices go into scripts unquoted: the table holds only such words (checked here, so a new one is too). */
const WORD = /^-{0,2}[A-Za-z0-9][A-Za-z0-9._-]*$/;

function word(text: string): string {
  if (!WORD.test(text)) throw new Error(`internal: "${text}" cannot go into a completion script as a bare word`);
  return text;
}

function usageOf(name: CommandName): CommandUsage {
  return COMMANDS[name];
}

/** A command's options with the global ones, as [name, usage]. */
function optionsOf(name: CommandName): [string, OptionUsage][] {
  return [...Object.entries(usageOf(name).options), ...Object.entries(GLOBAL_OPTIONS)];
}

/** Every spelling of an option: --name, and -x when it has a short one. */
function spellings(name: string, option: OptionUsage): string[] {
  return [`--${word(name)}`, ...(option.short ? [`-${word(option.short)}`] : [])];
}

export function completionScript(shell: Shell): string {
  return shell === "bash" ? bashCompletion() : shell === "zsh" ? zshCompletion() : fishCompletion();
}

export function bashCompletion(): string {
  const firstWords = [...COMMAND_NAMES, "--help", "-h", VERSION_OPTION.name].map(word).join(" ");
  const cases = COMMAND_NAMES.map((name) => {
    const usage = usageOf(name);
    const options = optionsOf(name);
    const valueCases: string[] = [];
    for (const [option, entry] of options) {
      if (entry.type !== "string") continue;
      const pattern = spellings(option, entry).join("|");
      const action = entry.choices
        ? `COMPREPLY=($(compgen -W "${entry.choices.map(word).join(" ")}" -- "$cur"))`
        : entry.complete === "folder"
          ? `_trellis_files -d`
          : entry.complete === "file"
            ? `_trellis_files -f`
            : entry.complete === "git-ref"
              ? `COMPREPLY=($(compgen -W "$(${GIT_REFS})" -- "$cur"))`
              : ":";
      valueCases.push(`        ${pattern}) ${action}; return 0 ;;`);
    }
    const operand = usage.operands?.complete;
    const operandLines =
      operand === undefined
        ? []
        : operand === "file"
          ? ['      operand="file"']
          : [
              '      operand="words"',
              `      words="${(operand === "command" ? COMMAND_NAMES : operand).map(word).join(" ")}"`,
            ];
    return [
      `    ${word(name)})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, "      esac"] : []),
      `      options="${options.flatMap(([option, entry]) => spellings(option, entry)).join(" ")}"`,
      ...operandLines,
      "      ;;",
    ].join("\n");
  });
  return `# bash completion for trellis, from \`trellis completion bash\`: source it, e.g. in ~/.bashrc:
#   source <(trellis completion bash)
_trellis_files() {
  # Files or folders (-d) starting with the word; names with spaces stay whole.
  local IFS=$'\\n'
  COMPREPLY=($(compgen "$1" -- "$cur"))
  compopt -o filenames 2>/dev/null
  return 0
}
_trellis() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev=""
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # --option=value: bash splits at "=", so the option is the word before it.
  if [[ "$cur" == "=" ]]; then
    cur=""
  elif [[ "$prev" == "=" && COMP_CWORD -gt 1 ]]; then
    prev="\${COMP_WORDS[COMP_CWORD-2]}"
  fi
  COMPREPLY=()
  if (( COMP_CWORD == 1 )); then
    COMPREPLY=($(compgen -W "${firstWords}" -- "$cur"))
    return 0
  fi
  local options="" operand="" words=""
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
    *) return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ "$operand" == file ]]; then
    _trellis_files -f
  elif [[ "$operand" == words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  return 0
}
complete -F _trellis trellis
`;
}

/** Text inside single quotes in zsh and in an _arguments description: quotes, brackets and colons escaped. */
function zshDescription(text: string): string {
  return text.replace(/[[\]:\\]/g, "\\$&").replaceAll("'", "'\\''");
}

export function zshCompletion(): string {
  const commands = COMMAND_NAMES.map((name) => `    '${word(name)}:${zshDescription(usageOf(name).summary)}'`);
  const cases = COMMAND_NAMES.map((name) => {
    const usage = usageOf(name);
    const specs = optionsOf(name).map(([option, entry]) => {
      const description = zshDescription(entry.meaning);
      const repeat = entry.multiple ? "*" : "";
      const action =
        entry.type === "boolean"
          ? ""
          : `:${word(entry.value ?? "VALUE")}:${
              entry.choices
                ? `(${entry.choices.map(word).join(" ")})`
                : entry.complete === "folder"
                  ? "_files -/"
                  : entry.complete === "file"
                    ? "_files"
                    : entry.complete === "git-ref"
                      ? `{compadd -- \${(f)"$(${GIT_REFS.replaceAll("'", "'\\''")})"}}`
                      : " "
            }`;
      const equals = entry.type === "string" ? "=" : "";
      if (entry.short)
        return `      '(-${word(entry.short)} --${word(option)})'{-${entry.short},--${option}${equals}}'[${description}]${action}'`;
      return `      '${repeat}--${word(option)}${equals}[${description}]${action}'`;
    });
    const operand = usage.operands;
    if (operand) {
      const values =
        operand.complete === "file"
          ? "_files"
          : `(${(operand.complete === "command" ? COMMAND_NAMES : operand.complete).map(word).join(" ")})`;
      specs.push(`      '*:${zshDescription(operand.synopsis)}:${values}'`);
    }
    return [`    ${word(name)})`, "      _arguments -s \\", specs.join(" \\\n"), "      ;;"].join("\n");
  });
  return `#compdef trellis
# zsh completion for trellis, from \`trellis completion zsh\`: save it as _trellis in a folder on $fpath
# (trellis completion zsh > ~/.zfunc/_trellis, with fpath+=(~/.zfunc) before compinit in ~/.zshrc).
_trellis() {
  local -a commands
  commands=(
${commands.join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'trellis command' commands
    compadd -- --help -h ${VERSION_OPTION.name}
    return
  fi
  local command="\${words[2]}"
  shift words
  (( CURRENT-- ))
  case "$command" in
${cases.join("\n")}
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _trellis "$@"
else
  compdef _trellis trellis
fi
`;
}

/** Text inside single quotes in fish. */
function fishQuoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

export function fishCompletion(): string {
  const lines = [
    "# fish completion for trellis, from `trellis completion fish`:",
    "#   trellis completion fish > ~/.config/fish/completions/trellis.fish",
    "complete -c trellis -f",
    `complete -c trellis -n __fish_use_subcommand -s h -l help -d ${fishQuoted("print the overview, and exit 0")}`,
    `complete -c trellis -n __fish_use_subcommand -l ${VERSION_OPTION.name.slice(2)} -d ${fishQuoted(VERSION_OPTION.meaning)}`,
  ];
  for (const name of COMMAND_NAMES)
    lines.push(`complete -c trellis -n __fish_use_subcommand -a ${word(name)} -d ${fishQuoted(usageOf(name).summary)}`);
  for (const name of COMMAND_NAMES) {
    const usage = usageOf(name);
    const when = `-n ${fishQuoted(`__fish_seen_subcommand_from ${word(name)}`)}`;
    for (const [option, entry] of optionsOf(name)) {
      const short = entry.short ? ` -s ${word(entry.short)}` : "";
      const value =
        entry.type === "boolean"
          ? ""
          : entry.choices
            ? ` -x -a ${fishQuoted(entry.choices.map(word).join(" "))}`
            : entry.complete === "folder"
              ? ` -x -a ${fishQuoted("(__fish_complete_directories)")}`
              : entry.complete === "file"
                ? " -r -F"
                : entry.complete === "git-ref"
                  ? ` -x -a ${fishQuoted(`(${GIT_REFS.replace("2>/dev/null", "2>/dev/null")})`)}`
                  : " -x";
      lines.push(`complete -c trellis ${when}${short} -l ${word(option)}${value} -d ${fishQuoted(entry.meaning)}`);
    }
    const operand = usage.operands;
    if (operand?.complete === "file") lines.push(`complete -c trellis ${when} -F`);
    else if (operand)
      lines.push(
        `complete -c trellis ${when} -a ${fishQuoted((operand.complete === "command" ? COMMAND_NAMES : operand.complete).map(word).join(" "))}`,
      );
  }
  return `${lines.join("\n")}\n`;
}
