// `trellis --help`, `trellis <command> --help` (and -h, and `trellis help <command>`): every command's usage, each
// option with its meaning and an example, all printed from the one usage table (lib/cli/usage.ts).
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../lib/cli/exit-codes.ts";
import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, optionSynopsis, type CommandUsage } from "../../lib/cli/usage.ts";
import { expectNoStackTrace, runCli } from "../support/project.ts";

/** Help text with its wrapping and column padding undone, to find a meaning that was broken over lines. */
const unwrapped = (text: string) => text.replace(/\s+/g, " ");

describe("trellis <command> --help", () => {
  for (const name of COMMAND_NAMES) {
    const usage: CommandUsage = COMMANDS[name];

    it(`${name}: --help, -h and help ${name} print its usage, every option with its meaning, and an example; exit 0`, async () => {
      const runs = await Promise.all([
        runCli([name, "--help"]),
        runCli([name, "-h"]),
        runCli(["help", name]),
        // A global option among others: still the help, before anything runs.
        runCli([name, "--quiet", "--help"]),
      ]);
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toBe("");
        expect(run.stdout).toBe(runs[0]?.stdout);
      }
      const help = unwrapped(runs[0]?.stdout ?? "");
      expect(help).toContain(`trellis ${name}: ${usage.summary}`);
      expect(help).toContain(`Usage: trellis ${name}`);
      for (const [option, entry] of [...Object.entries(usage.options), ...Object.entries(GLOBAL_OPTIONS)]) {
        expect(help).toContain(optionSynopsis(option, entry));
        expect(help).toContain(entry.meaning);
      }
      expect(usage.examples.length).toBeGreaterThan(0);
      for (const example of usage.examples) expect(help).toContain(`${example.command} ${example.meaning}`);
    });
  }

  it("every option of the table has a one-line meaning, and every command an example", () => {
    for (const name of COMMAND_NAMES) {
      const usage: CommandUsage = COMMANDS[name];
      for (const entry of Object.values(usage.options)) expect(entry.meaning).toMatch(/^[^\n]{10,}$/);
      expect(usage.examples.length, name).toBeGreaterThan(0);
    }
  });

  it("the overview names every command with its summary, the global options and the exit codes", async () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      const text = unwrapped(run.stdout);
      for (const name of COMMAND_NAMES) expect(text).toContain(`trellis ${name}`);
      for (const name of COMMAND_NAMES) expect(text).toContain(COMMANDS[name].summary);
      for (const option of Object.keys(GLOBAL_OPTIONS)) expect(text).toContain(`--${option}`);
      expect(text).toContain("--version");
      for (const entry of EXIT_CODES) expect(text).toContain(`${entry.code} ${entry.meaning}`);
    }
  });

  it("no command prints the overview on standard output and exits 2; an unknown one is named, with the nearest", async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("trellis synth");
    const unknown = await runCli(["chek"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('trellis: unknown command "chek"; did you mean check?; run trellis --help');
    const help = await runCli(["help", "chek"]);
    expect(help.code).toBe(2);
    expect(help.stderr.trim().split("\n")).toHaveLength(1);
    expect(help.stderr).toContain('unknown command "chek"; did you mean check?');
    expectNoStackTrace(help.stderr);
  });
});
