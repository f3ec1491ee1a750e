// The installed `trellis` command: help, exit codes for bad usage, and a real render through the binary.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT, readTree, runCli } from "../support/project.ts";

const exec = promisify(execFile);

async function trellis(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec("npx", ["--no-install", "trellis", ...args], { cwd: PROJECT_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("trellis CLI", () => {
  it("npx trellis --help prints the commands and exits 0", async () => {
    const run = await trellis(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("trellis synth");
    expect(run.stdout).toContain("trellis validate");
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await trellis(["render"])).code).toBe(2);
    const run = await runCli(["synth", "--colour"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--colour");
  });

  it("exits 1 through the real binary on a bad declaration and writes nothing", async () => {
    const project = await copyProject();
    const before = await readTree(project.deploy);
    await project.edit("apps/order-api.ts", "port: 8080", "port: -1");
    const run = await trellis(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("apps/order-api.ts: port: ");
    expect(await readTree(project.deploy)).toEqual(before);
  });
});
