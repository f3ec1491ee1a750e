// The `trellis check` contract: exit codes, the JSON shape, valid SARIF, and a clean reference platform.
import { blueprint } from "../../blueprint.ts";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { synth } from "../../lib/synth.ts";
import { copyProject, PROJECT_ROOT, runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const BREAKS = join(PROJECT_ROOT, "policies", "dapr", "component-unscoped.breaks.yaml");
const require = createRequire(import.meta.url);

describe("trellis check", () => {
  it("finds no error in any reference environment, each checked with its own profile", async () => {
    const project = await copyProject();
    await synth(blueprint, project.root, project.deploy);
    const run = await runCli(["check", "--root", project.root, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary.errors).toBe(0);
    // Trellis's objects of dev, staging and prod, each with the shared ApplicationSet (docs/inventory.md).
    expect(report.summary.objects).toBe(76 + 83 + 87);
  });

  it("exits 1 on an error finding and prints exactly one JSON object of the documented shape", async () => {
    const run = await runCli(["check", BREAKS, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(["findings", "skipped", "summary"]);
    expect(Object.keys(report.summary).sort()).toEqual([
      "baselined",
      "errors",
      "files",
      "objects",
      "skipped",
      "suppressed",
      "warnings",
    ]);
    expect(report.summary).toMatchObject({
      files: 1,
      objects: 1,
      errors: report.findings.filter((f: { severity: string }) => f.severity === "error").length,
    });
    const finding = report.findings.find((f: { rule: string }) => f.rule === "dapr/component-unscoped");
    expect(Object.keys(finding).sort()).toEqual([
      "file",
      "fingerprint",
      "fix",
      "kind",
      "line",
      "message",
      "name",
      "namespace",
      "path",
      "rule",
      "severity",
      "suppression",
    ]);
    expect(finding).toMatchObject({
      rule: "dapr/component-unscoped",
      severity: "error",
      kind: "Component",
      namespace: "apps",
      name: "statestore",
      path: "scopes",
    });
  });

  it("reports cluster-scoped objects with an empty namespace", async () => {
    const folder = await testFolder("check");
    await writeFile(
      join(folder, "project.yaml"),
      "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p, namespace: argocd}\nspec: {sourceRepos: ['*']}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n",
    );
    await writeFile(
      join(folder, "secret.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata: {key: '-----BEGIN RSA PRIVATE KEY-----'}\n",
    );
    const report = JSON.parse((await runCli(["check", folder, "--format", "json", "--profile", "dev"])).stdout);
    expect(report.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`).sort()).toEqual([
      "argocd/project-wildcard:warning",
      "secrets/plaintext:error",
    ]);
  });

  it("writes valid SARIF 2.1.0", async () => {
    const run = await runCli(["check", BREAKS, "--format", "sarif"]);
    const schema = JSON.parse(
      await readFile(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
    );
    const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const sarif = JSON.parse(run.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "dapr/component-unscoped");
    expect(result).toMatchObject({ level: "error" });
    expect(result.locations[0].physicalLocation.region.startLine).toBe(1);
  });

  it("writes a markdown table for pull-request comments", async () => {
    const run = await runCli(["check", BREAKS, "--format", "markdown"]);
    expect(run.stdout).toContain("| severity | rule | object | where | finding | fix |");
    expect(run.stdout).toContain("`dapr/component-unscoped`");
  });

  it("exits 2 with the file and line of a YAML syntax error, and on bad usage or a missing path", async () => {
    const folder = await testFolder("check");
    await writeFile(
      join(folder, "broken.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   namespace: y\n",
    );
    const syntax = await runCli(["check", folder]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/broken\.yaml:\d+: YAML syntax error/);
    expect(syntax.stderr).not.toContain("    at ");
    expect((await runCli(["check", BREAKS, "--format", "xml"])).code).toBe(2);
    expect((await runCli(["check", BREAKS, "--profile", "qa"])).code).toBe(2);
    expect((await runCli(["check", join(folder, "missing")])).code).toBe(2);
  });

  it("makes a rule's severity depend on the profile only", async () => {
    const deadLetter = join(PROJECT_ROOT, "policies", "dapr", "dead-letter-missing.breaks.yaml");
    const severity = async (profile: string) =>
      JSON.parse((await runCli(["check", deadLetter, "--format", "json", "--profile", profile])).stdout).findings.find(
        (f: { rule: string }) => f.rule === "dapr/dead-letter-missing",
      )?.severity;
    expect([await severity("dev"), await severity("staging"), await severity("prod")]).toEqual([
      "warning",
      "error",
      "error",
    ]);
  });
});

describe("docs/policies.md", () => {
  it("is the catalogue the rules write (run npm run docs:policies after changing a rule)", async () => {
    const { policyCatalogue } = await import("../../policies/catalogue.ts");
    expect(await readFile(join(PROJECT_ROOT, "docs", "policies.md"), "utf8")).toBe(policyCatalogue(blueprint.rules));
  });
});
