// File and folder names with spaces and non-ASCII letters: check reads and names them, and diff, report and graph
// work in a repository at such a path whose base revision holds such names (git quotes them unless asked not to).
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { gitProject } from "../support/git-project.ts";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

describe("names with spaces and non-ASCII letters", () => {
  it("are read and named as they are by check", async () => {
    const folder = await testFolder("names ä ü");
    await mkdir(join(folder, "Bestände ü"));
    await writeFile(
      join(folder, "Bestände ü", "ファイル 1.yaml"),
      "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: vault}\nspec: {provider: {vault: {server: https://vault.example.com}}}\n",
    );
    await writeFile(join(folder, "Bestände ü", "notizen für später.txt"), "not a manifest\n");
    const run = await runCli(["check", folder, "--root", folder, "--format", "json"]);
    const report = JSON.parse(run.stdout) as {
      findings: { file: string; rule: string }[];
      skipped: { file: string }[];
    };
    expect(report.findings.map((finding) => `${finding.rule} ${finding.file}`)).toEqual([
      "secrets/cluster-store-unrestricted Bestände ü/ファイル 1.yaml",
    ]);
    expect(report.skipped.map((entry) => entry.file)).toEqual(["Bestände ü/notizen für später.txt"]);
  });

  it("work in diff, report and graph, with a base revision whose file names are not ASCII", async () => {
    const project = await gitProject();
    await project.write("Notizen für später.md", "# notes\n");
    await project.write("runbooks ü/on call «day» [1].md", "# runbook\n");
    const base = await project.commit("base, with non-ASCII file names");
    await project.edit("resiliency/payment.ts", 'timeout: "3s"', 'timeout: "5s"');
    const head = await project.commit("a resiliency timeout");
    // The repository itself lives at a path with a space and non-ASCII letters.
    const root = `${project.root} ü é`;
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    await rename(project.root, root);

    const diff = await runCli(["diff", "--base", base, "--head", head, "--no-charts", "--root", root]);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/timeouts.payment: 3s → 5s/);
    const report = await runCli(["report", "--base", base, "--head", head, "--no-charts", "--root", root]);
    expect(report.code).toBe(0);
    expect(report.stdout).not.toContain("does not render");
    const graph = await runCli(["graph", "--env", "dev", "--root", root]);
    expect(graph.code).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart LR/);
  });
});
