// `trellis completion bash|zsh|fish`: the scripts complete commands, each command's options and their values from
// the usage table. The bash script is sourced in a real bash and its function driven as bash's completion drives it
// (COMP_WORDS, COMP_CWORD); fish's own `complete -C` answers for the fish script; zsh parses and loads its script.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS } from "../../lib/cli/usage.ts";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const run = promisify(execFile);

async function script(shell: string): Promise<string> {
  const printed = await runCli(["completion", shell]);
  expect(printed.code, printed.stderr).toBe(0);
  return printed.stdout;
}

/** COMPREPLY after bash's completion of `words`, the last being the word under the cursor. */
async function bashCandidates(file: string, words: readonly string[], cwd?: string): Promise<string[]> {
  const quoted = words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  const { stdout } = await run(
    "bash",
    [
      "-c",
      `source '${file}' && COMP_WORDS=(${quoted}) && COMP_CWORD=${words.length - 1} && _trellis && printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd, timeout: 30_000 },
  );
  return stdout.split("\n").filter(Boolean).sort();
}

describe("trellis completion bash", () => {
  it("registers _trellis for trellis and completes commands, options, their values and files", async () => {
    const folder = await testFolder("completion");
    const file = join(folder, "trellis.bash");
    await writeFile(file, await script("bash"));
    const { stdout } = await run("bash", ["-c", `source '${file}' && complete -p trellis`], { timeout: 30_000 });
    expect(stdout.trim()).toBe("complete -F _trellis trellis");

    expect(await bashCandidates(file, ["trellis", "ch"])).toEqual(["check"]);
    expect(await bashCandidates(file, ["trellis", "c"])).toEqual(["check", "completion", "components"]);
    expect(await bashCandidates(file, ["trellis", ""])).toEqual([...COMMAND_NAMES, "--help", "-h", "--version"].sort());
    expect(await bashCandidates(file, ["trellis", "check", "--pr"])).toEqual(["--profile"]);
    expect(await bashCandidates(file, ["trellis", "check", "--"])).toEqual(
      [...Object.keys(COMMANDS.check.options), ...Object.keys(GLOBAL_OPTIONS)].map((name) => `--${name}`).sort(),
    );
    expect(await bashCandidates(file, ["trellis", "check", "--profile", "s"])).toEqual(["staging"]);
    expect(await bashCandidates(file, ["trellis", "diff", "--format", "=", "j"])).toEqual(["json"]);
    expect(await bashCandidates(file, ["trellis", "completion", ""])).toEqual(["bash", "fish", "zsh"]);
    expect(await bashCandidates(file, ["trellis", "help", "re"])).toEqual(["rehearse", "report"]);
    expect(await bashCandidates(file, ["trellis", "synth", "--no"])).toEqual(["--no-color"]);

    // Operands and file options: files and folders where the shell is.
    await mkdir(join(folder, "manifests"));
    await writeFile(join(folder, "manifests.yaml"), "");
    expect(await bashCandidates(file, ["trellis", "check", "man"], folder)).toEqual(["manifests", "manifests.yaml"]);
    expect(await bashCandidates(file, ["trellis", "synth", "--out", "man"], folder)).toEqual(["manifests"]);
  });

  it("offers nothing that is not in the table: no unknown command, no other command's option, no value for free text", async () => {
    const folder = await testFolder("completion");
    const file = join(folder, "trellis.bash");
    await writeFile(file, await script("bash"));
    expect(await bashCandidates(file, ["trellis", "x"])).toEqual([]);
    expect(await bashCandidates(file, ["trellis", "render", "--"])).toEqual([]);
    // --exit-code is diff's, not check's; --env takes a name, which the script does not guess.
    expect(await bashCandidates(file, ["trellis", "check", "--exit"])).toEqual([]);
    expect(await bashCandidates(file, ["trellis", "synth", "--env", ""], folder)).toEqual([]);
    expect(await bashCandidates(file, ["trellis", "graph", "--format", "svg"])).toEqual([]);
  });
});

describe("trellis completion zsh and fish", () => {
  it("fish completes commands, options and values with the fish script", async () => {
    const folder = await testFolder("completion");
    const file = join(folder, "trellis.fish");
    await writeFile(file, await script("fish"));
    const complete = async (line: string) =>
      (await run("fish", ["-c", `source '${file}'; complete -C '${line}'`], { timeout: 30_000 })).stdout
        .split("\n")
        .filter(Boolean)
        .map((candidate) => candidate.split("\t")[0]);
    expect(await complete("trellis ch")).toEqual(["check"]);
    expect(await complete("trellis check --pro")).toEqual(["--profile"]);
    expect((await complete("trellis check --profile ")).sort()).toEqual(["dev", "prod", "staging"]);
    expect((await complete("trellis completion ")).sort()).toEqual(["bash", "fish", "zsh"]);
    expect(await complete("trellis check --exit")).toEqual([]);
  });

  it("zsh parses the zsh script and loads it with compinit", async () => {
    const folder = await testFolder("completion");
    await writeFile(join(folder, "_trellis"), await script("zsh"));
    await run("zsh", ["-n", join(folder, "_trellis")], { timeout: 30_000 });
    const { stdout } = await run(
      "zsh",
      ["-f", "-c", `fpath=('${folder}' $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[trellis]`],
      { timeout: 30_000 },
    );
    expect(stdout.trim()).toBe("_trellis");
  });
});
