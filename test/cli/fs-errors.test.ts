// File-system errors on what check, diff and report read or write are one line naming the path and what to do,
// exit 2, no stack trace; with --format json or sarif standard output still holds one document with the error.
// Each fault is made for real (a link loop, a folder for a file, a full device, a file where a folder should be).
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { gitProject } from "../support/git-project.ts";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";
import { runWithoutFileOverride } from "../support/without-file-override.ts";

async function folder(): Promise<string> {
  const made = await testFolder("fs");
  await writeFile(
    join(made, "store.yaml"),
    "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: vault}\nspec: {provider: {}}\n",
  );
  return made;
}

/** One line on standard error, no stack trace, exit 2. */
function oneLine(run: { code: number; stderr: string }, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe("file-system errors in trellis check", () => {
  it("ELOOP: a link loop among the manifests", async () => {
    const made = await folder();
    await symlink(join(made, "b.yaml"), join(made, "a.yaml"));
    await symlink(join(made, "a.yaml"), join(made, "b.yaml"));
    const run = await runCli(["check", made, "--format", "json"]);
    oneLine(run, /a\.yaml: too many levels of links \(a link loop\) \(ELOOP\); fix or remove the link/);
    expect(JSON.parse(run.stdout).error).toContain("ELOOP");
  });

  it("EISDIR: a folder given as the baseline file", async () => {
    const made = await folder();
    const run = await runCli(["check", join(made, "store.yaml"), "--baseline", made, "--format", "sarif"]);
    oneLine(run, /is a folder, not a file \(EISDIR\); give a file/);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false });
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain("EISDIR");
  });

  it("ENOSPC: a baseline written to a full device", async () => {
    const made = await folder();
    const run = await runCli(["check", join(made, "store.yaml"), "--write-baseline", "/dev/full", "--format", "json"]);
    oneLine(
      run,
      /\/dev\/full: no space left on the device \(ENOSPC\); free some space on the device, or write somewhere else/,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ error: expect.stringContaining("ENOSPC"), findings: [] });
  });

  it("EACCES: an unreadable file (root made to obey file modes)", async () => {
    const made = await folder();
    await writeFile(join(made, "secret.yaml"), "a: b\n", { mode: 0o000 });
    oneLine(
      await runWithoutFileOverride(["check", made]),
      /secret\.yaml: permission denied \(EACCES\); give the user running trellis read access, or leave it out/,
    );
  });
});

describe("file-system errors in trellis diff and report", () => {
  it("a temporary folder that cannot be made, and a report written to a full device", async () => {
    const project = await gitProject();
    onTestFinished(() => rm(project.root, { recursive: true, force: true }));
    const base = await project.commit("base");
    const saved = process.env.TMPDIR;
    // TMPDIR names a file: the review's scratch folder cannot be made under it (ENOTDIR).
    process.env.TMPDIR = join(project.root, "README.md");
    let diff;
    try {
      diff = await runCli(["diff", "--base", base, "--no-charts", "--root", project.root, "--format", "json"]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    oneLine(diff, /^trellis diff: .*README\.md.*\(ENOTDIR\)/);
    expect(JSON.parse(diff.stdout).error).toContain("ENOTDIR");

    const report = await runCli([
      "report",
      "--base",
      base,
      "--no-charts",
      "--root",
      project.root,
      "--out",
      "/dev/full",
    ]);
    oneLine(report, /^trellis report: \/dev\/full: no space left on the device \(ENOSPC\)/);
    await mkdir(join(project.root, "out.md"));
    oneLine(
      await runCli([
        "report",
        "--base",
        base,
        "--no-charts",
        "--root",
        project.root,
        "--out",
        join(project.root, "out.md"),
      ]),
      /out\.md: is a folder, not a file \(EISDIR\); give a file name, not a folder/,
    );
  });
});
