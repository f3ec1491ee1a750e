// The installed `trellis` command: help, exit codes for bad usage, and a real render through the binary.
import { describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT, readTree, runCli, runBinary as trellis } from "../support/project.ts";

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

  it("rehearse: exits 2 naming the declared environments when --env names none of them, before starting anything", async () => {
    const run = await runCli(["rehearse", "--env", "qa", "--root", PROJECT_ROOT]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no environment qa; declared: dev, prod, staging");
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
