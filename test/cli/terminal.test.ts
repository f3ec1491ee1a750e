// Colour only on a terminal, never with NO_COLOR (any non-empty value) or --no-color; --quiet leaves out progress.
import { describe, expect, it } from "vitest";
import { colorWanted, commandIo } from "../../lib/cli/terminal.ts";
import { folderWith } from "../support/temp-folder.ts";
import { runWith } from "./run-with.ts";

const RED = "\u001b[31merror\u001b[0m";
const UNSCOPED = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore, namespace: apps}
spec: {type: state.redis, version: v1, metadata: [{name: redisHost, value: "redis:6379"}]}
`;

describe("colour", () => {
  it("check's text output colours the severity word on a terminal", async () => {
    const folder = await folderWith({ "component.yaml": UNSCOPED });
    const run = await runWith(["check", folder], { outIsTerminal: true, env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`: ${RED} dapr/component-unscoped: `);
    // Only the word: the rest of the line, and the summary, are plain.
    expect(run.stdout.replace(/\u001b\[(31|33|0)m/g, "")).not.toContain("\u001b");
    expect(run.stdout.trimEnd().split("\n").at(-1)).not.toContain("\u001b");
    expect(run.stdout).not.toMatch(/: error /);
  });

  it("is left out off a terminal, with NO_COLOR set to anything, and with --no-color", async () => {
    const folder = await folderWith({ "component.yaml": UNSCOPED });
    const runs = [
      await runWith(["check", folder], { outIsTerminal: false, env: {} }),
      await runWith(["check", folder], { env: {} }),
      await runWith(["check", folder], { outIsTerminal: true, env: { NO_COLOR: "1" } }),
      await runWith(["check", folder], { outIsTerminal: true, env: { NO_COLOR: "false" } }),
      await runWith(["check", folder, "--no-color"], { outIsTerminal: true, env: {} }),
      await runWith(["check", "--no-color", folder, "--format", "text"], { outIsTerminal: true, env: {} }),
    ];
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain("\u001b");
      expect(run.stdout).toContain(": error dapr/component-unscoped: ");
    }
    // An empty NO_COLOR is not set.
    const empty = await runWith(["check", folder], { outIsTerminal: true, env: { NO_COLOR: "" } });
    expect(empty.stdout).toContain(RED);
  });

  it("the rule in one function: terminal, NO_COLOR, --no-color", () => {
    expect(colorWanted({ terminal: true, env: {}, noColor: false })).toBe(true);
    expect(colorWanted({ terminal: undefined, env: {}, noColor: false })).toBe(false);
    expect(colorWanted({ terminal: true, env: { NO_COLOR: "0" }, noColor: false })).toBe(false);
    expect(colorWanted({ terminal: true, env: {}, noColor: true })).toBe(false);
  });
});

describe("--quiet", () => {
  it("passes progress lines on without it and drops them with it; errors are still printed", () => {
    const lines: string[] = [];
    const io = { out: () => {}, err: (line: string) => lines.push(line) };
    commandIo(io, { quiet: false, noColor: false }).progress("building helm");
    const quiet = commandIo(io, { quiet: true, noColor: false });
    quiet.progress("building kubeconform");
    quiet.err("trellis check: something is wrong");
    expect(lines).toEqual(["building helm", "trellis check: something is wrong"]);
  });

  it("keeps the command's result and its errors", async () => {
    const folder = await folderWith({ "component.yaml": UNSCOPED });
    const run = await runWith(["check", folder, "--quiet"], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("check: 2 error(s)");
    const bad = await runWith(["check", "-q", folder, "--profile", "qa"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--profile must be one of");
  });
});
