// dapr/component-metadata beyond its fixtures: how a manifest's metadata items are read before the contract check.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load-manifests.ts";
import { runChecks } from "../../lib/policies/run.ts";
import { componentMetadata } from "../../policies/dapr/component-metadata.ts";
import { folderWith } from "../support/temp-folder.ts";

async function findings(spec: string, apiVersion = "dapr.io/v1alpha1"): Promise<string[]> {
  const folder = await folderWith({
    "component.yaml": `apiVersion: ${apiVersion}\nkind: Component\nmetadata: {name: store, namespace: apps}\nspec: ${spec}\nscopes: [orders]\n`,
  });
  const { findings: found } = runChecks(
    [componentMetadata],
    await loadManifests([join(folder, "component.yaml")]),
    "prod",
  );
  return found.map((finding) => `${finding.severity} ${finding.path}: ${finding.message}`);
}

describe("dapr/component-metadata", () => {
  it("takes envRef like a secret reference: a sensitive field read from the sidecar's environment is no literal", async () => {
    expect(
      await findings(
        '{type: state.redis, version: v1, metadata: [{name: redisHost, value: "redis:6379"}, {name: redisPassword, envRef: REDIS_PASSWORD}]}',
      ),
    ).toEqual([]);
  });

  it("reads a JSON value as its text, as daprd does, and a value of the wrong type as wrong", async () => {
    expect(
      await findings(
        '{type: state.redis, version: v1, metadata: [{name: redisHost, value: "redis:6379"}, {name: redisDB, value: 2}, {name: enableTLS, value: true}]}',
      ),
    ).toEqual([]);
    expect(
      await findings(
        '{type: state.redis, version: v1, metadata: [{name: redisHost, value: "redis:6379"}, {name: redisDB, value: {a: 1}}]}',
      ),
    ).toEqual(['error spec.metadata[1].value: Component store: "redisDB" is not a number (the contract says number)']);
  });

  it("matches names case-insensitively, as daprd decodes them, and names the item of a duplicate", async () => {
    expect(
      await findings('{type: state.redis, version: v1, metadata: [{name: REDISHOST, value: "redis:6379"}]}'),
    ).toEqual([]);
    expect(
      await findings(
        '{type: state.redis, version: v1, metadata: [{name: redisHost, value: "a:6379"}, {name: RedisHost, value: "b:6379"}]}',
      ),
    ).toEqual([
      'error spec.metadata[1].name: Component store: "RedisHost" and "redisHost" differ only in case; daprd reads metadata names case-insensitively and rejects the duplicate',
    ]);
  });

  it("points a missing required field at spec.metadata, or at spec when there is no list", async () => {
    expect(await findings("{type: bindings.cron, version: v1, metadata: []}")).toEqual([
      'error spec.metadata: Component store: bindings.cron v1 requires "schedule"',
    ]);
    expect(await findings("{type: bindings.cron, version: v1}")).toEqual([
      'error spec: Component store: bindings.cron v1 requires "schedule"',
    ]);
  });

  it("leaves other apiVersions alone", async () => {
    expect(await findings("{type: state.nosuch, version: v1}", "dapr.io/v2alpha1")).toEqual([]);
  });
});
