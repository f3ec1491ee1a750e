// The bench's generated platform is a valid one: it synthesizes, passes every policy with its environments'
// profiles and kubeconform, and a change to one app rewrites only the files whose bytes change.
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../lib/config.ts";
import { withSchemaLocations } from "../../lib/tools/crd-schemas.ts";
import { runKubeconform } from "../../lib/tools/kubeconform.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";
import { appId, generatePlatform } from "./generated-platform.ts";

describe("the generated 60-app platform", () => {
  const platform = generatePlatform(60);
  afterAll(async () => rm((await platform).root, { recursive: true, force: true }));

  it("has the proportions it claims: three namespaces, every component used", async () => {
    const { namespaces, components } = await platform;
    expect(namespaces).toBe(3);
    // secretstore, a state store and an outbox per namespace, one pub/sub for the first four namespaces.
    expect(components).toBe(1 + 2 * 3 + 1);
  });

  it("synthesizes, then passes every policy with each environment's profile and kubeconform -strict", async () => {
    const { root } = await platform;
    const synth = await runCli(["synth", "--root", root]);
    expect(synth.code, synth.stderr).toBe(0);
    const check = await runCli(["check", "--root", root, "--format", "json"]);
    expect(check.code, check.stdout.slice(0, 2000)).toBe(0);
    const report = JSON.parse(check.stdout) as { summary: { errors: number; objects: number } };
    expect(report.summary.errors).toBe(0);
    expect(report.summary.objects).toBeGreaterThan(60 * 3 * 5);
    const config = await loadConfig(PROJECT_ROOT);
    const result = await withSchemaLocations(PROJECT_ROOT, config.validation, (schemaLocations) =>
      runKubeconform(inject("kubeconform"), [join(root, "deploy")], {
        kubernetesVersion: config.validation.kubernetesVersion,
        schemaLocations,
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.summary.valid).toBeGreaterThan(60 * 3 * 5);
  });

  it("rewrites only the files whose bytes change when one app changes, and says so", async () => {
    const { root } = await platform;
    await runCli(["synth", "--root", root]);
    const untouched = join(root, "deploy", "prod", "apps", `deployment-${appId(0)}.yaml`);
    const touched = join(root, "deploy", "prod", "apps", `deployment-${appId(59)}.yaml`);
    const before = { untouched: (await stat(untouched)).mtimeMs, touched: await readFile(touched, "utf8") };
    const file = join(root, "apps", `${appId(59)}.ts`);
    await writeFile(
      file,
      (await readFile(file, "utf8"))
        .replace('"replicas": {', '"description": "changed",\n  "replicas": {')
        .replace(/"description": "Generated[^"]*",\n/, ""),
    );
    const run = await runCli(["synth", "--root", root]);
    expect(run.code, run.stderr).toBe(0);
    // The app's Deployment in each of the three environments carries its description.
    expect(run.stdout).toMatch(/\(3 written, \d+ unchanged, 0 removed;/);
    expect((await stat(untouched)).mtimeMs).toBe(before.untouched);
    expect(await readFile(touched, "utf8")).not.toBe(before.touched);
  });
});
