// The exit codes are data (lib/cli/exit-codes.ts): `trellis --help` prints that table, README.md holds the same one,
// and the commands return those values.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, EXIT_CODES, exitCodeMarkdown } from "../../lib/cli/exit-codes.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";

/** The Markdown table that starts with the "| exit code |" header, to its last row. */
function exitCodeTableIn(markdown: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.startsWith("| exit code |"));
  if (start < 0) return "";
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("exit codes", () => {
  it("README.md's table is the table the CLI prints", async () => {
    const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
    expect(exitCodeTableIn(readme)).toBe(exitCodeMarkdown());
  });

  it("a README whose table says otherwise, or has none, does not pass", async () => {
    const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
    const meaning = EXIT_CODES[2]?.meaning ?? "";
    expect(exitCodeTableIn(readme.replace(meaning, `${meaning}, or a full moon`))).not.toBe(exitCodeMarkdown());
    expect(exitCodeTableIn(readme.replace("| exit code |", "| code |"))).not.toBe(exitCodeMarkdown());
  });

  it("has one meaning per code, and each code is one the CLI returns", async () => {
    expect(EXIT_CODES.map((entry) => entry.code)).toEqual([EXIT.success, EXIT.failure, EXIT.usage]);
    const breaks = join(PROJECT_ROOT, "policies", "dapr", "component-unscoped.breaks.yaml");
    expect((await runCli(["--help"])).code).toBe(EXIT.success);
    expect((await runCli(["check", breaks])).code).toBe(EXIT.failure);
    expect((await runCli(["check", "--bogus"])).code).toBe(EXIT.usage);
  });
});
