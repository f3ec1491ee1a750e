// kubeconform -strict accepts every rendered object, with a schema for each (none skipped).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../lib/config.ts";
import { withSchemaLocations } from "../../lib/tools/crd-schemas.ts";
import { runKubeconform, type KubeconformOptions } from "../../lib/tools/kubeconform.ts";
import { readManifests } from "../support/manifests.ts";
import { PROJECT_ROOT, renderedDeploy, runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const config = await loadConfig(PROJECT_ROOT);
const binary = inject("kubeconform");
const validate = (paths: string[]) =>
  withSchemaLocations(PROJECT_ROOT, config.validation, (schemaLocations) => {
    const options: KubeconformOptions = { kubernetesVersion: config.validation.kubernetesVersion, schemaLocations };
    return runKubeconform(binary, paths, options);
  });

describe("schema validation", () => {
  it("accepts all of deploy/ with zero invalid and zero missing schemas", async () => {
    const result = await validate([await renderedDeploy()]);
    expect(result.problems).toEqual([]);
    expect(result.summary).toEqual({ valid: (await readManifests()).length, invalid: 0, errors: 0, skipped: 0 });
  });

  it("rejects an object with an unknown field and reports a kind without a schema", async () => {
    const folder = await testFolder("kubeconform");
    await writeFile(
      join(folder, "component.yaml"),
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: x, namespace: y}\nspec: {type: state.redis, version: v1, metadata: [], colour: blue}\n",
    );
    await writeFile(join(folder, "widget.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    const result = await validate([folder]);
    expect(result.summary.invalid).toBe(1);
    expect(result.summary.errors).toBe(1);
    expect(result.problems.map((p) => p.kind).sort()).toEqual(["Component", "Widget"]);
  });

  it("trellis validate exits 0 on deploy/ and 1 on a broken manifest", async () => {
    expect((await runCli(["validate", "--root", PROJECT_ROOT])).code).toBe(0);
    const folder = await testFolder("kubeconform");
    await writeFile(
      join(folder, "service.yaml"),
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: notanumber}]}\n",
    );
    const run = await runCli(["validate", "--root", PROJECT_ROOT, folder]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("service.yaml");
  });
});
