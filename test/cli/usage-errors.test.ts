// Bad usage is one line and exit 2 for every command: an unknown option, an option without its value, a missing
// required option or operand, a value that is not one of the choices. The line names the option and the command's
// help, and no stack frame is printed.
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, COMMANDS, type CommandName, type CommandUsage } from "../../lib/cli/usage.ts";
import { expectNoStackTrace, PROJECT_ROOT, runCli, type CliRun } from "../support/project.ts";

function expectUsageError(run: CliRun, command: CommandName, named: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toContain(named);
  expect(lines[0]).toMatch(new RegExp(`^trellis ${command}: .*; run trellis ${command} --help$`));
  expectNoStackTrace(run.stderr);
  expect(run.stderr).not.toContain("    at ");
}

/** The first option of a command that takes a value, if it has one. */
function valueOption(command: CommandName): string | undefined {
  const usage: CommandUsage = COMMANDS[command];
  return Object.entries(usage.options).find(([, option]) => option.type === "string")?.[0];
}

describe("bad usage: exit 2, one line naming the option and the command's help", () => {
  for (const command of COMMAND_NAMES) {
    it(`${command}: an unknown option`, async () => {
      expectUsageError(await runCli([command, "--colour"]), command, "--colour");
    });

    const option = valueOption(command);
    if (option)
      it(`${command}: --${option} without its value, at the end and before another option`, async () => {
        expectUsageError(await runCli([command, `--${option}`]), command, `--${option}`);
        expectUsageError(await runCli([command, `--${option}`, "--quiet"]), command, `--${option}`);
      });
  }

  it("a misspelt option is answered with the one meant", async () => {
    const run = await runCli(["check", "--profle", "dev"]);
    expectUsageError(run, "check", "--profle");
    expect(run.stderr).toContain("did you mean --profile?");
  });

  it("a boolean option given a value, and a short option no command has", async () => {
    expectUsageError(await runCli(["diff", "--exit-code=yes", "--base", "HEAD"]), "diff", "--exit-code takes no value");
    expectUsageError(await runCli(["synth", "-x"]), "synth", "-x");
  });

  it("a required option left out: graph's --env, diff's and report's --base", async () => {
    expectUsageError(await runCli(["graph"]), "graph", "--env NAME is required");
    expectUsageError(await runCli(["diff"]), "diff", "--base REF is required");
    expectUsageError(await runCli(["report", "--no-charts"]), "report", "--base REF is required");
  });

  it("a value outside the choices, and an operand a command does not take", async () => {
    expectUsageError(await runCli(["graph", "--env", "dev", "--format", "svg"]), "graph", "--format must be one of");
    expectUsageError(await runCli(["synth", "deploy"]), "synth", 'unexpected argument "deploy"');
    expectUsageError(await runCli(["completion"]), "completion", "SHELL is missing");
    expectUsageError(await runCli(["completion", "powershell"]), "completion", "SHELL must be one of bash, zsh, fish");
  });

  it("check's usage errors still give one JSON document when JSON was asked for", async () => {
    const run = await runCli(["check", "--profile", "qa", "--format", "json", "--root", PROJECT_ROOT]);
    expectUsageError(run, "check", "--profile must be one of dev, staging, prod");
    expect(JSON.parse(run.stdout).error).toMatch(/--profile must be one of dev, staging, prod/);
  });

  it("the same options given well are not bad usage", async () => {
    const graph = await runCli(["graph", "--env=dev", "--format", "json", "--root", PROJECT_ROOT, "--quiet"]);
    expect(graph.code, graph.stderr).toBe(0);
    expect(JSON.parse(graph.stdout).environment).toBe("dev");
    const completion = await runCli(["completion", "fish", "--no-color"]);
    expect(completion.code).toBe(0);
  });
});
